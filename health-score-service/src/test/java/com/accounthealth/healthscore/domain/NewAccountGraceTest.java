package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import com.accounthealth.healthscore.domain.Health.HealthStatus;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static com.accounthealth.healthscore.domain.AccountFacts.ContactRole.DECISION_MAKER;
import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.CALL;
import static com.accounthealth.healthscore.domain.TestFacts.MODEL;
import static com.accounthealth.healthscore.domain.TestFacts.NOW;
import static com.accounthealth.healthscore.domain.TestFacts.account;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new account's grace period, model v1: for 30 days after its opening, nobody met, no business review and an
 * uncovered renewal take no points; what is present counts as usual.
 */
class NewAccountGraceTest {

    /** Strategic, team Finance with decision maker Ada (never met), renewal in 60 days with no renewal deal. */
    private static TestFacts.Builder mappedButNotYetMet(long openedDaysAgo) {
        return account(Tier.STRATEGIC).openedDaysAgo(openedDaysAgo).renewalInDays(60).team("Finance")
                .contact("Ada", DECISION_MAKER, "Finance");
    }

    private static Health.ComponentScore component(Health health, String name) {
        return health.components().stream().filter(c -> c.component().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> rules(Health.ComponentScore c) {
        return c.reasons().stream().map(Health.Reason::rule).toList();
    }

    @Test
    void theGraceEndsThirtyDaysAfterTheOpening() {
        // NOW is 2025-06-15T12:00Z: opened 29 days ago, absence counts from 2025-06-16 (12:00 that day).
        assertThat(NewAccountGrace.endsOn(mappedButNotYetMet(29).build(), NOW, MODEL))
                .contains(LocalDate.parse("2025-06-16"));
        assertThat(NewAccountGrace.endsOn(mappedButNotYetMet(30).build(), NOW, MODEL)).isEmpty();
    }

    @Test
    void anAccountJustMappedIsNotFlaggedForWhatHasNotHappenedYet() {
        Health inGrace = HealthScorer.score(mappedButNotYetMet(3).build(), NOW, MODEL, null);

        Health.ComponentScore relationships = component(inGrace, Relationships.COMPONENT);
        assertThat(relationships.score()).isNull();
        assertThat(relationships.reasons().getFirst().sentence())
                .contains("opened 3 days ago").contains("absence counts from 2025-07-12");
        Health.ComponentScore commercial = component(inGrace, Commercial.COMPONENT);
        assertThat(commercial.score()).isEqualTo(100);
        assertThat(rules(commercial)).containsExactly("NewAccountGrace");
        // Competition 100 (15) and support 100 (10) and commercial 100 (15) are all that is scored: 100.
        assertThat(inGrace.score()).isEqualTo(100);
        assertThat(inGrace.status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void afterTheGraceTheSameAbsenceCounts() {
        Health after = HealthScorer.score(mappedButNotYetMet(30).build(), NOW, MODEL, null);

        // Relationships: 0 of 1 team met (0) - 30 for no decision maker met, floored at 0.
        assertThat(component(after, Relationships.COMPONENT).score()).isZero();
        // Commercial: 100 - 40, renewal in 60 days uncovered.
        assertThat(rules(component(after, Commercial.COMPONENT))).containsExactly("RenewalUncovered");
        assertThat(component(after, Commercial.COMPONENT).score()).isEqualTo(60);
        // (0 x 15 + 100 x 15 + 60 x 15 + 100 x 10) / 55 = 3,400 / 55 = 61.8: 62, WATCH.
        assertThat(after.score()).isEqualTo(62);
        assertThat(after.status()).isEqualTo(HealthStatus.WATCH);
    }

    @Test
    void noBusinessReviewYetIsNoNewsButSilenceAfterARecordedCallCounts() {
        // Opened 10 days ago, its history loaded: the last call was 100 days ago, no business review on record.
        Health.ComponentScore engagement = Engagement.score(account(Tier.STRATEGIC).openedDaysAgo(10)
                .team("Finance").contact("Ada", DECISION_MAKER, "Finance").interaction(CALL, 100, "Ada").build(),
                NOW, MODEL);

        assertThat(rules(engagement)).containsExactly("Silence", "NewAccountGrace");
        assertThat(engagement.reasons().get(1).points()).isZero();
        // 100 days silent against a 30-day cadence is 0 of 100 (zero from 90 days), grace or not.
        assertThat(engagement.score()).isZero();
    }

    @Test
    void aGraceOfZeroDaysTurnsItOff() {
        HealthModel noGrace = new HealthModel(MODEL.version(), MODEL.weights(), MODEL.satisfaction(),
                MODEL.engagement(), MODEL.relationships(), MODEL.competition(), MODEL.commercial(), MODEL.support(),
                MODEL.status(), MODEL.critical(), MODEL.growthSignals(), new HealthModel.NewAccount(0),
                MODEL.capabilityCatalogue());

        assertThat(NewAccountGrace.endsOn(mappedButNotYetMet(1).build(), NOW, noGrace)).isEmpty();
        assertThat(Relationships.score(mappedButNotYetMet(1).build(), NOW, noGrace).score()).isZero();
    }
}
