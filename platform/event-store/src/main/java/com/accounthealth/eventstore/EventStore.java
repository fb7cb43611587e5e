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
import java.util.List;
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
                    events.add(new StoredEvent(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4),
                            rs.getObject(5, UUID.class), rs.getString(6), rs.getInt(7),
                            rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant(), rs.getString(10),
                            rs.getString(11), rs.getString(12), rs.getBoolean(13)));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not read stream " + streamId, e);
        }
    }

    /**
     * Appends events after {@code expectedVersion} (0 for a new stream) in the caller's transaction, in one batch.
     *
     * @throws ConcurrencyConflict when the stream is no longer at {@code expectedVersion}
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StoredEvent> append(UUID streamId, String streamType, int expectedVersion, List<NewEvent> events,
                                    CommandMetadata metadata) {
        List<StoredEvent> stored = new ArrayList<>(events.size());
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO event_store (stream_id, stream_type, version, event_id, event_type, schema_version,
                                              occurred_at, actor, correlation_id, payload, backfill)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""", new String[]{"global_position", "recorded_at"})) {
            int version = expectedVersion;
            for (NewEvent e : events) {
                version++;
                ps.setObject(1, streamId);
                ps.setString(2, streamType);
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
            ps.executeBatch();
            version = expectedVersion;
            try (ResultSet rs = ps.getGeneratedKeys()) {
                for (NewEvent e : events) {
                    rs.next();
                    version++;
                    stored.add(new StoredEvent(rs.getLong(1), streamId, streamType, version, e.eventId(), e.type(),
                            e.schemaVersion(), e.occurredAt(), rs.getTimestamp(2).toInstant(), metadata.actor(),
                            metadata.correlationId(), e.payload(), metadata.backfill()));
                }
            }
            return stored;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("event_store_stream_version")
                    || isBatchConflict(e)) {
                throw new ConcurrencyConflict(streamId, expectedVersion);
            }
            throw new EventStoreFailure("Could not append to stream " + streamId, e);
        }
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
