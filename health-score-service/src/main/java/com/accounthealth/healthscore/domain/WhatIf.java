package com.accounthealth.healthscore.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a draft model would change for one account: its status and score now and under the draft, and the reasons that
 * differ (a rule that appears, disappears or costs other points; a component's weight or score that moves), so a
 * sales leader sees why before anything changes.
 */
public record WhatIf(Health.HealthStatus statusBefore, Health.HealthStatus statusAfter, Integer scoreBefore,
                     Integer scoreAfter, List<ReasonChange> reasons) {

    /**
     * A reason that differs: in {@code component}, {@code rule} with its points before and after (null where the
     * reason is absent); {@code sentence} is the one under the draft (or the one before, for a reason that goes).
     * A component weighed differently is rule "Weight" with the weights before and after.
     */
    public record ReasonChange(String component, String rule, Integer pointsBefore, Integer pointsAfter,
                               String sentence) {
    }

    /** The change a draft would make to one account. */
    public record OfAccount(AccountFacts facts, WhatIf change) {
    }

    /** The change from {@code before} to {@code after}, if the score or the status moves. */
    public static Optional<WhatIf> between(Health before, Health after) {
        Health.HealthStatus statusBefore = before == null ? null : before.status();
        Integer scoreBefore = before == null ? null : before.score();
        if (statusBefore == after.status() && Objects.equals(scoreBefore, after.score())) {
            return Optional.empty();
        }
        List<ReasonChange> changes = new ArrayList<>();
        Map<String, Health.Reason> was = reasons(before);
        Map<String, Health.Reason> will = reasons(after);
        will.forEach((key, reason) -> {
            Health.Reason old = was.get(key);
            if (old == null || old.points() != reason.points()) {
                changes.add(new ReasonChange(component(key), reason.rule(), old == null ? null : old.points(),
                        reason.points(), reason.sentence()));
            }
        });
        was.forEach((key, reason) -> {
            if (!will.containsKey(key)) {
                changes.add(new ReasonChange(component(key), reason.rule(), reason.points(), null, reason.sentence()));
            }
        });
        if (before != null) {
            for (Health.ComponentScore c : after.components()) {
                before.components().stream().filter(b -> b.component().equals(c.component()) && b.weight() != c.weight())
                        .findFirst().ifPresent(b -> changes.add(new ReasonChange(c.component(), "Weight", b.weight(),
                                c.weight(), "The model weighs " + c.component() + " " + c.weight() + " instead of "
                                + b.weight())));
            }
        }
        signals(before).stream().filter(s -> !signals(after).contains(s)).forEach(s ->
                changes.add(new ReasonChange("critical", s, null, null, "No longer a critical signal")));
        signals(after).stream().filter(s -> !signals(before).contains(s)).forEach(s ->
                changes.add(new ReasonChange("critical", s, null, null, "A critical signal: AT_RISK whatever the score")));
        return Optional.of(new WhatIf(statusBefore, after.status(), scoreBefore, after.score(), List.copyOf(changes)));
    }

    /** Each component's reasons by "component/rule" (a rule listed twice in a component keeps its first). */
    private static Map<String, Health.Reason> reasons(Health health) {
        Map<String, Health.Reason> byKey = new LinkedHashMap<>();
        if (health != null) {
            for (Health.ComponentScore c : health.components()) {
                c.reasons().forEach(r -> byKey.putIfAbsent(c.component() + "/" + r.rule(), r));
            }
        }
        return byKey;
    }

    private static List<String> signals(Health health) {
        return health == null ? List.of() : health.criticalSignals().stream().map(Health.CriticalSignal::rule).toList();
    }

    private static String component(String key) {
        return key.substring(0, key.indexOf('/'));
    }
}
