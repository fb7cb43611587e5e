package com.accounthealth.healthscore.infrastructure.notification;

import com.accounthealth.healthscore.infrastructure.Sql;
import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.domain.notification.Channel;
import com.accounthealth.healthscore.domain.notification.NoiseControl;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Deliveries and their attempts in PostgreSQL. A delivery is claimed for sending with FOR UPDATE SKIP LOCKED and
 * stays locked until its attempt is recorded, so two senders (replicas, or one restarted) never send it at once, and
 * one that succeeded is never picked again.
 */
@ApplicationScoped
public class DeliveryStore {

    public enum Status { PENDING, DELIVERED, FAILED, SUPPRESSED, CANCELLED }

    /** A new delivery of an alert to a subscription, as planned in the alert's transaction. */
    /**
     * @param noiseKey what the cool-down compares this delivery with: the alert type, and for a competitive gap the
     *                 competitor too
     */
    public record PlannedAlert(UUID subscriptionId, UUID alertId, UUID accountId, AlertType alertType, String noiseKey,
                               int severity, String teamId, Status status, String statusReason) {
    }

    /** A delivery due to be sent, with what it takes to send it. */
    public record Due(UUID deliveryId, UUID subscriptionId, int attempts, Instant createdAt, Instant giveUpAt,
                      Channel channel, String target, String secret, UUID alertId, AlertType alertType, Instant raisedAt,
                      String alertPayload, String digest, boolean subscriptionDeleted) {
    }

    public record Attempt(int attempt, Instant startedAt, long durationMs, boolean succeeded, String outcome) {
    }

    /** A delivery as the API shows it. */
    public record Delivery(UUID deliveryId, UUID subscriptionId, String kind, UUID alertId, UUID accountId,
                           AlertType alertType, String status, String statusReason, int attempts, Instant createdAt,
                           Instant nextAttemptAt, Instant deliveredAt, Instant giveUpAt, List<Attempt> attemptLog) {
    }

    private final DataSource dataSource;
    private final SecretsAtRest secrets;

    public DeliveryStore(DataSource dataSource, SecretsAtRest secrets) {
        this.dataSource = dataSource;
        this.secrets = secrets;
    }

