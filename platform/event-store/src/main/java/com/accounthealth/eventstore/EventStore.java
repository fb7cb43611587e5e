package com.accounthealth.eventstore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Append-only event streams in PostgreSQL. An append names the version the caller's decision was based on; the
 * unique (stream, version) constraint makes a concurrent append of the same version fail, so two writers can never
 * both extend a stream from the same state.
 */
@ApplicationScoped
public class EventStore {

    private static final String UNIQUE_VIOLATION = "23505";
    /** The first key of the two-key advisory locks {@link #lockStream} takes (the relay's one-key locks never clash). */
    private static final int STREAM_LOCKS = 0x53545245;

    private final DataSource dataSource;

    public EventStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The whole stream in version order; empty if the stream does not exist. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredEvent> read(UUID streamId) {
        return readAfter(streamId, 0);
    }

    /** The stream's events after {@code version}, in version order: what a fold kept at that version lacks. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<StoredEvent> readAfter(UUID streamId, int version) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT global_position, stream_id, stream_type, version, event_id, event_type, schema_version,
                            occurred_at, recorded_at, actor, correlation_id, payload::text, backfill
                     FROM event_store WHERE stream_id = ? AND version > ? ORDER BY version""")) {
            ps.setObject(1, streamId);
            ps.setInt(2, version);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(stored(rs));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not read stream " + streamId, e);
        }
    }

    /** Events to append to one stream after {@code expectedVersion} (0 for a new stream). */
    public record Appending(UUID streamId, String streamType, int expectedVersion, List<NewEvent> events) {
    }

    /**
     * Appends events after {@code expectedVersion} (0 for a new stream) in the caller's transaction, in one batch.
     *
     * @throws ConcurrencyConflict when the stream is no longer at {@code expectedVersion}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StoredEvent> append(UUID streamId, String streamType, int expectedVersion, List<NewEvent> events,
                                    CommandMetadata metadata) {
        return appendMany(List.of(new Appending(streamId, streamType, expectedVersion, events)), metadata).getFirst();
    }

    /**
     * Appends to several streams in one batch (a chunk of a bulk import), in the caller's transaction.
     *
     * @return the events stored, stream by stream, in order
     * @throws ConcurrencyConflict when a stream is no longer at its expected version (naming the first stream when
     *                             several were appended to: the caller's transaction is lost either way)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<List<StoredEvent>> appendMany(List<Appending> streams, CommandMetadata metadata) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO event_store (stream_id, stream_type, version, event_id, event_type, schema_version,
                                              occurred_at, actor, correlation_id, payload, backfill)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""", new String[]{"global_position", "recorded_at"})) {
            for (Appending stream : streams) {
                int version = stream.expectedVersion();
                for (NewEvent e : stream.events()) {
                    version++;
                    ps.setObject(1, stream.streamId());
                    ps.setString(2, stream.streamType());
                    ps.setInt(3, version);
                    ps.setObject(4, e.eventId());
                    ps.setString(5, e.type());
                    ps.setInt(6, e.schemaVersion());
                    ps.setTimestamp(7, Timestamp.from(e.occurredAt()));
                    ps.setString(8, metadata.actor());
                    if (metadata.correlationId() == null) {
                        ps.setNull(9, Types.VARCHAR);
                    } else {
                        ps.setString(9, metadata.correlationId());
                    }
                    ps.setString(10, e.payload());
                    ps.setBoolean(11, metadata.backfill());
                    ps.addBatch();
                }
            }
            ps.executeBatch();
            List<List<StoredEvent>> stored = new ArrayList<>(streams.size());
            try (ResultSet rs = ps.getGeneratedKeys()) {
                for (Appending stream : streams) {
                    List<StoredEvent> events = new ArrayList<>(stream.events().size());
                    int version = stream.expectedVersion();
                    for (NewEvent e : stream.events()) {
                        rs.next();
                        version++;
                        events.add(new StoredEvent(rs.getLong(1), stream.streamId(), stream.streamType(), version,
                                e.eventId(), e.type(), e.schemaVersion(), e.occurredAt(),
                                rs.getTimestamp(2).toInstant(), metadata.actor(), metadata.correlationId(),
                                e.payload(), metadata.backfill()));
                    }
                    stored.add(events);
                }
            }
            return stored;
        } catch (SQLException e) {
            Appending first = streams.getFirst();
            if (UNIQUE_VIOLATION.equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("event_store_stream_version")
                    || isBatchConflict(e)) {
                throw new ConcurrencyConflict(first.streamId(), first.expectedVersion());
            }
            throw new EventStoreFailure("Could not append to stream " + first.streamId()
                    + (streams.size() > 1 ? " and " + (streams.size() - 1) + " more" : ""), e);
        }
    }

    private static StoredEvent stored(ResultSet rs) throws SQLException {
        return new StoredEvent(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
                rs.getObject(5, UUID.class), rs.getString(6), rs.getInt(7), rs.getTimestamp(8).toInstant(),
                rs.getTimestamp(9).toInstant(), rs.getString(10), rs.getString(11), rs.getString(12), rs.getBoolean(13));
    }

    /** A batch reports the unique violation as the next exception of its own. */
    private static boolean isBatchConflict(SQLException e) {
        SQLException next = e.getNextException();
        return next != null && UNIQUE_VIOLATION.equals(next.getSQLState())
                && String.valueOf(next.getMessage()).contains("event_store_stream_version");
    }

