package com.accounthealth.healthscore.domain.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Whether an alert is worth a leader's attention now, or only a record of why it was not sent. Alerts are raised once
 * per transition already; this keeps a flapping or snoozed account from paging the same leader again and again.
 */
public final class NoiseControl {

    /** An account, or one alert type on it, snoozed until a moment; {@code alertType} null covers every type. */
    public record Snooze(UUID snoozeId, UUID accountId, String alertType, Instant until, String reason) {
        boolean covers(AlertNotice alert) {
            return alert.raisedAt().isBefore(until) && (alertType == null || alertType.equals(alert.alertType()));
        }
    }

    /** A notification this subscription had for the same account: of which type, how bad, when, and whether it was sent. */
    public record Prior(String alertType, int severity, Instant at, boolean suppressed) {
    }

    /** Notify, or suppress with the reason a leader would be given. */
    public record Decision(boolean send, String reason) {
        static Decision deliver() {
            return new Decision(true, null);
        }

        static Decision suppress(String reason) {
            return new Decision(false, reason);
        }
    }

    private NoiseControl() {
    }

    /**
     * @param snoozes the account's snoozes
     * @param lastSameType the subscription's latest notification of this alert's type for the account that was not
     *                     suppressed, if any
     * @param lastAtRisk   the subscription's latest {@code ACCOUNT_AT_RISK} notification for the account, suppressed or
     *                     not (a recovery is news only to a leader who was told of the risk)
     */
    public static Decision decide(AlertNotice alert, List<Snooze> snoozes, Optional<Prior> lastSameType,
                                  Optional<Prior> lastAtRisk, Duration coolDown) {
        for (Snooze snooze : snoozes) {
            if (snooze.covers(alert)) {
                return Decision.suppress("snoozed until " + snooze.until() + ": " + snooze.reason());
            }
        }
        if (alert.alertType().equals("ACCOUNT_RECOVERED")) {
            if (lastAtRisk.isEmpty() || lastAtRisk.get().suppressed()) {
                return Decision.suppress("the leader was not notified that the account was at risk");
            }
            return Decision.deliver();
        }
        if (lastSameType.isPresent()) {
            Prior prior = lastSameType.get();
            boolean withinCoolDown = alert.raisedAt().isBefore(prior.at().plus(coolDown));
            if (withinCoolDown && alert.severity() <= prior.severity()) {
                return Decision.suppress("cool-down: notified of " + alert.alertType() + " at " + prior.at()
                        + " (severity " + prior.severity() + "); this one is not worse (severity " + alert.severity()
                        + ")");
            }
        }
        return Decision.deliver();
    }
}
