package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.UUID;

import static com.accounthealth.healthscore.domain.AccountFacts.ContactRole.CHAMPION;
import static com.accounthealth.healthscore.domain.AccountFacts.ContactRole.DECISION_MAKER;
import static com.accounthealth.healthscore.domain.AccountFacts.ContactRole.INFLUENCER;
import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.MEETING;
import static com.accounthealth.healthscore.domain.TestFacts.MODEL;
import static com.accounthealth.healthscore.domain.TestFacts.NOW;
import static com.accounthealth.healthscore.domain.TestFacts.account;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Critical signals, model v1: the latest feedback is below B and renewal is within 90 days; a champion left over 30
 * days ago and no champion or decision maker was met since.
 */
class CriticalSignalsTest {

    private static List<Health.CriticalSignal> signals(TestFacts.Builder facts) {
        return CriticalSignals.of(facts.build(), NOW, MODEL);
    }

    @Test
    void aPoorLatestGradeWithRenewalIn90DaysIsCriticalButNotIn91() {
        TestFacts.Builder in90 = account(Tier.SMB).renewalInDays(90).feedback("Value for money", "C", 2);
        UUID grade = in90.lastEvent();

        assertThat(signals(in90)).containsExactly(new Health.CriticalSignal("PoorGradeBeforeRenewal",
                "Latest feedback ('Value for money') was C (really an F) and renewal is in 90 days (within 90)",
                List.of(grade)));
        assertThat(signals(account(Tier.SMB).renewalInDays(91).feedback("Value for money", "C", 2))).isEmpty();
    }

    @ParameterizedTest(name = "latest grade {0}: {1} signal(s)")
    @CsvSource({"B, 0", "B-, 1", "A, 0", "F, 1"})
    void onlyAGradeBelowBIsCritical(String grade, int expected) {
        assertThat(signals(account(Tier.SMB).renewalInDays(30).feedback("Overall", grade, 2))).hasSize(expected);
    }

    @Test
    void theLatestFeedbackOfAnyQuestionDecides() {
        assertThat(signals(account(Tier.SMB).renewalInDays(30).feedback("Overall", "C", 20)
                .feedback("Support", "A", 2))).isEmpty();
        assertThat(signals(account(Tier.SMB).renewalInDays(30).feedback("Overall", "A", 20)
                .feedback("Support", "D", 2))).hasSize(1);
    }

    @Test
    void aPassedOrUnknownRenewalIsNotCritical() {
        assertThat(signals(account(Tier.SMB).renewalInDays(-1).feedback("Overall", "F", 2))).isEmpty();
        assertThat(signals(account(Tier.SMB).noRenewalDate().feedback("Overall", "F", 2))).isEmpty();
        assertThat(signals(account(Tier.SMB).renewalInDays(0).feedback("Overall", "F", 2))).hasSize(1);
    }

    @Test
    void aChampionGoneOver30DaysWithoutCoverIsCritical() {
        TestFacts.Builder at31 = account(Tier.SMB).team("Finance").contact("Bob", CHAMPION, "Finance")
                .departed("Bob", 31);
        UUID departure = at31.lastEvent();

        assertThat(signals(at31)).containsExactly(new Health.CriticalSignal("ChampionLeftUncovered",
                "A champion left 31 days ago and no champion or decision maker has been met since (over 30 days)",
                List.of(departure)));
        assertThat(signals(account(Tier.SMB).team("Finance").contact("Bob", CHAMPION, "Finance").departed("Bob", 30)))
                .isEmpty();
    }

    @Test
    void meetingAChampionOrDecisionMakerStillThereSinceTheDepartureClearsIt() {
        TestFacts.Builder base = account(Tier.SMB).team("Finance").contact("Bob", CHAMPION, "Finance")
                .contact("Ada", DECISION_MAKER, "Finance").contact("Cleo", CHAMPION, "Finance")
                .contact("Ian", INFLUENCER, "Finance").departed("Bob", 40);

        assertThat(signals(base)).hasSize(1);
        assertThat(signals(base.interaction(MEETING, 45, "Ada"))).as("met before the departure").hasSize(1);
        assertThat(signals(base.interaction(MEETING, 35, "Ian"))).as("an influencer").hasSize(1);
        assertThat(signals(base.interaction(MEETING, 35, "Cleo"))).as("another champion").isEmpty();
    }

    @Test
    void aDecisionMakerWhoHasSinceLeftDoesNotClearIt() {
        TestFacts.Builder facts = account(Tier.SMB).team("Finance").contact("Bob", CHAMPION, "Finance")
                .contact("Ada", DECISION_MAKER, "Finance").departed("Bob", 40).interaction(MEETING, 35, "Ada");

        assertThat(signals(facts)).isEmpty();
        assertThat(signals(facts.departed("Ada", 5))).extracting(Health.CriticalSignal::rule)
                .containsExactly("ChampionLeftUncovered");
    }

    @Test
    void bothKindsAtOnce() {
        assertThat(signals(account(Tier.SMB).renewalInDays(20).feedback("Overall", "F", 1).team("Finance")
                .contact("Bob", CHAMPION, "Finance").departed("Bob", 60)))
                .extracting(Health.CriticalSignal::rule)
                .containsExactly("PoorGradeBeforeRenewal", "ChampionLeftUncovered");
    }
}
