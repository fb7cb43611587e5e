package com.accounthealth.healthscore.domain;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a model must be before it is stored: every number within what scoring can use. Weights are 0-100 with one at
 * least positive; status thresholds are scores (0-100) in order (watch ≤ healthy, watch ≤ leave-at-risk); points and
 * penalties are 0-100; day counts 1-3650 (10 years); every tier has a cadence; capabilities are 1-100 short names.
 */
public final class ModelCheck {

    /** A field of the model (a JSON path such as {@code relationships.windowDays}) and what is wrong with it. */
    public record Violation(String field, String message) {
    }

    private static final Pattern VERSION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,39}");
    private static final Pattern CAPABILITY = Pattern.compile("[a-z0-9][a-z0-9-]{0,49}");
    private static final int MAX_DAYS = 3650;

    private ModelCheck() {
    }

    /** A version names a model in URLs and documents: lower case letters, digits, '.', '_' and '-', 1-40 of them. */
    public static boolean isVersion(String version) {
        return version != null && VERSION.matcher(version).matches();
    }

    public static List<Violation> violations(HealthModel model) {
        List<Violation> found = new ArrayList<>();
        if (!isVersion(model.version())) {
            found.add(new Violation("version", "1-40 of a-z, 0-9, '.', '_', '-', starting with a letter or digit"));
        }
        HealthModel.Weights w = model.weights();
        numbers("weights", w, found);
        if (w.satisfaction() + w.engagement() + w.relationships() + w.competition() + w.commercial() + w.support() == 0) {
            found.add(new Violation("weights", "at least one weight must be positive"));
        }
        for (RecordComponent section : HealthModel.class.getRecordComponents()) {
            Object value = read(section, model);
            if (value != null && value.getClass().isRecord() && !(value instanceof HealthModel.Weights)) {
                numbers(section.getName(), value, found);
            }
        }
        HealthModel.Status s = model.status();
        if (s.watchFrom() > s.healthyFrom()) {
            found.add(new Violation("status.watchFrom", "must not be above healthyFrom"));
        }
        if (s.leaveAtRiskFrom() < s.watchFrom()) {
            found.add(new Violation("status.leaveAtRiskFrom", "must not be below watchFrom"));
        }
        if (model.engagement().cadenceDays() == null
                || !model.engagement().cadenceDays().keySet().containsAll(EnumSet.allOf(AccountFacts.Tier.class))) {
            found.add(new Violation("engagement.cadenceDays", "needs a cadence for every tier " +
                    EnumSet.allOf(AccountFacts.Tier.class)));
        } else {
            model.engagement().cadenceDays().forEach((tier, days) -> {
                if (days == null || days < 1 || days > MAX_DAYS) {
                    found.add(new Violation("engagement.cadenceDays." + tier, "must be 1 to " + MAX_DAYS));
                }
            });
        }
        double zeroAt = model.engagement().zeroAtCadences();
        if (!(zeroAt >= 1.0 && zeroAt <= 100.0)) {
            found.add(new Violation("engagement.zeroAtCadences", "must be 1 to 100"));
        }
        if (model.engagement().businessReviewTiers() == null) {
            found.add(new Violation("engagement.businessReviewTiers", "must be a list of tiers (may be empty)"));
        }
        if (model.capabilityCatalogue() == null || model.capabilityCatalogue().isEmpty()
                || model.capabilityCatalogue().size() > 100) {
            found.add(new Violation("capabilityCatalogue", "must name 1 to 100 capabilities"));
        } else {
            model.capabilityCatalogue().stream().filter(c -> c == null || !CAPABILITY.matcher(c).matches()).findFirst()
                    .ifPresent(c -> found.add(new Violation("capabilityCatalogue",
                            "'" + c + "' is not a capability name (1-50 of a-z, 0-9, '-')")));
        }
        return found;
    }

    /** Bounds every int of a section by its name: a count of days, the points of a score, or a penalty. */
    private static void numbers(String section, Object record, List<Violation> found) {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getType() != int.class) {
                continue;
            }
            int value = (int) read(c, record);
            String name = c.getName();
            String field = section + "." + name;
            if (name.endsWith("Days")) {
                // 0 turns these off: no grace, no strategic-silence signal.
                int least = name.equals("graceDays") || name.equals("strategicSilenceDays") ? 0 : 1;
                if (value < least || value > MAX_DAYS) {
                    found.add(new Violation(field, "must be " + least + " to " + MAX_DAYS + " days"));
                }
            } else if (name.equals("slipsForPenalty")) {
                if (value < 1 || value > 100) {
                    found.add(new Violation(field, "must be 1 to 100"));
                }
            } else if (value < 0 || value > 100) {
                found.add(new Violation(field, "must be 0 to 100"));
            }
        }
    }

    private static Object read(RecordComponent component, Object record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Cannot read " + component.getName(), e);
        }
    }
}