    /** Plans the delivery unless this alert has one for the subscription already; returns whether it was planned. */
    public boolean plan(PlannedAlert d, Instant now, Instant giveUpAt) {
        return execute("""
                INSERT INTO notification_delivery (delivery_id, subscription_id, kind, alert_id, account_id, alert_type,
                    noise_key, severity, team_id, status, status_reason, created_at, next_attempt_at, give_up_at)
                VALUES (?, ?, 'ALERT', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                "plan a delivery of alert " + d.alertId(), ps -> {
                    ps.setObject(1, UUID.randomUUID());
                    ps.setObject(2, d.subscriptionId());
                    ps.setObject(3, d.alertId());
                    ps.setObject(4, d.accountId());
                    ps.setString(5, d.alertType().name());
                    ps.setString(6, d.noiseKey());
                    ps.setInt(7, d.severity());
                    ps.setString(8, d.teamId());
                    ps.setString(9, d.status().name());
                    ps.setString(10, d.statusReason());
                    ps.setTimestamp(11, Timestamp.from(now));
                    ps.setTimestamp(12, d.status() == Status.PENDING ? Timestamp.from(now) : null);
                    ps.setTimestamp(13, Timestamp.from(giveUpAt));
                }) > 0;
    }

    /**
     * Plans a digest delivery, to be sent at once; the period's end makes it one per subscription and period.
     */
    public boolean planDigest(UUID subscriptionId, Instant periodEnd, String digestJson, Instant now, Instant giveUpAt) {
        return execute("""
                INSERT INTO notification_delivery (delivery_id, subscription_id, kind, digest_period_end, digest, status,
                    created_at, next_attempt_at, give_up_at)
                VALUES (?, ?, 'DIGEST', ?, ?::jsonb, 'PENDING', ?, ?, ?) ON CONFLICT DO NOTHING""",
                "plan the digest of " + subscriptionId, ps -> {
                    ps.setObject(1, UUID.randomUUID());
                    ps.setObject(2, subscriptionId);
                    ps.setTimestamp(3, Timestamp.from(periodEnd));
                    ps.setString(4, digestJson);
                    ps.setTimestamp(5, Timestamp.from(now));
                    ps.setTimestamp(6, Timestamp.from(now));
                    ps.setTimestamp(7, Timestamp.from(giveUpAt));
                }) > 0;
    }

    /**
     * The subscription's latest delivery for the account under {@code noiseKey} (see {@link PlannedAlert}): any, or
     * only one the leader was told of (sent or on its way; not suppressed, given up or cancelled).
     */
    public Optional<NoiseControl.Prior> latest(UUID subscriptionId, UUID accountId, String noiseKey, boolean told) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT severity, created_at, status FROM notification_delivery
                     WHERE subscription_id = ? AND account_id = ? AND noise_key = ?
                       AND (NOT ? OR status IN ('PENDING', 'DELIVERED'))
                     ORDER BY created_at DESC LIMIT 1""")) {
            ps.setObject(1, subscriptionId);
            ps.setObject(2, accountId);
            ps.setString(3, noiseKey);
            ps.setBoolean(4, told);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new NoiseControl.Prior(rs.getInt(1), rs.getTimestamp(2).toInstant(),
                        Set.of(Status.PENDING.name(), Status.DELIVERED.name()).contains(rs.getString(3))))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not read the deliveries of " + subscriptionId, e);
        }
    }

    /** Claims the delivery due soonest, locked until the caller's transaction ends; empty when none is due. */
    public Optional<Due> claimDue(Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT d.delivery_id, d.subscription_id, d.attempts, d.created_at, d.give_up_at, s.channel, s.target,
                            s.secret, a.alert_id, a.alert_type, a.raised_at, a.payload::text, d.digest::text,
                            s.deleted_at IS NOT NULL
                     FROM notification_delivery d
                     JOIN notification_subscription s ON s.subscription_id = d.subscription_id
                     LEFT JOIN alert a ON a.alert_id = d.alert_id
                     WHERE d.status = 'PENDING' AND d.next_attempt_at <= ?
                     ORDER BY d.next_attempt_at LIMIT 1
                     FOR UPDATE OF d SKIP LOCKED""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Timestamp raisedAt = rs.getTimestamp(11);
                return Optional.of(new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3),
                        rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
                        Channel.valueOf(rs.getString(6)), rs.getString(7),
                        secrets.decrypt(rs.getString(8), SubscriptionStore.purpose(rs.getObject(2, UUID.class))),
                        rs.getObject(9, UUID.class), alertType(rs.getString(10)), raisedAt == null ? null : raisedAt.toInstant(),
                        rs.getString(12), rs.getString(13), rs.getBoolean(14)));
            }
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not claim a due delivery", e);
        }
    }

    /** Records an attempt and what follows from it: delivered, another try at {@code nextAttempt}, or given up. */
    public void recordAttempt(UUID deliveryId, Attempt attempt, Status status, String statusReason,
                              Instant nextAttempt) {
        execute("INSERT INTO notification_attempt (delivery_id, attempt, started_at, duration_ms, succeeded, outcome) "
                + "VALUES (?, ?, ?, ?, ?, ?)", "record an attempt of " + deliveryId, ps -> {
            ps.setObject(1, deliveryId);
            ps.setInt(2, attempt.attempt());
            ps.setTimestamp(3, Timestamp.from(attempt.startedAt()));
            ps.setLong(4, attempt.durationMs());
            ps.setBoolean(5, attempt.succeeded());
            ps.setString(6, attempt.outcome());
        });
        execute("""
                UPDATE notification_delivery SET attempts = ?, status = ?, status_reason = ?, next_attempt_at = ?,
                    delivered_at = CASE WHEN ? THEN ? ELSE delivered_at END
                WHERE delivery_id = ?""", "update delivery " + deliveryId, ps -> {
            ps.setInt(1, attempt.attempt());
            ps.setString(2, status.name());
            ps.setString(3, statusReason);
            ps.setTimestamp(4, nextAttempt == null ? null : Timestamp.from(nextAttempt));
            ps.setBoolean(5, status == Status.DELIVERED);
            ps.setTimestamp(6, Timestamp.from(attempt.startedAt().plusMillis(attempt.durationMs())));
            ps.setObject(7, deliveryId);
        });
    }

    /** A delivery that is not to be sent after all (its subscription was deleted meanwhile). */
    public void cancel(UUID deliveryId, String reason) {
        execute("UPDATE notification_delivery SET status = 'CANCELLED', status_reason = ?, next_attempt_at = NULL "
                + "WHERE delivery_id = ?", "cancel delivery " + deliveryId, ps -> {
            ps.setString(1, reason);
            ps.setObject(2, deliveryId);
        });
    }

    /** A deleted subscription's deliveries still waiting are not sent. */
    public int cancelPending(UUID subscriptionId) {
        return execute("UPDATE notification_delivery SET status = 'CANCELLED', status_reason = 'the subscription was "
                + "deleted', next_attempt_at = NULL WHERE subscription_id = ? AND status = 'PENDING'",
                "cancel the deliveries of " + subscriptionId, ps -> ps.setObject(1, subscriptionId));
    }

    /** @param visible deliveries of subscriptions the caller may not see are left out */
    public Paging.Page<Delivery> list(UUID alertId, String status, UUID subscriptionId, TeamScope visible,
                                      Paging paging) {
        String[] teams = visible.asSqlArray();
        try {
            Paging.Page<Delivery> page = PagedQuery.run(dataSource, """
                            d.delivery_id, d.subscription_id, d.kind, d.alert_id, d.account_id, d.alert_type, d.status,
                            d.status_reason, d.attempts, d.created_at, d.next_attempt_at, d.delivered_at, d.give_up_at""",
                    "FROM notification_delivery d JOIN notification_subscription s USING (subscription_id) "
                            + "WHERE (?::uuid IS NULL OR d.alert_id = ?) AND (?::text IS NULL OR d.status = ?) "
                            + "AND (?::uuid IS NULL OR d.subscription_id = ?) "
                            + "AND (?::text[] IS NULL OR (s.team_ids <@ ?::text[] "
                            + "AND (d.team_id IS NULL OR d.team_id = ANY(?::text[]))))",
                    "ORDER BY d.created_at, d.delivery_id",
                    Arrays.asList(alertId, alertId, status, status, subscriptionId, subscriptionId, teams, teams, teams),
                    paging,
                    rs -> new Delivery(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), alertType(rs.getString(6)), rs.getString(7),
                            rs.getString(8), rs.getInt(9), instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11)),
                            instant(rs.getTimestamp(12)), instant(rs.getTimestamp(13)), List.of()));
            Map<UUID, List<Attempt>> attempts = attemptsOf(page.items().stream().map(Delivery::deliveryId).toList());
            return new Paging.Page<>(page.items().stream().map(d -> new Delivery(d.deliveryId(), d.subscriptionId(),
                    d.kind(), d.alertId(), d.accountId(), d.alertType(), d.status(), d.statusReason(), d.attempts(),
                    d.createdAt(), d.nextAttemptAt(), d.deliveredAt(), d.giveUpAt(),
                    attempts.getOrDefault(d.deliveryId(), List.of()))).toList(), page.page(), page.size(), page.total());
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not list deliveries", e);
        }
    }

    private Map<UUID, List<Attempt>> attemptsOf(List<UUID> deliveryIds) throws SQLException {
        Map<UUID, List<Attempt>> attempts = new LinkedHashMap<>();
        if (deliveryIds.isEmpty()) {
            return attempts;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT delivery_id, attempt, started_at, duration_ms, succeeded, "
                     + "outcome FROM notification_attempt WHERE delivery_id = ANY(?) ORDER BY delivery_id, attempt")) {
            ps.setArray(1, c.createArrayOf("uuid", deliveryIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    attempts.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new Attempt(rs.getInt(2), rs.getTimestamp(3).toInstant(), rs.getLong(4),
                                    rs.getBoolean(5), rs.getString(6)));
                }
            }
        }
        return attempts;
    }

    /** A digest's delivery has no alert, so no type. */
    private static AlertType alertType(String name) {
        return name == null ? null : AlertType.valueOf(name);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private int execute(String sql, String what, Sql.Parameters parameters) {
        return Sql.update(dataSource, sql, what, parameters);
    }
}
