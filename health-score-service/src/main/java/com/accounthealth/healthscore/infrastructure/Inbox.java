package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.CloudEvents;
import com.accounthealth.eventstore.EventStoreFailure;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.NumberInput;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.cloudevents.CloudEvent;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Every event this service applied, kept as it arrived. An event id is stored at most once: a redelivered record
 * changes nothing. As-of queries and re-scoring read from here, not from the writers or Kafka.
 */
@ApplicationScoped
public class Inbox {

    /** A decoded record: the CloudEvent (exactly one JSON document, stored as it came) and where it came from. */
    public record Arrival(UUID eventId, UUID accountId, String topic, String type, Instant occurredAt, int partition,
                          long offset, String cloudEvent) {
    }

    /**
     * What folding reads of an inbox event: the CloudEvent's id, type, time, stream position and data. The inbox
     * reads these attributes in SQL and parses only the data, not the whole CloudEvent as a tree (that parse and the
     * lookups in it were half of re-scoring's CPU).
     *
     * @param time          as the CloudEvent has it (parsed where a fact needs it)
     * @param streamVersion 0 when the CloudEvent has none
     */
    public record Event(UUID id, String type, String time, String streamId, int streamVersion, JsonNode data) {

        /** The event as {@link #eventsOf} reads it from the stored CloudEvent, for one just read from a topic. */
        public static Event of(CloudEvent ce) {
            Object streamVersion = ce.getExtension("streamversion");
            return new Event(UUID.fromString(ce.getId()), ce.getType(), ce.getTime().toInstant().toString(),
                    Objects.toString(ce.getExtension("streamid"), ""),
                    streamVersion instanceof Number n ? n.intValue() : 0, CloudEvents.data(ce));
        }
    }

    /** The columns {@link #event} reads, in its order, after the account id. */
    private static final String EVENT_COLUMNS = """
            event_id, event_type, cloud_event->>'time', coalesce(cloud_event->>'streamid', ''),
            cloud_event->>'streamversion', (cloud_event->'data')::text""";

    private final DataSource dataSource;
    private final ObjectMapper json;

