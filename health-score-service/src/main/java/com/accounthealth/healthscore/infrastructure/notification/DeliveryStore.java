package com.accounthealth.healthscore.infrastructure.notification;

import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.domain.notification.Channel;
import com.accounthealth.healthscore.domain.notification.NoiseControl;
import com.accounthealth.healthscore.infrastructure.Sql;
import com.accounthealth.webapi.EntityFilter;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.Timeouts;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Deliveries and their attempts (Hibernate entities, {@link DeliveryRow} and {@link AttemptRow}). A delivery is claimed
 * for sending with FOR UPDATE SKIP LOCKED and stays locked until its attempt is recorded, so two senders (replicas, or
 * one restarted) never send it at once, and one that succeeded is never picked again.
 */
@ApplicationScoped
public class DeliveryStore {

    public enum Status { PENDING, DELIVERED, FAILED, SUPPRESSED, CANCELLED }

    /**
     * A new delivery of an alert to a subscription, as planned in the alert's transaction.
     *
     * @param noiseKey what the cool-down compares this delivery with: the alert type, and for a competitive gap the
     *                 competitor too
     */
    public record PlannedAlert(UUID subscriptionId, UUID alertId, UUID accountId, AlertType alertType, String noiseKey,
                               int severity, String teamId, Status status, String statusReason) {
    }

    /** A delivery due to be sent, with what it takes to send it. */
    public record Due(UUID deliveryId, UUID subscriptionId, int attempts, Instant createdAt, Instant giveUpAt,
                      Channel channel, String target, String receiver, String secret, UUID alertId,
                      AlertType alertType, Instant raisedAt, String alertPayload, String digest,
                      boolean subscriptionDeleted, String kind) {
    }

    public record Attempt(int attempt, Instant startedAt, long durationMs, boolean succeeded, String outcome) {
    }

    /** A delivery as the API shows it. */
    public record Delivery(UUID deliveryId, UUID subscriptionId, String kind, UUID alertId, UUID accountId,
                           AlertType alertType, String status, String statusReason, int attempts, Instant createdAt,
                           Instant nextAttemptAt, Instant deliveredAt, Instant giveUpAt, List<Attempt> attemptLog) {
    }

    /** Hibernate's lock timeout for SKIP LOCKED: senders pass over a delivery another one holds. */
    private static final String LOCK_TIMEOUT = "jakarta.persistence.lock.timeout";
    private static final List<String> TOLD = List.of(Status.PENDING.name(), Status.DELIVERED.name());

    private final DataSource dataSource;
    private final SubscriptionStore subscriptions;

    public DeliveryStore(DataSource dataSource, SubscriptionStore subscriptions) {
        this.dataSource = dataSource;
        this.subscriptions = subscriptions;
    }

    /**
     * Plans the delivery unless this alert has one for the subscription already; returns whether it was planned. Only
     * the ingest that owns the account's partition raises its alerts, so no other transaction plans the same one.
     */
    public boolean plan(PlannedAlert d, Instant now, Instant giveUpAt) {
        if (DeliveryRow.count("alertId = ?1 and subscriptionId = ?2", d.alertId(), d.subscriptionId()) > 0) {
            return false;
        }
        DeliveryRow row = newDelivery(d.subscriptionId(), "ALERT", d.status(), now, giveUpAt);
        row.alertId = d.alertId();
        row.accountId = d.accountId();
        row.alertType = d.alertType().name();
        row.noiseKey = d.noiseKey();
        row.severity = d.severity();
        row.teamId = d.teamId();
        row.statusReason = d.statusReason();
        row.persist();
        return true;
    }

    /**
     * Plans a digest delivery, to be sent at once; the period's end makes it one per subscription and period (the
     * subscription is locked while its digest is composed).
     */
    public boolean planDigest(UUID subscriptionId, Instant periodEnd, String digestJson, Instant now, Instant giveUpAt) {
        if (DeliveryRow.count("digestPeriodEnd = ?1 and subscriptionId = ?2", periodEnd, subscriptionId) > 0) {
            return false;
        }
        DeliveryRow row = newDelivery(subscriptionId, "DIGEST", Status.PENDING, now, giveUpAt);
        row.digestPeriodEnd = periodEnd;
        row.digest = digestJson;
        row.persist();
        return true;
    }

