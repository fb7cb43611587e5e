package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import com.accounthealth.healthscore.domain.Health.ComponentScore;
import com.accounthealth.healthscore.domain.Health.HealthStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static com.accounthealth.healthscore.domain.AccountFacts.ContactRole.CHAMPION;
import static com.accounthealth.healthscore.domain.AccountFacts.ContactRole.DECISION_MAKER;
import static com.accounthealth.healthscore.domain.AccountFacts.DealType.UPSELL;
import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.BUSINESS_REVIEW;
import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.CALL;
import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.MEETING;
import static com.accounthealth.healthscore.domain.TestFacts.MODEL;
import static com.accounthealth.healthscore.domain.TestFacts.NOW;
import static com.accounthealth.healthscore.domain.TestFacts.account;
import static com.accounthealth.healthscore.domain.TestFacts.deal;
import static com.accounthealth.healthscore.domain.TestFacts.unknownProfile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The account score, model v1: weights 25/20/15/15/15/10 shared among the components with data, weighted mean
 * rounded half up; HEALTHY from 70, WATCH from 50, AT_RISK below, left only from 60; critical signals force AT_RISK.
 */
class HealthScorerTest {

    private static Health score(TestFacts.Builder facts, HealthStatus previous) {
        return HealthScorer.score(facts.build(), NOW, MODEL, previous);
    }

    private static ComponentScore component(Health health, String name) {
        return health.components().stream().filter(c -> c.component().equals(name)).findFirst().orElseThrow();
    }

    /** Every component at 100: a strategic account reviewed 5 days ago with its decision maker and graded A. */
    private static TestFacts.Builder perfect() {
        return account(Tier.STRATEGIC).team("Finance").contact("Ada", DECISION_MAKER, "Finance")
                .interaction(BUSINESS_REVIEW, 5, "Ada").feedback("Overall", "A", 5);
    }

    /** Only satisfaction has data (no profile, no teams): the score is the average of these grades. */
    private static TestFacts.Builder gradesOnly(String... grades) {
        TestFacts.Builder facts = unknownProfile();
        for (int i = 0; i < grades.length; i++) {
            facts.feedback("Question " + i, grades[i], 3);
        }
        return facts;
    }

    @Test
    void aChurnedAccountIsNoLongerScored() {
        Health health = score(perfect().churned().renewalInDays(10).feedback("Overall", "F", 1), HealthStatus.HEALTHY);

        assertThat(health.status()).isEqualTo(HealthStatus.CHURNED);
        assertThat(health.score()).isNull();
        assertThat(health.components()).isEmpty();
        assertThat(health.criticalSignals()).isEmpty();
    }

