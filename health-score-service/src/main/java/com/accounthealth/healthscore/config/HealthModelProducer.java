package com.accounthealth.healthscore.config;

import com.accounthealth.healthscore.domain.AccountFacts.Tier;
import com.accounthealth.healthscore.domain.HealthModel;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.Set;

/**
 * The health model in force, every number from configuration ({@code health.model.*} in application.properties,
 * which holds model v1 as docs/health-model.md describes it; a test checks it equals {@link HealthModel#defaults()}).
 */
public class HealthModelProducer {

    @ConfigMapping(prefix = "health.model")
    public interface ModelConfig {
        String version();

        Weights weights();

        Satisfaction satisfaction();

        Engagement engagement();

        Relationships relationships();

        Competition competition();

        Commercial commercial();

        Support support();

        Status status();

        Critical critical();

        GrowthSignals growthSignals();

        NewAccount newAccount();

        /** The capabilities we offer; a competitor offering one that is not here is a gap. */
        Set<String> capabilities();

        interface Weights {
            int satisfaction();

            int engagement();

            int relationships();

            int competition();

            int commercial();

            int support();
        }

        interface Satisfaction {
            int windowDays();

            int pointsForA();

            int pointsForBPlus();

            int pointsForB();

            int pointsBelowB();
        }

        interface Engagement {
            Map<Tier, Integer> cadenceDays();

            double zeroAtCadences();

            Set<Tier> businessReviewTiers();

            int businessReviewMaxAgeDays();

            int businessReviewPenalty();
        }

        interface Relationships {
            int windowDays();

            int noDecisionMakerPenalty();

            int championLeftPenalty();
        }

        interface Competition {
            int windowDays();

            int perCompetitor();

            int capabilityWeLackPenalty();

            int unmetTeamPenalty();

            int unmetTeamWindowDays();

            int perOpenDealWithCompetitor();

            int perDealLostToCompetitor();

            int lostDealWindowDays();
        }

        interface Commercial {
            int renewalWindowDays();

            int renewalUncoveredPenalty();

            int slipsForPenalty();

            int perSlippedDeal();

            int staleDealDays();

            int perStaleDeal();
        }

        interface Support {
            int perOpenHighOrCritical();

            int perLongOpenIssue();

            int longOpenDays();
        }

        interface Status {
            int healthyFrom();

            int watchFrom();

            int leaveAtRiskFrom();

            int capBelow();
        }

        interface Critical {
            int renewalWindowDays();

            int championLeftNoContactDays();

            int strategicSilenceDays();
        }

        interface GrowthSignals {
            int expansionWindowDays();
        }

        interface NewAccount {
            int graceDays();
        }
    }

    @Produces
    @Singleton
    HealthModel model(ModelConfig c) {
        var w = c.weights();
        var sa = c.satisfaction();
        var e = c.engagement();
        var r = c.relationships();
        var co = c.competition();
        var cm = c.commercial();
        var su = c.support();
        var st = c.status();
        var cr = c.critical();
        return new HealthModel(c.version(),
                new HealthModel.Weights(w.satisfaction(), w.engagement(), w.relationships(), w.competition(),
                        w.commercial(), w.support()),
                new HealthModel.Satisfaction(sa.windowDays(), sa.pointsForA(), sa.pointsForBPlus(), sa.pointsForB(),
                        sa.pointsBelowB()),
                new HealthModel.Engagement(Map.copyOf(e.cadenceDays()), e.zeroAtCadences(),
                        Set.copyOf(e.businessReviewTiers()), e.businessReviewMaxAgeDays(), e.businessReviewPenalty()),
                new HealthModel.Relationships(r.windowDays(), r.noDecisionMakerPenalty(), r.championLeftPenalty()),
                new HealthModel.Competition(co.windowDays(), co.perCompetitor(), co.capabilityWeLackPenalty(),
                        co.unmetTeamPenalty(), co.unmetTeamWindowDays(), co.perOpenDealWithCompetitor(),
                        co.perDealLostToCompetitor(), co.lostDealWindowDays()),
                new HealthModel.Commercial(cm.renewalWindowDays(), cm.renewalUncoveredPenalty(), cm.slipsForPenalty(),
                        cm.perSlippedDeal(), cm.staleDealDays(), cm.perStaleDeal()),
                new HealthModel.Support(su.perOpenHighOrCritical(), su.perLongOpenIssue(), su.longOpenDays()),
                new HealthModel.Status(st.healthyFrom(), st.watchFrom(), st.leaveAtRiskFrom(), st.capBelow()),
                new HealthModel.Critical(cr.renewalWindowDays(), cr.championLeftNoContactDays(),
                        cr.strategicSilenceDays()),
                new HealthModel.GrowthSignals(c.growthSignals().expansionWindowDays()),
                new HealthModel.NewAccount(c.newAccount().graceDays()),
                Set.copyOf(c.capabilities()));
    }
}
