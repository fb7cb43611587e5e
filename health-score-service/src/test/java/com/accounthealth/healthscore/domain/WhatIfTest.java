package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import com.accounthealth.healthscore.domain.Health.HealthStatus;
import org.junit.jupiter.api.Test;

import static com.accounthealth.healthscore.domain.TestFacts.MODEL;
import static com.accounthealth.healthscore.domain.TestFacts.NOW;
import static com.accounthealth.healthscore.domain.TestFacts.account;
import static org.assertj.core.api.Assertions.assertThat;

/** What a draft model would change for one account: status, score and the reasons that differ. */
class WhatIfTest {

    private static HealthModel weights(int satisfaction, int engagement, int relationships, int competition,
                                       int commercial, int support) {
        return new HealthModel("draft", new HealthModel.Weights(satisfaction, engagement, relationships, competition,
                commercial, support), MODEL.satisfaction(), MODEL.engagement(), MODEL.relationships(),
                MODEL.competition(), MODEL.commercial(), MODEL.support(), MODEL.status(), MODEL.critical(),
                MODEL.growthSignals(), MODEL.newAccount(), MODEL.capabilityCatalogue());
    }

    @Test
    void aDraftThatOnlyWeighsSatisfactionTurnsAPoorlyGradedAccountAtRiskAndSaysWhy() {
        AccountFacts facts = account(Tier.SMB).feedback("Overall satisfaction", "D", 5).build();
        // v1: satisfaction 0 (25), competition, commercial, support 100 (15, 15, 10): 4,000 / 65 = 62, WATCH.
        Health now = HealthScorer.score(facts, NOW, MODEL, HealthStatus.WATCH);
        Health draft = HealthScorer.score(facts, NOW, weights(100, 0, 0, 0, 0, 0), HealthStatus.WATCH);

        WhatIf change = WhatIf.between(now, draft).orElseThrow();

        assertThat(change.statusBefore()).isEqualTo(HealthStatus.WATCH);
        assertThat(change.statusAfter()).isEqualTo(HealthStatus.AT_RISK);
        assertThat(change.scoreBefore()).isEqualTo(62);
        assertThat(change.scoreAfter()).isZero();
        assertThat(change.reasons()).filteredOn(r -> r.rule().equals("Weight"))
                .extracting(WhatIf.ReasonChange::component, WhatIf.ReasonChange::pointsBefore,
                        WhatIf.ReasonChange::pointsAfter)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("satisfaction", 25, 100),
                        org.assertj.core.groups.Tuple.tuple("engagement", 20, 0),
                        org.assertj.core.groups.Tuple.tuple("relationships", 15, 0),
                        org.assertj.core.groups.Tuple.tuple("competition", 15, 0),
                        org.assertj.core.groups.Tuple.tuple("commercial", 15, 0),
                        org.assertj.core.groups.Tuple.tuple("support", 10, 0));
    }

    @Test
    void aReasonThatCostsOtherPointsAppearsOrGoesIsListed() {
        AccountFacts facts = account(Tier.SMB).renewalInDays(60).build();
        HealthModel harsher = new HealthModel("draft", MODEL.weights(), MODEL.satisfaction(), MODEL.engagement(),
                MODEL.relationships(), MODEL.competition(), new HealthModel.Commercial(90, 60, 2, 15, 60, 10),
                MODEL.support(), MODEL.status(), MODEL.critical(), MODEL.growthSignals(), MODEL.newAccount(),
                MODEL.capabilityCatalogue());

        WhatIf change = WhatIf.between(HealthScorer.score(facts, NOW, MODEL, null),
                HealthScorer.score(facts, NOW, harsher, null)).orElseThrow();

        assertThat(change.reasons()).singleElement().satisfies(r -> {
            assertThat(r.component()).isEqualTo("commercial");
            assertThat(r.rule()).isEqualTo("RenewalUncovered");
            assertThat(r.pointsBefore()).isEqualTo(-40);
            assertThat(r.pointsAfter()).isEqualTo(-60);
        });
    }

    @Test
    void theSameHealthIsNoChange() {
        AccountFacts facts = account(Tier.SMB).feedback("Overall satisfaction", "A", 5).build();
        Health health = HealthScorer.score(facts, NOW, MODEL, null);

        assertThat(WhatIf.between(health, HealthScorer.score(facts, NOW, MODEL, null))).isEmpty();
    }
}
