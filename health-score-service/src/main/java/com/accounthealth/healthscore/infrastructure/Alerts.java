package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.CloudEvents;
import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.eventstore.Outbox;
import com.accounthealth.eventstore.OutboxRecord;
import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.webapi.PagedQuery;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.security.TeamScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Alerts: recorded once per transition (the unique key makes a second attempt a no-op) and announced on
 * {@code account-health-alerts} as CloudEvents through the outbox, in the same transaction.
 */
@ApplicationScoped
public class Alerts {

    public static final String TOPIC = "account-health-alerts";

    /** @param announced published and notified; false for an alert recorded from replayed history */
    public record Alert(UUID alertId, UUID accountId, AlertType alertType, Instant raisedAt, String teamId, JsonNode payload,
                        boolean announced) {
    }

    private final DataSource dataSource;
    private final Outbox outbox;
    private final ObjectMapper json;
    /**
     * Alerts known to be raised already. Every evaluation of an account with a standing competitive gap or growth
     * signal asks to raise its alert again; this answers the repeats without a round trip to the database. Bounded,
     * Caffeine's eviction; only alerts found committed are kept, so a rolled-back raise is not remembered.
     */
    private final Map<UUID, Boolean> alreadyRaised = Caffeine.newBuilder().maximumSize(100_000)
            .<UUID, Boolean>build().asMap();

    public Alerts(DataSource dataSource, Outbox outbox, ObjectMapper json) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.json = json;
    }

    /**
     * An alert a transition calls for; {@code summary} says what happened, for the log. Its id is derived from the
     * account, the type and the transition, so the same transition always names the same alert. One that is not
     * {@code news} (replayed history) is recorded without being announced again.
     */
    public record Candidate(UUID accountId, AlertType alertType, String transitionKey, String teamId, Instant at,
                            ObjectNode payload, String summary, boolean news) {
        public UUID alertId() {
            return idOf(accountId, alertType, transitionKey);
        }

        static UUID idOf(UUID accountId, AlertType alertType, String transitionKey) {
            return UUID.nameUUIDFromBytes((accountId + "/" + alertType + "/" + transitionKey).getBytes());
        }
    }

    /**
     * Whether this transition's alert is known to be raised already, so that a caller need not build the candidate
     * (false: not known here, {@link #raiseAll} decides).
     */
    public boolean knownRaised(UUID accountId, AlertType alertType, String transitionKey) {
        return alreadyRaised.containsKey(Candidate.idOf(accountId, alertType, transitionKey));
    }

    /**
     * Raises each candidate whose transition has not raised it already, in one statement, and writes the raised ones
     * to the outbox in one batch; returns the alerts raised now, in the candidates' order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Alert> raiseAll(List<Candidate> candidates) {
        Map<UUID, Candidate> asked = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            UUID id = c.alertId();
            if (!alreadyRaised.containsKey(id)) {
                asked.putIfAbsent(id, c);
            }
        }
        if (asked.isEmpty()) {
            return List.of();
        }
        int n = asked.size();
        Object[] ids = new Object[n], accounts = new Object[n], types = new Object[n], keys = new Object[n],
                times = new Object[n], teams = new Object[n], payloads = new Object[n];
        int i = 0;
        try {
            for (Map.Entry<UUID, Candidate> e : asked.entrySet()) {
                Candidate c = e.getValue();
                ids[i] = e.getKey();
                accounts[i] = c.accountId();
                types[i] = c.alertType().name();
                keys[i] = c.transitionKey();
                times[i] = c.at().toString();
                teams[i] = c.teamId();
                payloads[i] = json.writeValueAsString(c.payload());
                i++;
            }
        } catch (JsonProcessingException e) {
            throw new EventStoreFailure("Could not write " + n + " alerts as JSON", e);
        }
        Set<UUID> inserted = new HashSet<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO alert (alert_id, account_id, alert_type, transition_key, raised_at, team_id, payload)
                     SELECT id, a, ty, k, t::timestamptz, te, p::jsonb
                     FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                          AS x(id, a, ty, k, t, te, p)
                     ON CONFLICT DO NOTHING RETURNING alert_id""")) {
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("uuid", accounts));
            ps.setArray(3, c.createArrayOf("text", types));
            ps.setArray(4, c.createArrayOf("text", keys));
            ps.setArray(5, c.createArrayOf("text", times));
            ps.setArray(6, c.createArrayOf("text", teams));
            ps.setArray(7, c.createArrayOf("text", payloads));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not record " + n + " alerts", e);
        }
        List<Alert> raised = new ArrayList<>();
        asked.forEach((id, c) -> {
            if (inserted.contains(id)) {
                raised.add(new Alert(id, c.accountId(), c.alertType(), c.at(), c.teamId(), c.payload(), c.news()));
            } else {
                // The row is committed (a conflict with an open transaction waits for it): it stays raised.
                alreadyRaised.put(id, Boolean.TRUE);
            }
        });
        outbox.enqueue(raised.stream().filter(Alert::announced)
                .map(a -> new OutboxRecord(TOPIC, a.accountId().toString(), cloudEvent(a))).toList());
        return raised;
    }

    /** The alert as a CloudEvent: what {@value #TOPIC} carries and webhooks receive. */
    public String cloudEvent(Alert alert) {
        return cloudEvent(alert.alertId().toString(), CloudEvents.type("com.accounthealth.health", alert.alertType().name(), 1),
                alert.accountId().toString(), alert.raisedAt(), alert.payload());
    }

    /** A CloudEvent of this service (an alert, or a notification such as a digest) around {@code data}. */
    public String cloudEvent(String id, String type, String subject, Instant time, JsonNode data) {
        return CloudEvents.toJson(id, "/health-score-service", type, subject, time, data);
    }

    /** @param visible the teams the caller may see; alerts of other teams' accounts are left out */
    public Paging.Page<Alert> since(Instant since, TeamScope visible, Paging paging) {
        try {
            String[] teams = visible.asSqlArray();
            return PagedQuery.run(dataSource, "alert_id, account_id, alert_type, raised_at, team_id, payload::text",
                    "FROM alert WHERE raised_at >= ? AND (?::text[] IS NULL OR team_id = ANY(?))",
                    "ORDER BY raised_at, alert_id", Arrays.asList(Timestamp.from(since), teams, teams), paging,
                    rs -> new Alert(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), AlertType.valueOf(rs.getString(3)),
                            rs.getTimestamp(4).toInstant(), rs.getString(5), payload(rs.getString(6)), true));
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
