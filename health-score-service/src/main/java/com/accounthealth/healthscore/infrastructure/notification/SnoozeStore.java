package com.accounthealth.healthscore.infrastructure.notification;

import com.accounthealth.healthscore.infrastructure.Sql;
import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.domain.notification.NoiseControl.Snooze;
import com.accounthealth.webapi.security.TeamScope;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Snoozes in PostgreSQL. Ending one early moves its end to now, so the record of it stays. */
@ApplicationScoped
public class SnoozeStore {

    /** A snooze as the API shows it. */
    public record SnoozeRecord(UUID snoozeId, UUID accountId, AlertType alertType, Instant until, String reason,
                               String teamId, String createdBy, Instant createdAt) {
        public Snooze snooze() {
            return new Snooze(alertType, until, reason);
        }
    }

    private static final String COLUMNS = "snooze_id, account_id, alert_type, until, reason, team_id, created_by, created_at";

    private final DataSource dataSource;

    public SnoozeStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(SnoozeRecord s) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO notification_snooze (" + COLUMNS
                     + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, s.snoozeId());
            ps.setObject(2, s.accountId());
            ps.setString(3, s.alertType() == null ? null : s.alertType().name());
            ps.setTimestamp(4, Timestamp.from(s.until()));
            ps.setString(5, s.reason());
            ps.setString(6, s.teamId());
            ps.setString(7, s.createdBy());
            ps.setTimestamp(8, Timestamp.from(s.createdAt()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not snooze account " + s.accountId(), e);
        }
    }

    /** The account's snoozes that have not ended by {@code at}. */
    public List<Snooze> inForce(UUID accountId, Instant at) {
        return select("WHERE account_id = ? AND until > ? ORDER BY created_at", ps -> {
            ps.setObject(1, accountId);
            ps.setTimestamp(2, Timestamp.from(at));
        }).stream().map(SnoozeRecord::snooze).toList();
    }

    /** Snoozes in force, of one account or of every account the caller may see. */
    public List<SnoozeRecord> list(UUID accountId, TeamScope visible, Instant now) {
        String[] teams = visible.asSqlArray();
        return select("WHERE (?::uuid IS NULL OR account_id = ?) AND until > ? "
                + "AND (?::text[] IS NULL OR team_id = ANY(?)) ORDER BY until, snooze_id LIMIT 1000", ps -> {
            ps.setObject(1, accountId);
            ps.setObject(2, accountId);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setObject(4, teams);
            ps.setObject(5, teams);
        });
    }

    public Optional<SnoozeRecord> find(UUID snoozeId, TeamScope visible) {
        String[] teams = visible.asSqlArray();
        return select("WHERE snooze_id = ? AND (?::text[] IS NULL OR team_id = ANY(?))", ps -> {
            ps.setObject(1, snoozeId);
            ps.setObject(2, teams);
            ps.setObject(3, teams);
        }).stream().findFirst();
    }

    public void end(UUID snoozeId, Instant at) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE notification_snooze SET until = ? "
                     + "WHERE snooze_id = ? AND until > ?")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setObject(2, snoozeId);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not end snooze " + snoozeId, e);
        }
    }

    private List<SnoozeRecord> select(String where, Sql.Parameters parameters) {
        return Sql.query(dataSource, "SELECT " + COLUMNS + " FROM notification_snooze " + where, "read snoozes",
                parameters, rs -> new SnoozeRecord(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getString(3) == null ? null : AlertType.valueOf(rs.getString(3)), rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getTimestamp(8).toInstant()));
    }
}
