package com.accounthealth.healthscore.infrastructure.notification;

import com.accounthealth.healthscore.infrastructure.Sql;
import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.domain.notification.Channel;
import com.accounthealth.healthscore.domain.notification.DigestFrequency;
import com.accounthealth.healthscore.domain.notification.Subscription;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Subscriptions in PostgreSQL. A deleted subscription is kept (its deliveries still name it) but no longer matches.
 * A caller limited to some teams sees a subscription only when every team it covers is one of the caller's.
 */
@ApplicationScoped
public class SubscriptionStore {

    private static final Logger LOG = Logger.getLogger(SubscriptionStore.class);

    static final String COLUMNS = "subscription_id, leader_id, leader_name, team_ids, tiers, min_arr, min_arr_currency, "
            + "alert_types, channel, target, digest, last_digest_at, version";
    /** Parameters: the caller's teams twice (null: every team). */
    static final String VISIBLE = "(?::text[] IS NULL OR team_ids <@ ?::text[])";

    private final DataSource dataSource;
    private final SecretsAtRest secrets;

    public SubscriptionStore(DataSource dataSource, SecretsAtRest secrets) {
        this.dataSource = dataSource;
        this.secrets = secrets;
    }

    /** What a subscription's signing secret is encrypted for: that subscription's column, nothing else. */
    static String purpose(UUID subscriptionId) {
        return "webhook signing secret of " + subscriptionId;
    }

    void encryptPlainSecretsAtStart(@Observes StartupEvent ignored) {
        encryptPlainSecrets();
    }

    /**
     * Encrypts the secrets stored before encryption at rest began (at start, by every replica: a row another one
     * encrypted meanwhile no longer matches); returns how many.
     */
    public int encryptPlainSecrets() {
        List<Map.Entry<UUID, String>> plain = Sql.query(dataSource, "SELECT subscription_id, secret "
                + "FROM notification_subscription WHERE secret IS NOT NULL AND secret NOT LIKE '" + SecretsAtRest.PREFIX
                + "%'", "read the secrets stored in plain text", ps -> { },
                rs -> Map.entry(rs.getObject(1, UUID.class), rs.getString(2)));
        for (Map.Entry<UUID, String> p : plain) {
            Sql.update(dataSource, "UPDATE notification_subscription SET secret = ? WHERE subscription_id = ? AND secret = ?",
                    "encrypt the secret of " + p.getKey(), ps -> {
                        ps.setString(1, secrets.encrypt(p.getValue(), purpose(p.getKey())));
                        ps.setObject(2, p.getKey());
                        ps.setString(3, p.getValue());
                    });
        }
        if (!plain.isEmpty()) {
            LOG.infof("Encrypted the webhook signing secrets of %d subscriptions stored before encryption at rest",
                    plain.size());
        }
        return plain.size();
    }

    public void insert(Subscription s, String secret, String createdBy, Instant at) {
        update("""
                INSERT INTO notification_subscription (subscription_id, leader_id, leader_name, team_ids, tiers, min_arr,
                    min_arr_currency, alert_types, channel, target, secret, digest, last_digest_at, created_by, created_at,
                    updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)""", "create subscription " + s.subscriptionId(),
                ps -> {
                    ps.setObject(1, s.subscriptionId());
                    ps.setString(2, s.leaderId());
                    ps.setString(3, s.leaderName());
                    ps.setArray(4, textArray(ps.getConnection(), s.teamIds()));
                    ps.setArray(5, textArray(ps.getConnection(), s.tiers()));
                    ps.setBigDecimal(6, s.minArr());
                    ps.setString(7, s.minArrCurrency());
                    ps.setArray(8, textArray(ps.getConnection(), names(s.alertTypes())));
                    ps.setString(9, s.channel().name());
                    ps.setString(10, s.target());
                    ps.setString(11, secrets.encrypt(secret, purpose(s.subscriptionId())));
                    ps.setString(12, s.digest().name());
                    ps.setTimestamp(13, Timestamp.from(at));
                    ps.setString(14, createdBy);
                    ps.setTimestamp(15, Timestamp.from(at));
                    ps.setTimestamp(16, Timestamp.from(at));
                });
    }

    /**
     * Replaces what the subscription is and where it goes, if it is still at {@code expectedVersion}; a new secret
     * replaces the old one when given. Returns whether it was.
     */
    public boolean replace(Subscription s, int expectedVersion, String newSecret, Instant at) {
        return update("""
                UPDATE notification_subscription SET leader_id = ?, leader_name = ?, team_ids = ?, tiers = ?, min_arr = ?,
                    min_arr_currency = ?, alert_types = ?, channel = ?, target = ?, secret = coalesce(?, secret),
                    digest = ?, updated_at = ?, version = version + 1
                WHERE subscription_id = ? AND version = ? AND deleted_at IS NULL""",
                "update subscription " + s.subscriptionId(), ps -> {
            ps.setString(1, s.leaderId());
            ps.setString(2, s.leaderName());
            ps.setArray(3, textArray(ps.getConnection(), s.teamIds()));
            ps.setArray(4, textArray(ps.getConnection(), s.tiers()));
            ps.setBigDecimal(5, s.minArr());
            ps.setString(6, s.minArrCurrency());
            ps.setArray(7, textArray(ps.getConnection(), names(s.alertTypes())));
            ps.setString(8, s.channel().name());
            ps.setString(9, s.target());
            ps.setString(10, secrets.encrypt(newSecret, purpose(s.subscriptionId())));
            ps.setString(11, s.digest().name());
            ps.setTimestamp(12, Timestamp.from(at));
            ps.setObject(13, s.subscriptionId());
            ps.setInt(14, expectedVersion);
        });
    }

