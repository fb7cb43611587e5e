package com.accounthealth.healthscore.application;

import com.accounthealth.healthscore.config.NotificationConfig;
import com.accounthealth.healthscore.domain.notification.Message;
import com.accounthealth.healthscore.infrastructure.Alerts;
import com.accounthealth.healthscore.infrastructure.notification.AlertNotices;
import com.accounthealth.healthscore.infrastructure.notification.DeliveryStore;
import com.accounthealth.healthscore.infrastructure.notification.DeliveryStore.Attempt;
import com.accounthealth.healthscore.infrastructure.notification.DeliveryStore.Due;
import com.accounthealth.healthscore.infrastructure.notification.DeliveryStore.Status;
import com.accounthealth.healthscore.infrastructure.notification.NotificationChannels;
import com.accounthealth.healthscore.infrastructure.notification.NotificationChannels.Outgoing;
import com.accounthealth.healthscore.infrastructure.notification.NotificationChannels.Result;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Sends planned deliveries after their alert committed: each claimed in a transaction of its own and kept locked while
 * it is sent, its attempt recorded in that same transaction. A failure is tried again with exponential backoff until
 * the delivery's give-up time; a success is recorded with the claim, so no sender (another replica, or this one after
 * a restart) sends it again.
 */
@ApplicationScoped
public class DeliveringNotifications {

    private static final Logger LOG = Logger.getLogger(DeliveringNotifications.class);
    /** Deliveries one round sends at most before it lets the scheduler run others. */
    private static final int ROUND_LIMIT = 200;

    private final DeliveryStore deliveries;
    private final NotificationChannels channels;
    private final Alerts alerts;
    private final NotificationConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public DeliveringNotifications(DeliveryStore deliveries, NotificationChannels channels, Alerts alerts,
                                   NotificationConfig config, ObjectMapper json, MeterRegistry metrics) {
        this.deliveries = deliveries;
        this.channels = channels;
        this.alerts = alerts;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
    }

    @Scheduled(every = "${notifications.delivery.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRound() {
        if (config.delivery().enabled()) {
            deliverDue();
        }
    }

    /** Sends what is due now; returns how many deliveries were attempted. */
    public int deliverDue() {
        int attempted = 0;
        while (attempted < ROUND_LIMIT) {
            Boolean claimed = QuarkusTransaction.requiringNew().timeout(transactionTimeoutSeconds())
                    .call(() -> deliveries.claimDue(Instant.now())
                    .map(due -> {
                        attempt(due);
                        return true;
                    }).orElse(false));
            if (!claimed) {
                break;
            }
            attempted++;
        }
        return attempted;
    }

    /** Long enough for the slowest send (each is bounded by the delivery timeout) and the bookkeeping around it. */
    private int transactionTimeoutSeconds() {
        return (int) Math.max(30, config.delivery().timeout().multipliedBy(3).toSeconds());
    }

    private void attempt(Due due) {
        String what = due.alertId() == null ? "digest" : due.alertType() + " " + due.alertId();
        if (due.subscriptionDeleted()) {
            deliveries.cancel(due.deliveryId(), "the subscription was deleted");
            LOG.infof("Delivery %s (%s) cancelled: its subscription was deleted", due.deliveryId(), what);
            return;
        }
        int attempt = due.attempts() + 1;
        Instant started = Instant.now();
        Result result;
        try {
            result = channels.send(outgoing(due));
        } catch (RuntimeException e) {
            // What cannot be read now never will be: record it as failed rather than block the deliveries behind it.
            result = new Result(false, "unreadable delivery: " + e.getMessage(), true);
        }
        Instant finished = Instant.now();
        Attempt record = new Attempt(attempt, started, Duration.between(started, finished).toMillis(),
                result.succeeded(), result.outcome());
        if (result.succeeded()) {
            deliveries.recordAttempt(due.deliveryId(), record, Status.DELIVERED, null, null);
            LOG.infof("Delivery %s (%s) sent by %s on attempt %d: %s", due.deliveryId(), what, due.channel(), attempt,
                    result.outcome());
        } else if (result.permanent() || !finished.isBefore(due.giveUpAt())) {
            String reason = result.permanent() ? result.outcome()
                    : "gave up after " + attempt + " attempts; last: " + result.outcome();
            deliveries.recordAttempt(due.deliveryId(), record, Status.FAILED, reason, null);
            LOG.errorf("Delivery %s (%s) by %s failed for good: %s", due.deliveryId(), what, due.channel(), reason);
        } else {
            // The last try is at the give-up time at the latest.
            Instant next = min(finished.plus(backoff(attempt)), due.giveUpAt());
            deliveries.recordAttempt(due.deliveryId(), record, Status.PENDING, result.outcome(), next);
            LOG.warnf("Delivery %s (%s) by %s failed on attempt %d (%s); next attempt at %s", due.deliveryId(),
                    what, due.channel(), attempt, result.outcome(), next);
        }
        metrics.counter("notification_delivery_attempts", "channel", due.channel().name(), "outcome",
                result.succeeded() ? "delivered" : "failed").increment();
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** The wait after the n-th failed attempt: the initial backoff, doubled per failure, capped. */
    Duration backoff(int failedAttempts) {
        Duration initial = config.delivery().initialBackoff();
        Duration max = config.delivery().maxBackoff();
        long factor = 1L << Math.min(failedAttempts - 1, 30);
        Duration wait = initial.multipliedBy(factor);
        return wait.compareTo(max) > 0 || wait.isNegative() ? max : wait;
    }

    private Outgoing outgoing(Due due) {
        try {
            if (due.alertId() != null) {
                JsonNode payload = json.readTree(due.alertPayload());
                UUID accountId = UUID.fromString(payload.path("accountId").asText());
                Alerts.Alert alert = new Alerts.Alert(due.alertId(), accountId, due.alertType(), due.raisedAt(),
                        payload.path("teamId").asText(null), payload, true);
                Message message = Message.of(AlertNotices.from(due.alertId(), due.alertType(), due.raisedAt(), payload),
                        config.accountLink().replace("{accountId}", accountId.toString()));
                return new Outgoing(due.deliveryId(), due.channel(), due.target(), due.secret(), alerts.cloudEvent(alert),
                        message);
            }
            JsonNode digest = json.readTree(due.digest());
            Message message = json.treeToValue(digest.get("message"), Message.class);
            return new Outgoing(due.deliveryId(), due.channel(), due.target(), due.secret(),
                    alerts.cloudEvent(due.deliveryId().toString(), "com.accounthealth.notification." + due.kind() + ".v1",
                            due.subscriptionId().toString(), due.createdAt(), digest.get("digest")), message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Delivery " + due.deliveryId() + " holds no readable content", e);
        }
    }
}