    /** Plans the summary of a model's activation for a subscription, to be sent at once; once per activation. */
    public boolean planModelChange(UUID subscriptionId, UUID jobId, String contentJson, Instant now, Instant giveUpAt) {
        if (DeliveryRow.count("modelChangeJob = ?1 and subscriptionId = ?2", jobId, subscriptionId) > 0) {
            return false;
        }
        DeliveryRow row = newDelivery(subscriptionId, "MODEL_CHANGE", Status.PENDING, now, giveUpAt);
        row.modelChangeJob = jobId;
        row.digest = contentJson;
        row.persist();
        return true;
    }

    /** Plans an escalation of an alert to a subscription, to be sent at once (the alert's work row says it is once). */
    public void planEscalation(UUID subscriptionId, UUID accountId, AlertType alertType, String teamId,
                               String contentJson, Instant now, Instant giveUpAt) {
        DeliveryRow row = newDelivery(subscriptionId, "ESCALATION", Status.PENDING, now, giveUpAt);
        row.accountId = accountId;
        row.alertType = alertType.name();
        row.teamId = teamId;
        row.digest = contentJson;
        row.persist();
    }

    private static DeliveryRow newDelivery(UUID subscriptionId, String kind, Status status, Instant now,
                                           Instant giveUpAt) {
        DeliveryRow row = new DeliveryRow();
        row.deliveryId = UUID.randomUUID();
        row.subscriptionId = subscriptionId;
        row.kind = kind;
        row.status = status.name();
        row.createdAt = now;
        row.nextAttemptAt = status == Status.PENDING ? now : null;
        row.giveUpAt = giveUpAt;
        return row;
    }

    /**
     * The subscription's latest delivery for the account under {@code noiseKey} (see {@link PlannedAlert}): any, or
     * only one the leader was told of (sent or on its way; not suppressed, given up or cancelled).
     */
    public Optional<NoiseControl.Prior> latest(UUID subscriptionId, UUID accountId, String noiseKey, boolean told) {
        EntityFilter filter = new EntityFilter().equal("subscriptionId", subscriptionId).equal("accountId", accountId)
                .equal("noiseKey", noiseKey);
        if (told) {
            filter.where("status in :told", Parameters.with("told", TOLD));
        }
        return DeliveryRow.<DeliveryRow>find(filter.query(), Sort.descending("createdAt"), filter.parameters())
                .firstResultOptional()
                .map(row -> new NoiseControl.Prior(row.severity, row.createdAt, TOLD.contains(row.status)));
    }

    /**
     * Claims the delivery due soonest, locked until the caller's transaction ends; empty when none is due. Deliveries
     * to {@code unavailableReceivers} (busy to their bound, or paused) are left for later.
     */
    public Optional<Due> claimDue(Instant now, Set<String> unavailableReceivers) {
        String query = "status = 'PENDING' and nextAttemptAt <= :now";
        Parameters parameters = Parameters.with("now", now);
        if (!unavailableReceivers.isEmpty()) {
            query += " and subscriptionId not in (select s.subscriptionId from SubscriptionRow s"
                    + " where s.receiver in :unavailable)";
            parameters = parameters.and("unavailable", unavailableReceivers);
        }
        Optional<DeliveryRow> claimed = DeliveryRow.<DeliveryRow>find(query, Sort.by("nextAttemptAt"), parameters)
                .withLock(LockModeType.PESSIMISTIC_WRITE).withHint(LOCK_TIMEOUT, Timeouts.SKIP_LOCKED_MILLI)
                .firstResultOptional();
        return claimed.map(d -> {
            SubscriptionRow s = SubscriptionRow.findById(d.subscriptionId);
            AlertRead alert = d.alertId == null ? new AlertRead(null, null, null) : alert(d.alertId);
            return new Due(d.deliveryId, d.subscriptionId, d.attempts, d.createdAt, d.giveUpAt,
                    Channel.valueOf(s.channel), s.target, s.receiver, subscriptions.secretOf(s), d.alertId,
                    alert.type(), alert.raisedAt(), alert.payload(), d.digest, s.deletedAt != null, d.kind);
        });
    }

    private record AlertRead(AlertType type, Instant raisedAt, String payload) {
    }

