package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.EventStoreFailure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Every event this service applied, kept as it arrived. An event id is stored at most once: a redelivered record
 * changes nothing. As-of queries and re-scoring read from here, not from the writers or Kafka.
 */
@ApplicationScoped
public class Inbox {

    /** A decoded record: the CloudEvent and where it came from. */
    public record Arrival(UUID eventId, UUID accountId, String topic, String type, Instant occurredAt, int partition,
                          long offset, String cloudEvent) {
    }

    private final DataSource dataSource;
    private final ObjectMapper json;

    public Inbox(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Stores the arrivals not seen before; returns, per account, the ids of the events that are new. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, List<UUID>> store(List<Arrival> arrivals) {
        Map<UUID, List<UUID>> fresh = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO inbox (event_id, account_id, topic, event_type, occurred_at, kafka_partition,
                                        kafka_offset, cloud_event)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb) ON CONFLICT (event_id) DO NOTHING""")) {
            for (Arrival a : arrivals) {
                ps.setObject(1, a.eventId());
                ps.setObject(2, a.accountId());
                ps.setString(3, a.topic());
                ps.setString(4, a.type());
                ps.setTimestamp(5, Timestamp.from(a.occurredAt()));
                ps.setInt(6, a.partition());
                ps.setLong(7, a.offset());
                ps.setString(8, a.cloudEvent());
                if (ps.executeUpdate() == 1) {
                    fresh.computeIfAbsent(a.accountId(), k -> new ArrayList<>()).add(a.eventId());
                }
            }
            return fresh;
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not store " + arrivals.size() + " events in the inbox", e);
        }
    }

    /** The account's events that happened up to {@code asOf} (all of them when null). */
    public List<JsonNode> eventsOf(UUID accountId, Instant asOf) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT cloud_event::text FROM inbox
                     WHERE account_id = ? AND (?::timestamptz IS NULL OR occurred_at <= ?::timestamptz)""")) {
            ps.setObject(1, accountId);
            Timestamp at = asOf == null ? null : Timestamp.from(asOf);
            ps.setTimestamp(2, at);
            ps.setTimestamp(3, at);
            List<JsonNode> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(json.readTree(rs.getString(1)));
                }
            }
            return events;
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not read the inbox of account " + accountId, e);
        }
    }

    /** Every account the inbox knows, for re-scoring. */
    public Set<UUID> accounts() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT account_id FROM inbox");
             ResultSet rs = ps.executeQuery()) {
            Set<UUID> ids = new LinkedHashSet<>();
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
            return ids;
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not list the inbox's accounts", e);
        }
    }
}
