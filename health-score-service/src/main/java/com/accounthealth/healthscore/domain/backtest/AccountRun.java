package com.accounthealth.healthscore.domain.backtest;

import com.accounthealth.healthscore.domain.AccountOutcome;
import com.accounthealth.healthscore.domain.Health;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One account of a backtest under one model: its outcome and its health as known at each step of the horizon before
 * it (oldest first). A churn or a loss at renewal is what the score should have warned of (a positive); a renewal of
 * any kind is what it should not have alarmed about (a negative); a downgrade is neither and is left out of the rates.
 */
public record AccountRun(UUID accountId, String name, String teamId, AccountOutcome.Kind outcome, Instant outcomeAt,
                         List<Step> steps) {

    /**
     * The health as known at one step: score, status, and what cost most (a critical signal's rule, or the component
     * that took the most weighted points off).
     */
    public record Step(Instant at, Integer score, Health.HealthStatus status, String warning) {
    }

    private static final Set<AccountOutcome.Kind> LOST = Set.of(AccountOutcome.Kind.CHURNED,
            AccountOutcome.Kind.LOST_AT_RENEWAL);

    public boolean positive() {
        return LOST.contains(outcome);
    }

    public boolean negative() {
        return outcome.name().startsWith("RENEWED");
    }

    /** The step of a health as it was known then: what cost the most, for "which components carried the warning". */
    public static Step step(Instant at, Health health) {
        String warning = null;
        if (!health.criticalSignals().isEmpty()) {
            warning = "critical:" + health.criticalSignals().getFirst().rule();
        } else {
            warning = health.components().stream().filter(c -> c.score() != null && c.effectiveWeight() > 0)
                    .max(Comparator.comparingDouble(c -> c.effectiveWeight() * (100 - c.score())))
                    .filter(c -> c.score() < 100).map(Health.ComponentScore::component).orElse(null);
        }
        return new Step(at, health.score(), health.status(), warning);
    }
}