    /** The alert a delivery sends (the alert table is ingest's, written with hand-written batch statements). */
    private AlertRead alert(UUID alertId) {
        return Sql.query(dataSource, "SELECT alert_type, raised_at, payload::text FROM alert WHERE alert_id = ?",
                "read alert " + alertId, ps -> ps.setObject(1, alertId),
                rs -> new AlertRead(AlertType.valueOf(rs.getString(1)), rs.getTimestamp(2).toInstant(),
                        rs.getString(3))).stream().findFirst().orElse(new AlertRead(null, null, null));
    }

    /** Records an attempt and what follows from it: delivered, another try at {@code nextAttempt}, or given up. */
    public void recordAttempt(UUID deliveryId, Attempt attempt, Status status, String statusReason,
                              Instant nextAttempt) {
        AttemptRow a = new AttemptRow();
        a.deliveryId = deliveryId;
        a.attempt = attempt.attempt();
        a.startedAt = attempt.startedAt();
        a.durationMs = attempt.durationMs();
        a.succeeded = attempt.succeeded();
        a.outcome = attempt.outcome();
        a.persist();
        DeliveryRow d = DeliveryRow.findById(deliveryId);
        d.attempts = attempt.attempt();
        d.status = status.name();
        d.statusReason = statusReason;
        d.nextAttemptAt = nextAttempt;
        if (status == Status.DELIVERED) {
            d.deliveredAt = attempt.startedAt().plusMillis(attempt.durationMs());
        }
    }

    /** A delivery that is not to be sent after all (its subscription was deleted meanwhile). */
    public void cancel(UUID deliveryId, String reason) {
        DeliveryRow d = DeliveryRow.findById(deliveryId);
        d.status = Status.CANCELLED.name();
        d.statusReason = reason;
        d.nextAttemptAt = null;
    }

    /** A deleted subscription's deliveries still waiting are not sent. */
    public int cancelPending(UUID subscriptionId) {
        return DeliveryRow.update("status = 'CANCELLED', statusReason = 'the subscription was deleted', "
                + "nextAttemptAt = null where subscriptionId = ?1 and status = 'PENDING'", subscriptionId);
    }

    /** @param visible deliveries of subscriptions the caller may not see are left out */
    public Paging.Page<Delivery> list(UUID alertId, String status, UUID subscriptionId, TeamScope visible,
                                      Paging paging) {
        EntityFilter filter = new EntityFilter().equal("alertId", alertId).equal("status", status)
                .equal("subscriptionId", subscriptionId);
        if (!visible.everyTeam()) {
            filter.where("(teamId is null or teamId in :visibleTeams) and subscriptionId in (select s.subscriptionId "
                            + "from SubscriptionRow s where array_includes(:visibleTeamArray, s.teamIds))",
                    Parameters.with("visibleTeams", visible.teams().isEmpty() ? List.of("") : visible.teams())
                            .and("visibleTeamArray", visible.asSqlArray()));
        }
        Paging.Page<DeliveryRow> page = PagedQuery.of(DeliveryRow.<DeliveryRow>find(filter.query(),
                Sort.by("createdAt").and("deliveryId"), filter.parameters()), paging, row -> row);
        Map<UUID, List<Attempt>> attempts = attemptsOf(page.items().stream().map(d -> d.deliveryId).toList());
        return new Paging.Page<>(page.items().stream().map(d -> new Delivery(d.deliveryId, d.subscriptionId, d.kind,
                d.alertId, d.accountId, d.alertType == null ? null : AlertType.valueOf(d.alertType), d.status,
                d.statusReason, d.attempts, d.createdAt, d.nextAttemptAt, d.deliveredAt, d.giveUpAt,
                attempts.getOrDefault(d.deliveryId, List.of()))).toList(), page.page(), page.size(), page.total());
    }

    private static Map<UUID, List<Attempt>> attemptsOf(List<UUID> deliveryIds) {
        Map<UUID, List<Attempt>> attempts = new LinkedHashMap<>();
        if (deliveryIds.isEmpty()) {
            return attempts;
        }
        for (AttemptRow a : AttemptRow.<AttemptRow>list("deliveryId in ?1", Sort.by("deliveryId").and("attempt"),
                deliveryIds)) {
            attempts.computeIfAbsent(a.deliveryId, k -> new ArrayList<>())
                    .add(new Attempt(a.attempt, a.startedAt, a.durationMs, a.succeeded, a.outcome));
        }
        return attempts;
    }
}