    public Inbox(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * Stores the arrivals not seen before, in one statement (one round trip per batch, not per event); returns, per
     * account, the ids of the events that are new, in arrival order.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, List<UUID>> store(List<Arrival> arrivals) {
        Map<UUID, List<UUID>> fresh = new LinkedHashMap<>();
        if (arrivals.isEmpty()) {
            return fresh;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO inbox (event_id, account_id, topic, event_type, occurred_at, kafka_partition,
                                        kafka_offset, cloud_event)
                     SELECT e, a, t, ty, o::timestamptz, p, k, ce
                     FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::int[], ?::bigint[])
                          WITH ORDINALITY AS x(e, a, t, ty, o, p, k, i)
                          JOIN jsonb_array_elements(?::jsonb) WITH ORDINALITY AS d(ce, i) USING (i)
                     ON CONFLICT (event_id) DO NOTHING RETURNING event_id""")) {
            int n = arrivals.size();
            Object[] ids = new Object[n], accounts = new Object[n], topics = new Object[n], types = new Object[n],
                    times = new Object[n], partitions = new Object[n], offsets = new Object[n];
            // The CloudEvents (each a JSON document already) go as one JSON array, matched to the other columns by
            // position: as a text[] the driver escaped them character by character.
            StringBuilder events = new StringBuilder(
                    2 + arrivals.stream().mapToInt(a -> a.cloudEvent().length() + 1).sum());
            for (int i = 0; i < n; i++) {
                Arrival a = arrivals.get(i);
                ids[i] = a.eventId();
                accounts[i] = a.accountId();
                topics[i] = a.topic();
                types[i] = a.type();
                times[i] = a.occurredAt().toString();
                partitions[i] = a.partition();
                offsets[i] = a.offset();
                events.append(i == 0 ? '[' : ',').append(a.cloudEvent());
            }
            events.append(']');
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("uuid", accounts));
            ps.setArray(3, c.createArrayOf("text", topics));
            ps.setArray(4, c.createArrayOf("text", types));
            ps.setArray(5, c.createArrayOf("text", times));
            ps.setArray(6, c.createArrayOf("int4", partitions));
            ps.setArray(7, c.createArrayOf("int8", offsets));
            ps.setString(8, events.toString());
            Set<UUID> inserted = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getObject(1, UUID.class));
                }
            }
            for (Arrival a : arrivals) {
                if (inserted.remove(a.eventId())) {
                    fresh.computeIfAbsent(a.accountId(), k -> new ArrayList<>()).add(a.eventId());
                }
            }
            return fresh;
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not store " + arrivals.size() + " events in the inbox", e);
        }
    }

    /** The account's events that happened up to {@code asOf} (all of them when null). */
    public List<Event> eventsOf(UUID accountId, Instant asOf) {
        return eventsOf(accountId, asOf, null);
    }

    /**
     * The account's events that happened by {@code asOf} and were recorded by their writer by {@code knownAt} (null:
     * no limit). An event from before writers stamped {@code recordedat} counts as recorded when it arrived here.
     */
    public List<Event> eventsOf(UUID accountId, Instant asOf, Instant knownAt) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT account_id, " + EVENT_COLUMNS
                     + " FROM inbox WHERE account_id = ? AND (?::timestamptz IS NULL OR occurred_at <= ?::timestamptz)"
                     + " AND (?::timestamptz IS NULL"
                     + " OR coalesce((cloud_event->>'recordedat')::timestamptz, received_at) <= ?::timestamptz)")) {
            ps.setObject(1, accountId);
            Timestamp at = asOf == null ? null : Timestamp.from(asOf);
            ps.setTimestamp(2, at);
            ps.setTimestamp(3, at);
            Timestamp known = knownAt == null ? null : Timestamp.from(knownAt);
            ps.setTimestamp(4, known);
            ps.setTimestamp(5, known);
            List<Event> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(event(rs));
                }
            }
            return events;
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not read the inbox of account " + accountId, e);
        }
    }

    /**
     * The events of each of {@code accounts} (those with any), read in one query and handed to {@code eachAccount}
     * one account at a time, so that only that account's events are parsed and in memory at once: a batch of 200
     * accounts with 650 events each, read as one map of parsed events, left health-score-service's 512 MB heap
     * collecting garbage for most of a minute.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void eventsOf(Collection<UUID> accounts, BiConsumer<UUID, List<Event>> eachAccount) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT account_id, " + EVENT_COLUMNS
                     + " FROM inbox WHERE account_id = ANY(?) ORDER BY account_id")) {
            ps.setArray(1, c.createArrayOf("uuid", accounts.toArray()));
            byAccount(ps, eachAccount);
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not read the inbox of " + accounts.size() + " accounts", e);
        }
    }

    /**
     * The events each account stored after the given inbox seq (see V10 in db/migration), read in one query and handed
     * to {@code eachAccount} an account at a time (accounts with none are left out).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void eventsAfter(Map<UUID, Long> seqs, BiConsumer<UUID, List<Event>> eachAccount) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT i.account_id, " + EVENT_COLUMNS + """
                      FROM inbox i JOIN unnest(?::uuid[], ?::bigint[]) AS s(account_id, seq)
                          ON i.account_id = s.account_id AND i.seq > s.seq
                     ORDER BY i.account_id""")) {
            ps.setArray(1, c.createArrayOf("uuid", seqs.keySet().toArray()));
            ps.setArray(2, c.createArrayOf("int8", seqs.values().toArray()));
            byAccount(ps, eachAccount);
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not read the latest inbox events of " + seqs.size() + " accounts", e);
        }
    }

    /** Runs a query of rows ordered by account and hands each account's events on, one account's at a time. */
    private void byAccount(PreparedStatement ps, BiConsumer<UUID, List<Event>> eachAccount)
            throws SQLException, JsonProcessingException {
        byAccount(ps, this::event, eachAccount);
    }

    /** A row's value; the row starts with the account id. */
    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException, JsonProcessingException;
    }

    private <T> void byAccount(PreparedStatement ps, RowReader<T> read, BiConsumer<UUID, List<T>> eachAccount)
            throws SQLException, JsonProcessingException {
        ps.setFetchSize(1000); // in a transaction the driver then fetches rows a thousand at a time, not all at once
        try (ResultSet rs = ps.executeQuery()) {
            UUID account = null;
            List<T> events = new ArrayList<>();
            while (rs.next()) {
                UUID next = rs.getObject(1, UUID.class);
                if (account != null && !account.equals(next)) {
                    eachAccount.accept(account, events);
                    events = new ArrayList<>();
                }
                account = next;
                events.add(read.read(rs));
            }
            if (account != null) {
                eachAccount.accept(account, events);
            }
        }
    }

    /** The event of a row selected as account id and {@link #EVENT_COLUMNS}, read as {@link Event#of} reads it. */
    private Event event(ResultSet rs) throws SQLException, JsonProcessingException {
        String data = rs.getString(7);
        return new Event(rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getString(5),
                NumberInput.parseAsInt(rs.getString(6), 0),
                data == null ? MissingNode.getInstance() : json.readTree(data));
    }

    /** An event and when its writer recorded it (when it arrived here, for one from before writers stamped it). */
    public record Known(Event event, Instant recordedAt) {
    }

    /** The events of each of {@code accounts} with their recording times, an account at a time (see above). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void knownEventsOf(Collection<UUID> accounts, BiConsumer<UUID, List<Known>> eachAccount) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT account_id, " + EVENT_COLUMNS
                     + ", coalesce((cloud_event->>'recordedat')::timestamptz, received_at)"
                     + " FROM inbox WHERE account_id = ANY(?) ORDER BY account_id")) {
            ps.setArray(1, c.createArrayOf("uuid", accounts.toArray()));
            byAccount(ps, rs -> new Known(event(rs), rs.getTimestamp(8).toInstant()), eachAccount);
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not read the inbox of " + accounts.size() + " accounts", e);
        }
    }

    /**
     * How many events the inbox holds for each of {@code accounts} (accounts without any are left out): the count
     * PostgreSQL keeps beside the inbox (V23), one row per account, whatever its history.
     */
    public Map<UUID, Long> countsOf(Collection<UUID> accounts) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT account_id, events FROM inbox_account WHERE account_id = ANY(?) AND events > 0")) {
            ps.setArray(1, c.createArrayOf("uuid", accounts.toArray()));
            Map<UUID, Long> counts = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getObject(1, UUID.class), rs.getLong(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not count inbox events", e);
        }
    }
}
