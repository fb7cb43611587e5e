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
import com.accounthealth.healthscore.infrastructure.notification.ReceiverGuards;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Sends planned deliveries after their alert committed: each claimed in a transaction of its own and kept locked while
 * it is sent, its attempt recorded in that same transaction. A failure is tried again with exponential backoff until
 * the delivery's give-up time; a success is recorded with the claim, so no sender (another replica, or this one after
 * a restart) sends it again. Up to {@code senders} deliveries go out at once, and a receiver that is slow or failing
 * takes only its own share of them ({@link ReceiverGuards}): the others' alerts do not wait behind it.
 */
@ApplicationScoped
public class DeliveringNotifications {

    private static final Logger LOG = Logger.getLogger(DeliveringNotifications.class);
    /** Deliveries one sender sends at most before it lets the scheduler run others. */
    private static final int ROUND_LIMIT = 200;

    private final DeliveryStore deliveries;
    private final NotificationChannels channels;
    private final ReceiverGuards receivers;
    private final Alerts alerts;
    private final NotificationConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final ExecutorService senders;
    private final Semaphore freeSenders;

    public DeliveringNotifications(DeliveryStore deliveries, NotificationChannels channels, ReceiverGuards receivers,
                                   Alerts alerts, NotificationConfig config, ObjectMapper json, MeterRegistry metrics) {
        this.deliveries = deliveries;
        this.channels = channels;
        this.receivers = receivers;
        this.alerts = alerts;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
        this.senders = Executors.newFixedThreadPool(config.delivery().senders(),
                Thread.ofPlatform().name("notification-sender-", 0).daemon().factory());
        this.freeSenders = new Semaphore(config.delivery().senders());
    }

    /** Lets sends under way finish (each is bounded by the delivery timeout) before the datasource goes away. */
    @PreDestroy
    void stop() throws InterruptedException {
        senders.shutdown();
        if (!senders.awaitTermination(config.delivery().timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
            senders.shutdownNow();
        }
    }

    @Scheduled(every = "${notifications.delivery.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRound() {
        wakeUp();
    }

    /** Looks for due deliveries now (after deliveries were planned and committed) rather than at the next poll. */
    public void wakeUp() {
        if (config.delivery().enabled()) {
            startSender();
        }
    }

    /**
     * Starts a sender if one is free. A sender that finds a delivery starts another before it sends, so as many run as
     * there is work for (up to {@code senders}); each ends when nothing it may send is due.
     */
    private void startSender() {
        if (!freeSenders.tryAcquire()) {
            return;
        }
        try {
            senders.execute(() -> {
                try {
                    send(this::startSender);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "A notification sender stopped; the next round starts another");
                } finally {
                    freeSenders.release();
                }
            });
        } catch (RejectedExecutionException stopping) {
            freeSenders.release();
        }
    }

    /** Sends what is due now, on the caller's thread; returns how many deliveries were attempted. */
    public int deliverDue() {
        return send(() -> { });
    }

    /** @param onSending run as each send begins: starts another sender, so a slow send holds up only itself */
    private int send(Runnable onSending) {
        int attempted = 0;
        int leftInARow = 0;
        while (attempted < ROUND_LIMIT) {
            Claim claim = QuarkusTransaction.requiringNew().timeout(transactionTimeoutSeconds())
                    .call(() -> deliveries.claimDue(Instant.now(), receivers.unavailable())
                            .map(due -> attempt(due, onSending)).orElse(Claim.NONE_DUE));
            if (claim == Claim.NONE_DUE) {
                break;
            }
            if (claim == Claim.ATTEMPTED) {
                attempted++;
                leftInARow = 0;
            } else if (++leftInARow > 1) {
                break; // a receiver between pause and trial: the next round looks again, rather than spin on it
            }
        }
        return attempted;
    }

    private enum Claim { NONE_DUE, ATTEMPTED, LEFT_FOR_LATER }

    /** Long enough for the slowest send (each is bounded by the delivery timeout) and the bookkeeping around it. */
    private int transactionTimeoutSeconds() {
        return (int) Math.max(30, config.delivery().timeout().multipliedBy(3).toSeconds());
    }

    private Claim attempt(Due due, Runnable onSending) {
        String what = due.alertId() == null ? "digest" : due.alertType() + " " + due.alertId();
        if (due.subscriptionDeleted()) {
            deliveries.cancel(due.deliveryId(), "the subscription was deleted");
            LOG.infof("Delivery %s (%s) cancelled: its subscription was deleted", due.deliveryId(), what);
            return Claim.ATTEMPTED;
        }
        int attempt = due.attempts() + 1;
        Instant started = Instant.now();
        Result result;
        try {
            Outgoing outgoing = outgoing(due);
            Optional<Result> sent = receivers.send(due.receiver(), onSending, () -> channels.send(outgoing));
            if (sent.isEmpty()) {
                return Claim.LEFT_FOR_LATER; // its receiver is paused or busy: nothing sent, no attempt spent
            }
            result = sent.get();
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
        return Claim.ATTEMPTED;
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
