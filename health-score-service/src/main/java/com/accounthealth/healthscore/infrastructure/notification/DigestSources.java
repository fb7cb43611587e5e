package com.accounthealth.healthscore.infrastructure.notification;

import com.accounthealth.healthscore.infrastructure.Sql;
import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.domain.notification.AlertNotice;
import com.accounthealth.healthscore.domain.notification.AlertedAccount;
import com.accounthealth.healthscore.domain.notification.Digest;
import com.accounthealth.webapi.PagedQuery;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What a digest is made of, read from the health records: standings now, status changes and alerts of a period. */
@ApplicationScoped
public class DigestSources {

    private final DataSource dataSource;
    private final ObjectMapper json;

    public DigestSources(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Every account at risk of the given teams, as it stands now. */
    public List<Digest.Standing> atRisk(String[] teams) {
        return query("SELECT account_id, name, team_id, tier, arr, currency, status, score FROM account_health "
                + "WHERE status = 'AT_RISK' AND team_id = ANY(?)", ps -> ps.setObject(1, teams), rs ->
                new Digest.Standing(account(rs), rs.getString(7), (Integer) rs.getObject(8)));
    }

    /** Status changes of the given teams' accounts evaluated in [from, to). */
    public List<Digest.StatusChange> statusChanges(String[] teams, Instant from, Instant to) {
        return statusChangesWhere("a.team_id = ANY(?) AND h.evaluated_at >= ? AND h.evaluated_at < ?", ps -> {
            ps.setObject(1, teams);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
        });
    }

    /** The status changes a re-score job recorded (it started at {@code since}), every team's. */
    public List<Digest.StatusChange> statusChangesOfJob(UUID jobId, Instant since) {
        return statusChangesWhere("h.evaluated_at >= ? AND h.cause->>'rescore' = ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(since));
            ps.setString(2, jobId.toString());
        });
    }

    /** The changes of status in history that also meet {@code condition}, in the order they were evaluated. */
    private List<Digest.StatusChange> statusChangesWhere(String condition, Sql.Parameters parameters) {
        return query("""
                SELECT h.account_id, a.name, a.team_id, a.tier, a.arr, a.currency, h.evaluated_at, h.previous_status,
                       h.status, h.score
                FROM health_history h JOIN account_health a USING (account_id)
                WHERE %s AND h.previous_status IS DISTINCT FROM h.status
                ORDER BY h.evaluated_at, h.id""".formatted(condition), parameters, rs -> new Digest.StatusChange(
                account(rs), rs.getTimestamp(7).toInstant(), rs.getString(8), rs.getString(9),
                (Integer) rs.getObject(10)));
    }

    /** Competitive gaps and growth signals raised for the given teams' accounts in [from, to). */
    public List<AlertNotice> gapsAndGrowthSignals(String[] teams, Instant from, Instant to) {
        return query("""
                SELECT alert_id, alert_type, raised_at, payload::text FROM alert
                WHERE alert_type IN ('COMPETITIVE_GAP', 'GROWTH_SIGNAL') AND team_id = ANY(?)
                  AND raised_at >= ? AND raised_at < ?
                ORDER BY raised_at, alert_id""", ps -> {
            ps.setObject(1, teams);
            ps.setTimestamp(2, Timestamp.from(from));
            ps.setTimestamp(3, Timestamp.from(to));
        }, rs -> {
            try {
                return AlertNotices.from(rs.getObject(1, UUID.class), AlertType.valueOf(rs.getString(2)),
                        rs.getTimestamp(3).toInstant(), json.readTree(rs.getString(4)));
            } catch (IOException e) {
                throw new SQLException("An alert's payload is not JSON", e);
            }
        });
    }

    private static AlertedAccount account(ResultSet rs) throws SQLException {
        return new AlertedAccount(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getBigDecimal(5), rs.getString(6));
    }

    private <T> List<T> query(String sql, Sql.Parameters parameters, PagedQuery.Row<T> row) {
        return Sql.query(dataSource, sql, "read what a digest is made of", parameters, row);
    }
}