    /** Rotates the secret if the subscription is still at {@code expectedVersion}; returns whether it was. */
    public boolean rotateSecret(UUID subscriptionId, int expectedVersion, String secret, Instant at) {
        return update("UPDATE notification_subscription SET secret = ?, updated_at = ?, version = version + 1 "
                + "WHERE subscription_id = ? AND version = ? AND deleted_at IS NULL", "rotate the secret of "
                + subscriptionId, ps -> {
            ps.setString(1, secrets.encrypt(secret, purpose(subscriptionId)));
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setObject(3, subscriptionId);
            ps.setInt(4, expectedVersion);
        });
    }

    /** Deletes the subscription if it is still at {@code expectedVersion}; returns whether it was. */
    public boolean delete(UUID subscriptionId, int expectedVersion, Instant at) {
        return update("UPDATE notification_subscription SET deleted_at = ?, version = version + 1 "
                + "WHERE subscription_id = ? AND version = ? AND deleted_at IS NULL", "delete subscription "
                + subscriptionId, ps -> {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setObject(2, subscriptionId);
            ps.setInt(3, expectedVersion);
        });
    }

    /** The subscription if it exists, is not deleted, and the caller may see it. */
    public Optional<Subscription> find(UUID subscriptionId, TeamScope visible) {
        String[] teams = visible.asSqlArray();
        List<Subscription> found = query("SELECT " + COLUMNS + " FROM notification_subscription "
                + "WHERE subscription_id = ? AND deleted_at IS NULL AND " + VISIBLE, "read subscription " + subscriptionId,
                ps -> {
                    ps.setObject(1, subscriptionId);
                    ps.setObject(2, teams);
                    ps.setObject(3, teams);
                });
        return found.stream().findFirst();
    }

    public Paging.Page<Subscription> list(String teamId, String leaderId, TeamScope visible, Paging paging) {
        String[] teams = visible.asSqlArray();
        try {
            return PagedQuery.run(dataSource, COLUMNS, "FROM notification_subscription WHERE deleted_at IS NULL AND "
                            + VISIBLE + " AND (?::text IS NULL OR ? = ANY(team_ids)) AND (?::text IS NULL OR leader_id = ?)",
                    "ORDER BY created_at, subscription_id",
                    Arrays.asList(teams, teams, teamId, teamId, leaderId, leaderId), paging, SubscriptionStore::read);
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not list subscriptions", e);
        }
    }

    /** Every subscription in force, for matching an alert (a leader's handful each: few enough to match in memory). */
    public List<Subscription> active() {
        return query("SELECT " + COLUMNS + " FROM notification_subscription WHERE deleted_at IS NULL",
                "read the subscriptions", ps -> { });
    }

    /** One subscription whose digest is due, locked until the caller's transaction ends (replicas skip it). */
    public Optional<Subscription> lockDueDigest(Instant now) {
        Timestamp at = Timestamp.from(now);
        return query("SELECT " + COLUMNS + " FROM notification_subscription WHERE deleted_at IS NULL AND ("
                        + "(digest = 'DAILY' AND last_digest_at <= ?::timestamptz - interval '1 day') OR "
                        + "(digest = 'WEEKLY' AND last_digest_at <= ?::timestamptz - interval '7 days') OR "
                        + "(digest = 'MONTHLY' AND last_digest_at <= ?::timestamptz - interval '1 month')) "
                        + "ORDER BY last_digest_at LIMIT 1 FOR UPDATE SKIP LOCKED", "read due digests", ps -> {
                    ps.setTimestamp(1, at);
                    ps.setTimestamp(2, at);
                    ps.setTimestamp(3, at);
                }).stream().findFirst();
    }

    public void digestSent(UUID subscriptionId, Instant at) {
        update("UPDATE notification_subscription SET last_digest_at = ? WHERE subscription_id = ?",
                "record the digest of " + subscriptionId, ps -> {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setObject(2, subscriptionId);
                });
    }

    private static Subscription read(ResultSet rs) throws SQLException {
        return new Subscription(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), set(rs.getArray(4)),
                set(rs.getArray(5)), rs.getBigDecimal(6), rs.getString(7), alertTypes(rs.getArray(8)),
                Channel.valueOf(rs.getString(9)), rs.getString(10), DigestFrequency.valueOf(rs.getString(11)),
                rs.getTimestamp(12).toInstant(), rs.getInt(13));
    }

    private static LinkedHashSet<String> set(Array array) throws SQLException {
        return new LinkedHashSet<>(Arrays.asList((String[]) array.getArray()));
    }

    private static LinkedHashSet<AlertType> alertTypes(Array array) throws SQLException {
        LinkedHashSet<AlertType> types = new LinkedHashSet<>();
        set(array).forEach(name -> types.add(AlertType.valueOf(name)));
        return types;
    }

    private static List<String> names(java.util.Collection<AlertType> types) {
        return types.stream().map(AlertType::name).toList();
    }

    private static Array textArray(Connection c, java.util.Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray(String[]::new));
    }

    private boolean update(String sql, String what, Sql.Parameters parameters) {
        return Sql.update(dataSource, sql, what, parameters) > 0;
    }

    private List<Subscription> query(String sql, String what, Sql.Parameters parameters) {
        return Sql.query(dataSource, sql, what, parameters, SubscriptionStore::read);
    }
}
