package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.ContactRole;
import com.accounthealth.healthscore.domain.AccountFacts.Interaction;
import com.accounthealth.healthscore.domain.AccountFacts.InteractionType;
import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.accounthealth.healthscore.domain.TestFacts.NOW;
import static com.accounthealth.healthscore.domain.TestFacts.account;
import static org.assertj.core.api.Assertions.assertThat;

/** The shared readings every rule relies on: whole days, and which teams a meeting reached. */
class FactsTest {

    @Test
    void daysAreWholeDaysElapsedAndTheFutureIsToday() {
        Instant now = Instant.parse("2026-05-31T12:00:00.500Z");
        assertThat(Facts.daysSince(Instant.parse("2026-05-01T12:00:00.500Z"), now)).isEqualTo(30);
        // A tenth of a second short of 30 days is still 29: the fraction of a second counts.
        assertThat(Facts.daysSince(Instant.parse("2026-05-01T12:00:00.600Z"), now)).isEqualTo(29);
        assertThat(Facts.daysSince(Instant.parse("2026-05-01T12:00:00.499Z"), now)).isEqualTo(30);
        assertThat(Facts.daysSince(Instant.parse("2026-04-30T12:00:01Z"), now)).isEqualTo(30);
        assertThat(Facts.daysSince(Instant.parse("2026-06-03T00:00:00Z"), now)).isZero();
        assertThat(Facts.withinLastDays(Instant.parse("2026-04-30T12:00:01Z"), now, 30)).isTrue();
        assertThat(Facts.withinLastDays(Instant.parse("2026-04-30T12:00:00.500Z"), now, 30)).isFalse();
    }

    @Test
    void aMeetingReachesTheTeamItNamesAndTheTeamsOfItsContactsEachKeepingItsLatest() {
        AccountFacts facts = account(Tier.ENTERPRISE).team("Finance").team("IT").team("Legal")
                .contact("Ada", ContactRole.CHAMPION, "IT").contact("Bo", ContactRole.USER, "IT")
                .contact("Cy", ContactRole.USER, "Finance")
                .interaction(InteractionType.CALL, 20, "Ada", "Bo")       // IT, twice over: one team
                .interaction(InteractionType.MEETING, 5, "Cy", "Ada")     // Finance, then IT again, later
                .teamInteraction(InteractionType.EMAIL, 100, "Legal")     // outside 90 days
                .build();
        Map<UUID, Interaction> latest = Facts.latestInteractionPerTeamWithin(facts, NOW, 90);

        UUID finance = facts.clientTeams().get(0).id();
        UUID it = facts.clientTeams().get(1).id();
        Interaction meeting = facts.interactions().get(1);
        assertThat(List.copyOf(latest.keySet())).containsExactly(it, finance); // in the order first reached
        assertThat(latest.get(it)).isEqualTo(meeting);
        assertThat(latest.get(finance)).isEqualTo(meeting);
    }
}