    /**
     * Waits until no other transaction holds the stream, then holds it until the caller's transaction ends: commands
     * on one stream (from any replica) then run one after another, each reading what the one before committed, instead
     * of racing for the same version. Taken before the stream is read: a read in the same statement would use a
     * snapshot taken before the wait. Streams whose ids hash alike merely wait for each other.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockStream(UUID streamId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            ps.setInt(1, STREAM_LOCKS);
            ps.setString(2, streamId.toString());
            ps.execute();
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not lock stream " + streamId, e);
        }
    }

    /**
     * {@link #lockStream} for several streams in one statement, taken in the order given (the rows of an array's
     * unnest come in its order): callers give them in id order, so two batches never wait for each other in a cycle.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockStreams(List<UUID> streamIds) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(pg_advisory_xact_lock(?, hashtext(s))) FROM unnest(?::text[]) AS s")) {
            ps.setInt(1, STREAM_LOCKS);
            ps.setArray(2, c.createArrayOf("text", streamIds.stream().map(UUID::toString).toArray()));
            ps.execute();
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not lock " + streamIds.size() + " streams", e);
        }
    }

    /**
     * {@link #readAfter} for several streams in one query, each after its own version: by stream, in order. Each
     * stream is its own index range: {@code OFFSET 0} keeps the planner from making the lateral subquery a join, which
     * it ran as a sequential scan of the whole table once a chunk held about a hundred new streams (22 ms a call at
     * 100,000 events, against 0.4 ms); and it is planned each time ({@link CustomPlans}).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<UUID, List<StoredEvent>> readAfter(Map<UUID, Integer> versions) {
        List<UUID> ids = new ArrayList<>(versions.keySet());
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT e.global_position, e.stream_id, e.stream_type, e.version, e.event_id, e.event_type,
                            e.schema_version, e.occurred_at, e.recorded_at, e.actor, e.correlation_id, e.payload::text,
                            e.backfill
                     FROM unnest(?::uuid[], ?::int[]) AS s(stream_id, version)
                          CROSS JOIN LATERAL (SELECT * FROM event_store x
                                              WHERE x.stream_id = s.stream_id AND x.version > s.version OFFSET 0) e
                     ORDER BY e.stream_id, e.version""")) {
            CustomPlans.plannedEachTime(ps);
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.setArray(2, c.createArrayOf("integer", ids.stream().map(versions::get).toArray()));
            Map<UUID, List<StoredEvent>> events = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredEvent event = stored(rs);
                    events.computeIfAbsent(event.streamId(), id -> new ArrayList<>()).add(event);
                }
            }
            return events;
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not read " + ids.size() + " streams", e);
        }
    }

    /** The stream's latest version (0 if it does not exist), read in a transaction of its own. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int currentVersion(UUID streamId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(version), 0) FROM event_store WHERE stream_id = ?")) {
            ps.setObject(1, streamId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not read the version of stream " + streamId, e);
        }
    }
}