    @Test
    void allComponentsWithDataKeepTheirWeights() {
        Health health = score(perfect(), null);

        assertThat(health.score()).isEqualTo(100);
        assertThat(health.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(health.modelVersion()).isEqualTo("v1");
        assertThat(health.evaluatedAt()).isEqualTo(NOW);
        assertThat(health.components()).extracting(ComponentScore::component).containsExactly("satisfaction",
                "engagement", "relationships", "competition", "commercial", "support");
        assertThat(health.components()).extracting(ComponentScore::weight).containsExactly(25, 20, 15, 15, 15, 10);
        assertThat(health.components()).extracting(ComponentScore::effectiveWeight)
                .containsExactly(0.25, 0.20, 0.15, 0.15, 0.15, 0.10);
    }

    @Test
    void theWeightsOfComponentsWithoutDataGoToTheOthersInProportion() {
        // no profile: only satisfaction (C = 0, weight 25) and relationships (100, weight 15) have data
        Health health = score(unknownProfile().team("Finance").contact("Ada", DECISION_MAKER, "Finance")
                .interaction(MEETING, 5, "Ada").feedback("Overall", "C", 5), null);

        assertThat(component(health, "satisfaction").score()).isZero();
        assertThat(component(health, "relationships").score()).isEqualTo(100);
        assertThat(health.components()).extracting(ComponentScore::effectiveWeight)
                .containsExactly(0.625, 0.0, 0.375, 0.0, 0.0, 0.0);
        assertThat(component(health, "engagement").score()).isNull();
        // (25 x 0 + 15 x 100) / 40 = 37.5, rounded half up
        assertThat(health.score()).isEqualTo(38);
        assertThat(health.status()).isEqualTo(HealthStatus.AT_RISK);
    }

    @Test
    void effectiveWeightsAlwaysAddUpToOne() {
        Health health = score(account(Tier.SMB).feedback("Overall", "B", 5), null);

        // engagement and relationships have no data: 25 + 15 + 15 + 10 = 65 share the score
        assertThat(health.components().stream().mapToDouble(ComponentScore::effectiveWeight).sum())
                .isCloseTo(1.0, within(1e-9));
        assertThat(component(health, "satisfaction").effectiveWeight()).isCloseTo(25.0 / 65, within(1e-9));
        // (25 x 80 + 40 x 100) / 65 = 92.3
        assertThat(health.score()).isEqualTo(92);
    }

    @Test
    void withoutAnyDataTheScoreIsNullAndTheStatusCarriesOn() {
        assertThat(score(unknownProfile(), null)).extracting(Health::score, Health::status)
                .containsExactly(null, HealthStatus.WATCH);
        assertThat(score(unknownProfile(), HealthStatus.HEALTHY).status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(score(unknownProfile(), HealthStatus.AT_RISK).status()).isEqualTo(HealthStatus.AT_RISK);
        assertThat(score(unknownProfile().contact("Bob", CHAMPION, null).departed("Bob", 31), HealthStatus.HEALTHY))
                .extracting(Health::score, Health::status).containsExactly(null, HealthStatus.AT_RISK);
    }

    @ParameterizedTest(name = "score {0} after {1} is {2}")
    @CsvSource({
            "70, , HEALTHY", "69, , WATCH", "50, , WATCH", "49, , AT_RISK",
            "55, WATCH, WATCH", "49, HEALTHY, AT_RISK",
            "59, AT_RISK, AT_RISK", "60, AT_RISK, WATCH", "70, AT_RISK, HEALTHY"})
    void statusThresholdsAndHysteresis(int score, HealthStatus previous, HealthStatus expected) {
        assertThat(HealthScorer.status(score, List.of(), previous, MODEL.status())).isEqualTo(expected);
    }

    @Test
    void anAccountAtRiskStaysThereUntil60() {
        // (90 + 80 + 0) / 3 = 56.7 -> 57 and (100 + 80 + 0) / 3 = 60
        assertThat(score(gradesOnly("B+", "B", "C"), HealthStatus.AT_RISK))
                .extracting(Health::score, Health::status).containsExactly(57, HealthStatus.AT_RISK);
        assertThat(score(gradesOnly("A", "B", "C"), HealthStatus.AT_RISK))
                .extracting(Health::score, Health::status).containsExactly(60, HealthStatus.WATCH);
    }

    @Test
    void fiftyFiveIsWatchWithoutAPriorAtRisk() {
        // (90 + 80 + 80 + 80 + 0 + 0) / 6 = 55
        TestFacts.Builder facts = gradesOnly("B+", "B", "B", "B", "C", "F");

        assertThat(score(facts, null)).extracting(Health::score, Health::status)
                .containsExactly(55, HealthStatus.WATCH);
        assertThat(score(facts, HealthStatus.WATCH).status()).isEqualTo(HealthStatus.WATCH);
        assertThat(score(facts, HealthStatus.HEALTHY).status()).isEqualTo(HealthStatus.WATCH);
        assertThat(score(facts, HealthStatus.AT_RISK).status()).isEqualTo(HealthStatus.AT_RISK);
    }

    @Test
    void aCriticalSignalMakesAHealthyScoreAtRisk() {
        // SMB met 40 days ago (within its 90-day cadence); champion Bob left 31 days ago, nobody met since:
        // relationships 100 - 40 = 60, the rest 100: (2500 + 2000 + 900 + 1500 + 1500 + 1000) / 100 = 94
        Health health = score(account(Tier.SMB).team("Finance").contact("Ada", DECISION_MAKER, "Finance")
                .contact("Bob", CHAMPION, "Finance").interaction(MEETING, 40, "Ada").departed("Bob", 31)
                .feedback("Overall", "A", 5), HealthStatus.HEALTHY);

        assertThat(health.score()).isEqualTo(94);
        assertThat(health.criticalSignals()).extracting(Health.CriticalSignal::rule)
                .containsExactly("ChampionLeftUncovered");
        assertThat(health.status()).isEqualTo(HealthStatus.AT_RISK);
    }

    @Test
    void storyAStrategicAccountGoingQuietWithACGrade() {
        Health health = score(account(Tier.STRATEGIC).team("Finance").contact("Ada", DECISION_MAKER, "Finance")
                .interaction(MEETING, 100, "Ada").feedback("Overall satisfaction", "C", 20), null);

        // (25 x 0 + 20 x 0 + 15 x 0 + 15 x 100 + 15 x 100 + 10 x 100) / 100 = 40
        assertThat(health.components()).extracting(ComponentScore::score).containsExactly(0, 0, 0, 100, 100, 100);
        assertThat(health.score()).isEqualTo(40);
        assertThat(health.status()).isEqualTo(HealthStatus.AT_RISK);
        assertThat(component(health, "engagement").reasons()).extracting(Health.Reason::sentence)
                .anyMatch(s -> s.contains("100 days")).anyMatch(s -> s.contains("business review"));
    }

    @Test
    void storyACompetitorAtATeamWeNeverMet() {
        Health health = score(account(Tier.ENTERPRISE).team("Finance").team("IT")
                .contact("Grace", DECISION_MAKER, "Finance").interaction(MEETING, 10, "Grace")
                .feedback("Overall satisfaction", "A", 10).sighting("Initech", "IT", 5, "ai-assistant")
                .deal(deal(UPSELL, 50_000).openedDaysAgo(60).lostDaysAgo(3, "COMPETITOR", "Initech", "ai-assistant")),
                null);

        // (25 x 100 + 20 x 70 + 15 x 50 + 15 x 30 + 15 x 100 + 10 x 100) / 100 = 76
        assertThat(health.components()).extracting(ComponentScore::score).containsExactly(100, 70, 50, 30, 100, 100);
        assertThat(health.score()).isEqualTo(76);
        assertThat(health.status()).isEqualTo(HealthStatus.HEALTHY);
    }

    @Test
    void storyARenewalCliffWithAPoorGrade() {
        Health health = score(account(Tier.MID_MARKET).renewalInDays(30).team("Operations")
                .contact("Alan", DECISION_MAKER, "Operations").interaction(CALL, 5, "Alan")
                .feedback("Value for money", "B-", 2), null);

        // (25 x 0 + 20 x 100 + 15 x 100 + 15 x 100 + 15 x 60 + 10 x 100) / 100 = 69: WATCH by score alone
        assertThat(component(health, "commercial").score()).isEqualTo(60);
        assertThat(health.score()).isEqualTo(69);
        assertThat(health.criticalSignals()).extracting(Health.CriticalSignal::rule)
                .containsExactly("PoorGradeBeforeRenewal");
        assertThat(health.status()).isEqualTo(HealthStatus.AT_RISK);
    }
}
