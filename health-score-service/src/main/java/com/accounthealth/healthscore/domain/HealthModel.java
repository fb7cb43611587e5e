package com.accounthealth.healthscore.domain;

import java.util.Map;
import java.util.Set;

/**
 * Every number of the health model (docs/health-model.md). Configuration builds one; scoring reads
 * only this, so a re-score under another model is a call with another instance.
 */
public record HealthModel(
        String version,
        Weights weights,
        Satisfaction satisfaction,
        Engagement engagement,
        Relationships relationships,
        Competition competition,
        Commercial commercial,
        Support support,
        Status status,
        Critical critical,
        GrowthSignals growthSignals,
        NewAccount newAccount,
        Set<String> capabilityCatalogue) {

    public HealthModel {
        // A model stored before the grace period existed (a re-score job's) had none.
        newAccount = newAccount == null ? new NewAccount(0) : newAccount;
    }

    public record Weights(int satisfaction, int engagement, int relationships, int competition, int commercial,
                          int support) {
    }

    /** Latest grade per question within the window, averaged; grades below B count as 0 ("really an F"). */
    public record Satisfaction(int windowDays, int pointsForA, int pointsForBPlus, int pointsForB, int pointsBelowB) {
    }

    /** Days since the last interaction vs. the tier's cadence: full within it, 0 at {@code zeroAtCadences} x it. */
    public record Engagement(Map<AccountFacts.Tier, Integer> cadenceDays, double zeroAtCadences,
                             Set<AccountFacts.Tier> businessReviewTiers, int businessReviewMaxAgeDays,
                             int businessReviewPenalty) {
    }

    public record Relationships(int windowDays, int noDecisionMakerPenalty, int championLeftPenalty) {
    }

    public record Competition(int windowDays, int perCompetitor, int capabilityWeLackPenalty,
                              int unmetTeamPenalty, int unmetTeamWindowDays, int perOpenDealWithCompetitor,
                              int perDealLostToCompetitor, int lostDealWindowDays) {
    }

    public record Commercial(int renewalWindowDays, int renewalUncoveredPenalty, int slipsForPenalty,
                             int perSlippedDeal, int staleDealDays, int perStaleDeal) {
    }

    public record Support(int perOpenHighOrCritical, int perLongOpenIssue, int longOpenDays) {
    }

    /**
     * HEALTHY at or above {@code healthyFrom}, WATCH at or above {@code watchFrom}; AT_RISK is left only at
     * {@code leaveAtRiskFrom}. A component scoring below {@code capBelow} keeps the account from HEALTHY however the
     * others score (0: no cap, as in model v1).
     */
    public record Status(int healthyFrom, int watchFrom, int leaveAtRiskFrom, int capBelow) {
    }

    /** {@code strategicSilenceDays}: a strategic account silent this long is AT_RISK (0: no such signal, as in v1). */
    public record Critical(int renewalWindowDays, int championLeftNoContactDays, int strategicSilenceDays) {
    }

    public record GrowthSignals(int expansionWindowDays) {
    }

    /** Days after its opening during which an account's absence rules take no points (see {@link NewAccountGrace}). */
    public record NewAccount(int graceDays) {
    }

    /** Model version 1 exactly as docs/health-model.md describes it. */
    public static HealthModel defaults() {
        return new HealthModel("v1",
                new Weights(25, 20, 15, 15, 15, 10),
                new Satisfaction(180, 100, 90, 80, 0),
                new Engagement(Map.of(AccountFacts.Tier.STRATEGIC, 30, AccountFacts.Tier.ENTERPRISE, 45,
                        AccountFacts.Tier.MID_MARKET, 60, AccountFacts.Tier.SMB, 90), 3.0,
                        Set.of(AccountFacts.Tier.STRATEGIC, AccountFacts.Tier.ENTERPRISE), 90, 30),
                new Relationships(90, 30, 40),
                new Competition(180, 20, 15, 15, 90, 10, 20, 365),
                new Commercial(90, 40, 2, 15, 60, 10),
                new Support(25, 10, 14),
                new Status(70, 50, 60, 0),
                new Critical(90, 30, 0),
                new GrowthSignals(30),
                new NewAccount(30),
                Set.of("forecasting", "sso", "mobile-app", "reporting", "integrations"));
    }
}
