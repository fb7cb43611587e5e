package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.Health.HealthStatus;

import java.util.Optional;

/** What an alert tells a sales leader. The names are the published alert types (CloudEvent type, API, payload). */
public enum AlertType {
    /** The account's status became AT_RISK. */
    ACCOUNT_AT_RISK,
    /** An account that was AT_RISK is HEALTHY or WATCH again. */
    ACCOUNT_RECOVERED,
    /** A competitor seen at the account offers capabilities we lack, or works client teams we have not met. */
    COMPETITIVE_GAP,
    /** A client event that opens room to grow (funding, expansion, a new team). */
    GROWTH_SIGNAL;

    /**
     * The alert a change of status raises, if any: entering AT_RISK, or leaving it for HEALTHY or WATCH. A first
     * evaluation ({@code before} null) that finds the account at risk raises ACCOUNT_AT_RISK; leaving AT_RISK for
     * CHURNED raises nothing, since a churned account is no longer one to save.
     */
    public static Optional<AlertType> ofStatusChange(HealthStatus before, HealthStatus after) {
        if (after == HealthStatus.AT_RISK && before != HealthStatus.AT_RISK) {
            return Optional.of(ACCOUNT_AT_RISK);
        }
        if (before == HealthStatus.AT_RISK && (after == HealthStatus.HEALTHY || after == HealthStatus.WATCH)) {
            return Optional.of(ACCOUNT_RECOVERED);
        }
        return Optional.empty();
    }
}
