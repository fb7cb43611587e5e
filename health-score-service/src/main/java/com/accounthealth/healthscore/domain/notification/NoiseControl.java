package com.accounthealth.healthscore.domain.notification;

import com.accounthealth.healthscore.domain.AlertType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Whether an alert is worth a leader's attention now, or only a record of why it was not sent. Alerts are raised once
 * per transition already; this keeps a flapping or snoozed account from paging the same leader again and again.
 */
public final class NoiseControl {

    /** An account's snooze of every alert type ({@code alertType} null) or of one, until a moment. */
    public record Snooze(AlertType alertType, Instant until, String reason) {
        boolean covers(AlertNotice alert) {
            return alert.raisedAt().isBefore(until) && (alertType == null || alertType == alert.alertType());
        }
    }

    /** A delivery this subscription had for the same account: how bad, when, and whether the leader was told. */
    public record Prior(int severity, Instant at, boolean told) {
    }

    /**
     * What the subscription was told of the account before.
     *
     * @param lastSameKey   the latest delivery the leader was told of under the alert's {@link AlertNotice#noiseKey()}
     * @param lastAtRisk    the latest {@code ACCOUNT_AT_RISK} delivery, told or not
     * @param lastRecovered the latest {@code ACCOUNT_RECOVERED} delivery the leader was told of
     * @param wantsAtRisk   whether the subscription takes at-risk alerts at all
     */
    public record Priors(Optional<Prior> lastSameKey, Optional<Prior> lastAtRisk, Optional<Prior> lastRecovered,
                         boolean wantsAtRisk) {
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

    public static Decision decide(AlertNotice alert, List<Snooze> snoozes, Priors priors, Duration coolDown) {
        for (Snooze snooze : snoozes) {
            if (snooze.covers(alert)) {
                return Decision.suppress("snoozed until " + snooze.until() + ": " + snooze.reason());
            }
        }
        return switch (alert.alertType()) {
            case ACCOUNT_RECOVERED -> {
                // A recovery is news only to a leader who was told of the risk (or who takes no risk alerts).
                boolean toldOfRisk = priors.lastAtRisk().map(Prior::told).orElse(false);
                yield !priors.wantsAtRisk() || toldOfRisk ? Decision.deliver()
                        : Decision.suppress("the leader was not notified that the account was at risk");
            }
            // Each growth signal is another client event: never the same news again.
            case GROWTH_SIGNAL -> Decision.deliver();
            case ACCOUNT_AT_RISK, COMPETITIVE_GAP -> coolDown(alert, priors, coolDown);
        };
    }

    private static Decision coolDown(AlertNotice alert, Priors priors, Duration coolDown) {
        if (priors.lastSameKey().isEmpty()) {
            return Decision.deliver();
        }
        Prior prior = priors.lastSameKey().get();
        boolean recoveredSince = alert.alertType() == AlertType.ACCOUNT_AT_RISK
                && priors.lastRecovered().map(r -> r.at().isAfter(prior.at())).orElse(false);
        if (recoveredSince) {
            // The last the leader heard was that the account recovered: that it is at risk again is news.
            return Decision.deliver();
        }
        boolean withinCoolDown = alert.raisedAt().isBefore(prior.at().plus(coolDown));
        if (withinCoolDown && alert.severity() <= prior.severity()) {
            return Decision.suppress("cool-down: notified of " + alert.noiseKey() + " at " + prior.at() + " (severity "
                    + prior.severity() + "); this one is not worse (severity " + alert.severity() + ")");
        }
        return Decision.deliver();
    }
}
