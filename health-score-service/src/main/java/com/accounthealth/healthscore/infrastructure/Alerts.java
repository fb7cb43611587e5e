package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.CloudEvents;
import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.eventstore.Outbox;
import com.accounthealth.eventstore.OutboxRecord;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
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
    /**
     * Alerts known to be raised already. Every evaluation of an account with a standing competitive gap or growth
     * signal asks to raise its alert again; this answers the repeats without a round trip to the database. Bounded,
     * least recently asked first out; only alerts found committed are kept, so a rolled-back raise is not remembered.
     */
    private final Map<UUID, Boolean> alreadyRaised = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Boolean> eldest) {
            return size() > 100_000;
        }
    });

    public Alerts(DataSource dataSource, Outbox outbox, ObjectMapper json) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.json = json;
    }

    /** Raises the alert unless this transition raised it already; returns the alert when it was raised now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Alert> raise(UUID accountId, String alertType, String transitionKey, String teamId, Instant at,
                         ObjectNode payload) {
        UUID alertId = UUID.nameUUIDFromBytes((accountId + "/" + alertType + "/" + transitionKey).getBytes());
        if (alreadyRaised.containsKey(alertId)) {
            return Optional.empty();
        }
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
                // The row is committed (a conflict with an open transaction waits for it): it stays raised.
                alreadyRaised.put(alertId, Boolean.TRUE);
                return Optional.empty();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not record alert " + alertType + " for " + accountId, e);
        }
        Alert alert = new Alert(alertId, accountId, alertType, at, teamId, payload);
        outbox.enqueue(List.of(new OutboxRecord(TOPIC, accountId.toString(), cloudEvent(alert))));
        return Optional.of(alert);
    }

    /** The alert as a CloudEvent: what {@value #TOPIC} carries and webhooks receive. */
    public String cloudEvent(Alert alert) {
        return cloudEvent(alert.alertId().toString(), CloudEvents.type("com.accounthealth.health", alert.alertType(), 1),
                alert.accountId().toString(), alert.raisedAt(), alert.payload());
    }

    /** A CloudEvent of this service (an alert, or a notification such as a digest) around {@code data}. */
    public String cloudEvent(String id, String type, String subject, Instant time, JsonNode data) {
        ObjectNode ce = json.createObjectNode()
                .put("specversion", CloudEvents.SPEC_VERSION)
                .put("id", id)
                .put("source", "/health-score-service")
                .put("type", type)
                .put("subject", subject)
                .put("time", time.toString())
                .put("datacontenttype", "application/json");
        ce.set("data", data);
        try {
            return json.writeValueAsString(ce);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @param visible the teams the caller may see; alerts of other teams' accounts are left out */
    public Paging.Page<Alert> since(Instant since, TeamScope visible, Paging paging) {
        try {
            String[] teams = visible.asSqlArray();
            return PagedQuery.run(dataSource, "alert_id, account_id, alert_type, raised_at, team_id, payload::text",
                    "FROM alert WHERE raised_at >= ? AND (?::text[] IS NULL OR team_id = ANY(?))",
                    "ORDER BY raised_at, alert_id", Arrays.asList(Timestamp.from(since), teams, teams), paging,
                    rs -> new Alert(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getString(5), payload(rs.getString(6))));
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not list alerts", e);
        }
    }

    private JsonNode payload(String text) throws SQLException {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("An alert's payload is not JSON", e);
        }
    }
}
