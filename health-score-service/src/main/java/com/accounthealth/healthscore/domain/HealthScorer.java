package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.Health.ComponentScore;
import com.accounthealth.healthscore.domain.Health.HealthStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An account's health under a model (docs/health-model.md).
 *
 * <ul>
 *   <li>{@code CHURNED} accounts are no longer scored: score null, no components, no signals.</li>
 *   <li>The six components (satisfaction 25, engagement 20, relationships 15, competition 15, commercial 15,
 *   support 10) are always listed. A component with no data (score null) gets effective weight 0; the others share
 *   its weight in proportion: effective weight = weight / sum of the weights of the components with data. With only
 *   competition (15) and support (10) scored, they carry 0.6 and 0.4.</li>
 *   <li>Score = the weighted mean rounded half up: sum(score x weight) / sum(weight) over components with data.</li>
 *   <li>Status: HEALTHY at {@code status.healthyFrom} (70) or more, WATCH at {@code watchFrom} (50) or more, else
 *   AT_RISK. Hysteresis: an account that was AT_RISK stays so below {@code leaveAtRiskFrom} (60), so 55 is WATCH for
 *   an account coming from WATCH and AT_RISK for one coming from AT_RISK. Any critical signal makes it AT_RISK
 *   whatever the score.</li>
 *   <li>No component with data: score null; status AT_RISK on a critical signal, else the previous status
 *   (HEALTHY, WATCH or AT_RISK) carries on, else WATCH — nothing is known that would justify alarm or comfort.</li>
 * </ul>
 */
public final class HealthScorer {

    private HealthScorer() {
    }

    /** @param previous the account's status before this evaluation, or null when it has none */
    public static Health score(AccountFacts facts, Instant now, HealthModel model, HealthStatus previous) {
        if (facts.churned()) {
            return new Health(facts.accountId(), model.version(), now, null, HealthStatus.CHURNED, List.of(),
                    List.of(), 0.0);
        }
        List<ComponentScore> raw = List.of(
                Satisfaction.score(facts, now, model),
                Engagement.score(facts, now, model),
                Relationships.score(facts, now, model),
                Competition.score(facts, now, model),
                Commercial.score(facts, now, model),
                Support.score(facts, now, model));
        long weightWithData = raw.stream().filter(c -> c.score() != null).mapToLong(ComponentScore::weight).sum();
        List<ComponentScore> components = new ArrayList<>();
        long weighted = 0;
        for (ComponentScore c : raw) {
            boolean counts = c.score() != null && weightWithData > 0;
            double effectiveWeight = counts ? (double) c.weight() / weightWithData : 0.0;
            components.add(new ComponentScore(c.component(), c.score(), c.weight(), effectiveWeight, c.reasons()));
            if (counts) {
                weighted += (long) c.score() * c.weight();
            }
        }
        Integer score = weightWithData > 0 ? Facts.roundHalfUp(weighted, weightWithData) : null;
        List<Health.CriticalSignal> signals = CriticalSignals.of(facts, now, model);
        HealthStatus status = status(score, signals, previous, model.status());
        boolean collapsed = components.stream().anyMatch(c -> c.score() != null && c.score() < model.status().capBelow());
        if (status == HealthStatus.HEALTHY && collapsed) {
            status = HealthStatus.WATCH; // a weighted mean must not hide one part of the relationship at nothing
        }
        long totalWeight = raw.stream().mapToLong(ComponentScore::weight).sum();
        double known = totalWeight == 0 ? 0.0 : Math.round(1000.0 * weightWithData / totalWeight) / 1000.0;
        return new Health(facts.accountId(), model.version(), now, score, status, List.copyOf(components), signals,
                known);
    }

    /** The status for a score, after hysteresis and critical signals. */
    public static HealthStatus status(Integer score, List<Health.CriticalSignal> signals, HealthStatus previous,
                                      HealthModel.Status rules) {
        if (!signals.isEmpty()) {
            return HealthStatus.AT_RISK;
        }
        if (score == null) {
            return previous == null || previous == HealthStatus.CHURNED ? HealthStatus.WATCH : previous;
        }
        if (previous == HealthStatus.AT_RISK && score < rules.leaveAtRiskFrom()) {
            return HealthStatus.AT_RISK;
        }
        if (score >= rules.healthyFrom()) {
            return HealthStatus.HEALTHY;
        }
        return score >= rules.watchFrom() ? HealthStatus.WATCH : HealthStatus.AT_RISK;
    }
}
