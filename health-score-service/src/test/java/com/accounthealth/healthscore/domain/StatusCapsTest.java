package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import com.accounthealth.healthscore.domain.Health.HealthStatus;
import org.junit.jupiter.api.Test;

import static com.accounthealth.healthscore.domain.AccountFacts.ContactRole.CHAMPION;
import static com.accounthealth.healthscore.domain.AccountFacts.ContactRole.DECISION_MAKER;
import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.BUSINESS_REVIEW;
import static com.accounthealth.healthscore.domain.AccountFacts.InteractionType.MEETING;
import static com.accounthealth.healthscore.domain.TestFacts.MODEL;
import static com.accounthealth.healthscore.domain.TestFacts.NOW;
import static com.accounthealth.healthscore.domain.TestFacts.account;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two shapes model v1 lets through, and the parameters that catch them (off in v1): a collapsed component caps the
 * status at WATCH ({@code status.capBelow}); a strategic account silent too long is AT_RISK
 * ({@code critical.strategicSilenceDays}). And how much each score knows ({@code known}).
 */
class StatusCapsTest {

    private static HealthModel with(int capBelow, int strategicSilenceDays) {
        return new HealthModel("v2", MODEL.weights(), MODEL.satisfaction(), MODEL.engagement(), MODEL.relationships(),
                MODEL.competition(), MODEL.commercial(), MODEL.support(),
                new HealthModel.Status(70, 50, 60, capBelow), new HealthModel.Critical(90, 30, strategicSilenceDays),
                MODEL.growthSignals(), MODEL.newAccount(), MODEL.capabilityCatalogue());
    }

    /**
     * A mid-market account whose relationships collapsed: its champion left 20 days ago and nobody at Finance or IT was
     * met in 90 days; its last meeting (100 days ago) and everything else look fine.
     */
    private static AccountFacts collapsed() {
        return account(Tier.MID_MARKET).team("Finance").team("IT").contact("Ada", CHAMPION, "Finance")
                .contact("Bo", DECISION_MAKER, "IT").interaction(MEETING, 100, "Ada", "Bo")
                .feedback("Overall satisfaction", "A", 30).departed("Ada", 20).build();
    }

    @Test
    void aCollapsedComponentKeepsAnAccountFromHealthy() {
        Health v1 = HealthScorer.score(collapsed(), NOW, MODEL, null);
        // v1: relationships 0 (0 of 2 teams, -30, -40) hides behind the rest: satisfaction 100 (25), engagement
        // 100 - (100 - 60) x 100 / 120 = 67 (20), competition, commercial, support 100 (15, 15, 10):
        // (2500 + 1340 + 0 + 1500 + 1500 + 1000) / 100 = 78.4, 78: HEALTHY.
        assertThat(v1.score()).isEqualTo(78);
        assertThat(v1.status()).isEqualTo(HealthStatus.HEALTHY);

        Health capped = HealthScorer.score(collapsed(), NOW, with(25, 0), null);
        assertThat(capped.score()).as("the score is the same").isEqualTo(78);
        assertThat(capped.status()).isEqualTo(HealthStatus.WATCH);
    }

    @Test
    void aStrategicAccountSilentFourMonthsIsAtRisk() {
        AccountFacts silent = account(Tier.STRATEGIC).team("Finance").contact("Ada", DECISION_MAKER, "Finance")
                .interaction(BUSINESS_REVIEW, 120, "Ada").feedback("Overall satisfaction", "A", 150).build();

        assertThat(HealthScorer.score(silent, NOW, MODEL, null).status()).isNotEqualTo(HealthStatus.AT_RISK);
        Health v2 = HealthScorer.score(silent, NOW, with(0, 90), null);
        assertThat(v2.status()).isEqualTo(HealthStatus.AT_RISK);
        assertThat(v2.criticalSignals()).extracting(Health.CriticalSignal::rule).containsExactly("StrategicSilence");
        assertThat(v2.criticalSignals().getFirst().sentence()).contains("120 days");
        // 90 days exactly is not over 90.
        AccountFacts ninety = account(Tier.STRATEGIC).interaction(MEETING, 90).build();
        assertThat(HealthScorer.score(ninety, NOW, with(0, 90), null).criticalSignals()).isEmpty();
    }

    @Test
    void theHealthSaysHowMuchOfTheModelItRestsOn() {
        // Only competition (15), commercial (15) and support (10) have data: 40 of 100.
        assertThat(HealthScorer.score(account(Tier.SMB).build(), NOW, MODEL, null).known()).isEqualTo(0.4);
        assertThat(HealthScorer.score(collapsed(), NOW, MODEL, null).known()).isEqualTo(1.0);
    }
}
