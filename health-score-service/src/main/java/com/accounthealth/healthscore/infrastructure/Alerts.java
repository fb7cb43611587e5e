package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.CloudEvents;
import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.eventstore.Outbox;
import com.accounthealth.eventstore.OutboxRecord;
import com.accounthealth.webapi.Paging;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Alerts: recorded once per transition (the unique key makes a second attempt a no-op) and announced on
 * {@code account-health-alerts} as CloudEvents through the outbox, in the same transaction.
 */
@ApplicationScoped
public class Alerts {

    public static final String TOPIC = "account-health-alerts";

    public record Alert(UUID alertId, UUID accountId, String alertType, Instant raisedAt, String teamId, JsonNode payload) {
    }

    private final DataSource dataSource;
    private final Outbox outbox;
    private final ObjectMapper json;

    public Alerts(DataSource dataSource, Outbox outbox, ObjectMapper json) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.json = json;
    }

    /** Raises the alert unless this transition raised it already; returns whether it was raised now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean raise(UUID accountId, String alertType, String transitionKey, String teamId, Instant at,
                         ObjectNode payload) {
        UUID alertId = UUID.nameUUIDFromBytes((accountId + "/" + alertType + "/" + transitionKey).getBytes());
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO alert (alert_id, account_id, alert_type, transition_key, raised_at, team_id, payload)
                     VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING""")) {
            ps.setObject(1, alertId);
            ps.setObject(2, accountId);
            ps.setString(3, alertType);
            ps.setString(4, transitionKey);
            ps.setTimestamp(5, Timestamp.from(at));
            ps.setString(6, teamId);
            ps.setString(7, json.writeValueAsString(payload));
            if (ps.executeUpdate() == 0) {
                return false;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not record alert " + alertType + " for " + accountId, e);
        }
        ObjectNode ce = json.createObjectNode()
                .put("specversion", CloudEvents.SPEC_VERSION)
                .put("id", alertId.toString())
                .put("source", "/health-score-service")
                .put("type", CloudEvents.type("com.accounthealth.health", alertType, 1))
                .put("subject", accountId.toString())
                .put("time", at.toString())
                .put("datacontenttype", "application/json");
        ce.set("data", payload);
        try {
            outbox.enqueue(List.of(new OutboxRecord(TOPIC, accountId.toString(), json.writeValueAsString(ce))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return true;
    }

    public Paging.Page<Alert> since(Instant since, Paging paging) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement count = c.prepareStatement("SELECT count(*) FROM alert WHERE raised_at >= ?");
             PreparedStatement ps = c.prepareStatement("""
                     SELECT alert_id, account_id, alert_type, raised_at, team_id, payload::text FROM alert
                     WHERE raised_at >= ? ORDER BY raised_at, alert_id LIMIT ? OFFSET ?""")) {
            count.setTimestamp(1, Timestamp.from(since));
            ps.setTimestamp(1, Timestamp.from(since));
            ps.setInt(2, paging.size());
            ps.setInt(3, paging.offset());
            long total;
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
            List<Alert> alerts = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    alerts.add(new Alert(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getString(5), json.readTree(rs.getString(6))));
                }
            }
            return paging.page(alerts, total);
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not list alerts", e);
        }
    }
}
