package com.accounthealth.healthscore.domain.notification;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What one leader hears of a model's activation: once, the status changes it caused among the accounts the
 * subscription covers, instead of an alert per account (the accounts did not move; the model did).
 */
public record ModelChangeSummary(String modelVersion, String previousModelVersion, List<Digest.StatusChange> changes) {

    /**
     * The summary for {@code subscription}, if it covers a changed account and wants status alerts (at risk or
     * recovered; an empty list of alert types wants all).
     */
    public static Optional<ModelChangeSummary> compose(Subscription subscription, String modelVersion,
                                                       String previousModelVersion, List<Digest.StatusChange> all) {
        boolean wantsStatus = subscription.alertTypes().isEmpty()
                || subscription.alertTypes().stream().anyMatch(t -> t.name().startsWith("ACCOUNT_"));
        List<Digest.StatusChange> covered = all.stream().filter(c -> subscription.covers(c.account()))
                .sorted(Comparator.comparing((Digest.StatusChange c) -> !"AT_RISK".equals(c.status()))
                        .thenComparing(c -> String.valueOf(c.name())))
                .toList();
        return !wantsStatus || covered.isEmpty() ? Optional.empty()
                : Optional.of(new ModelChangeSummary(modelVersion, previousModelVersion, covered));
    }
}
