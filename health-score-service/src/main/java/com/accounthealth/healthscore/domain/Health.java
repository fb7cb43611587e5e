package com.accounthealth.healthscore.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An account's health at one moment under one model: the weighted score, its status and every component with the
 * reasons behind its points.
 *
 * @param score null when no component has data (and for churned accounts, which are no longer scored)
 * @param known the share of the model's weight whose components had data (0.0-1.0): how much the score rests on
 *              facts rather than on nothing being known (a score from one component of six is not a full picture)
 */
public record Health(UUID accountId, String modelVersion, Instant evaluatedAt, Integer score, HealthStatus status,
                     List<ComponentScore> components, List<CriticalSignal> criticalSignals, double known) {

    public enum HealthStatus { HEALTHY, WATCH, AT_RISK, CHURNED }

    /**
     * One line of explanation: a sentence a sales leader understands, the points it cost (negative) or earned, and
     * the events behind it.
     */
    public record Reason(String rule, String sentence, int points, List<UUID> eventIds) {
    }

    /**
     * @param score           0..100, or null when the component has no data (its weight then goes to the others)
     * @param weight          the model's weight for the component
     * @param effectiveWeight the share of the total score it carried after redistribution (0 when it had no data)
     */
    public record ComponentScore(String component, Integer score, int weight, double effectiveWeight,
                                 List<Reason> reasons) {
    }

    /** A signal that makes an account AT_RISK whatever its score. */
    public record CriticalSignal(String rule, String sentence, List<UUID> eventIds) {
    }
}
