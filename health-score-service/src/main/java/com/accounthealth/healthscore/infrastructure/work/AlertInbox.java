package com.accounthealth.healthscore.infrastructure.work;

import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.domain.work.AlertWork;
import com.accounthealth.healthscore.infrastructure.Sql;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Alerts with their work state, as a team's inbox reads them: one query over alert and alert_work, never one per alert. */
@ApplicationScoped
public class AlertInbox {

    /** An alert and where the work on it stands; {@code payload} is what the alert announced (account, reasons). */
    /** @param snoozed whether it is snoozed now (its snooze has not ended) */
    public record Item(UUID alertId, UUID accountId, AlertType alertType, Instant raisedAt, String teamId,
                       JsonNode payload, AlertWork work, boolean snoozed) {
    }

    public record Activity(Instant at, String actor, String action, String detail) {
    }

    /**
     * @param states     the work states to list; empty: every state
     * @param assignee   only alerts handed to this account executive; null: anyone's
     * @param alertType  only this type; null: every type
     * @param snoozed    true: only those snoozed now; false: only those not snoozed now
     */
    public record Filter(List<AlertWork.State> states, String assignee, AlertType alertType, boolean snoozed,
                         String teamId) {
    }

    private static final String COLUMNS = """
            a.alert_id, a.account_id, a.alert_type, a.raised_at, a.team_id, a.payload::text, w.state, w.assignee,
            w.snoozed_until, w.acknowledged_at, w.acknowledged_by, w.resolved_at, w.resolved_by, w.resolution,
            w.escalated_at, coalesce(w.snoozed_until > now(), false)""";

    private final DataSource dataSource;
    private final ObjectMapper json;

    public AlertInbox(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** The alerts of the teams the caller may see, newest first. */
    public Paging.Page<Item> list(Filter filter, TeamScope visible, Paging paging) {
        String[] teams = visible.asSqlArray();
        String[] states = filter.states().isEmpty() ? null
                : filter.states().stream().map(Enum::name).toArray(String[]::new);
        String type = filter.alertType() == null ? null : filter.alertType().name();
        try {
            return PagedQuery.run(dataSource, COLUMNS, """
                            FROM alert a LEFT JOIN alert_work w ON w.alert_id = a.alert_id
                            WHERE (?::text[] IS NULL OR a.team_id = ANY(?))
                              AND (?::text IS NULL OR a.team_id = ?)
                              AND (?::text[] IS NULL OR coalesce(w.state, 'OPEN') = ANY(?))
                              AND (?::text IS NULL OR w.assignee = ?)
                              AND (?::text IS NULL OR a.alert_type = ?)
                              AND ? = coalesce(w.snoozed_until > now(), false)""",
                    "ORDER BY a.raised_at DESC, a.alert_id",
                    Arrays.asList(teams, teams, filter.teamId(), filter.teamId(), states, states, filter.assignee(),
                            filter.assignee(), type, type, filter.snoozed()), paging, this::item);
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not list the alert inbox", e);
        }
    }

    /** The alert, if it exists and the caller may see its team. */
    public Optional<Item> find(UUID alertId, TeamScope visible) {
        return Sql.query(dataSource, "SELECT " + COLUMNS
                        + " FROM alert a LEFT JOIN alert_work w ON w.alert_id = a.alert_id WHERE a.alert_id = ?",
                "read alert " + alertId, ps -> ps.setObject(1, alertId), this::item).stream()
                .filter(i -> visible.includes(i.teamId())).findFirst();
    }

    /**
     * AT_RISK alerts on strategic accounts of the subscription's teams (all, if it names none), raised between
     * {@code notBefore} and {@code raisedBy}, that nobody has acknowledged, resolved, snoozed or escalated; oldest
     * first. Only alerts that were announced (not those of a backfill, a model change or a re-score, which told no
     * one) and only while the account is still at risk.
     */
    public List<UUID> awaitingEscalation(UUID subscriptionId, Instant raisedBy, Instant notBefore, int limit) {
        return Sql.query(dataSource, """
             SELECT a.alert_id FROM alert a
               JOIN notification_subscription s ON s.subscription_id = ? AND s.deleted_at IS NULL
               JOIN account_health h ON h.account_id = a.account_id AND h.status = 'AT_RISK'
               LEFT JOIN alert_work w ON w.alert_id = a.alert_id
             WHERE a.alert_type = 'ACCOUNT_AT_RISK' AND a.payload->>'tier' = 'STRATEGIC'
               AND a.raised_at <= ? AND a.raised_at > ?
               AND coalesce(a.payload->'cause'->>'kind', 'NEWS') NOT IN ('BACKFILL', 'MODEL_CHANGE', 'RESCORE')
               AND (cardinality(s.team_ids) = 0 OR a.team_id = ANY(s.team_ids))
               AND (w.alert_id IS NULL OR (w.state = 'OPEN' AND w.escalated_at IS NULL
                                           AND (w.snoozed_until IS NULL OR w.snoozed_until <= now())))
             ORDER BY a.raised_at LIMIT ?""", "find alerts awaiting escalation", ps -> {
            ps.setObject(1, subscriptionId);
            ps.setTimestamp(2, Timestamp.from(raisedBy));
            ps.setTimestamp(3, Timestamp.from(notBefore));
            ps.setInt(4, limit);
        }, rs -> rs.getObject(1, UUID.class));
    }

    /** Every step of the work on the alert, oldest first. */
    public List<Activity> activity(UUID alertId) {
        return Sql.query(dataSource, "SELECT at, actor, action, detail FROM alert_activity WHERE alert_id = ? "
                        + "ORDER BY activity_id", "read the activity of alert " + alertId, ps -> ps.setObject(1, alertId),
                rs -> new Activity(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4)));
    }

    private Item item(ResultSet rs) throws SQLException {
        String state = rs.getString(7);
        AlertWork work = state == null ? AlertWork.untouched()
                : new AlertWork(AlertWork.State.valueOf(state), rs.getString(8), instant(rs.getTimestamp(9)),
                        instant(rs.getTimestamp(10)), rs.getString(11), instant(rs.getTimestamp(12)), rs.getString(13),
                        rs.getString(14), instant(rs.getTimestamp(15)));
        JsonNode payload;
        try {
            payload = json.readTree(rs.getString(6));
        } catch (JsonProcessingException e) {
            throw new SQLException("An alert's payload is not JSON", e);
        }
        return new Item(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), AlertType.valueOf(rs.getString(3)),
                rs.getTimestamp(4).toInstant(), rs.getString(5), payload, work, rs.getBoolean(16));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
