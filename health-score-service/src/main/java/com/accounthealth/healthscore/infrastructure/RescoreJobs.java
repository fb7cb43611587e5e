package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.healthscore.domain.HealthModel;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Re-score jobs and their chunks of accounts in the database (see V8 in db/migration): a job's accounts are fixed
 * when it starts, each chunk is taken by one worker of any replica and marked done in the transaction that scores it,
 * and the job's counters move in that same transaction, so a crash loses no progress and repeats none.
 */
@ApplicationScoped
public class RescoreJobs {

    /** A job as GET /admin/rescore/{jobId} shows it. */
    public record Job(UUID jobId, String modelVersion, String state, int total, int done, int scoreChanged,
                      int statusChanged, Instant startedAt, Instant finishedAt, String error) {
    }

    /** What a job is for: re-score under the model in force, apply an activated model, or preview a draft. */
    public enum Purpose { RESCORE, MODEL_CHANGE, WHAT_IF, BACKTEST }

    /**
     * A chunk a worker took: the job's model, what the job is for (and the model it replaces, for a model change) and
     * the accounts to score; locked until the worker's transaction ends.
     */
    public record Chunk(UUID jobId, int chunk, HealthModel model, Purpose purpose, String previousModelVersion,
                        String parameters, List<UUID> accounts) {
    }

    /** A job whose stored model this build cannot read (a field renamed since): it can only fail. */
    public static final class UnreadableModel extends RuntimeException {
        private final UUID jobId;

        UnreadableModel(UUID jobId, Exception cause) {
            super("The model of re-score job " + jobId + " cannot be read: " + cause.getMessage(), cause);
            this.jobId = jobId;
        }

        public UUID jobId() {
            return jobId;
        }
    }

    private final DataSource dataSource;
    private final ObjectMapper json;

    public RescoreJobs(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Records a job over every account in the inbox now, {@code perChunk} accounts a chunk, in id order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Job create(HealthModel model, int perChunk, String startedBy, Instant now) {
        return create(model, perChunk, startedBy, now, Purpose.RESCORE, null);
    }

    /** As {@link #create(HealthModel, int, String, Instant)}, for a purpose (a model change: from another). */
    @Transactional(Transactional.TxType.MANDATORY)
    public Job create(HealthModel model, int perChunk, String startedBy, Instant now, Purpose purpose,
                      String previousModelVersion) {
        return create(model, perChunk, startedBy, now, purpose, previousModelVersion, null, null);
    }

    /**
     * Records a backtest over {@code accounts}; {@code model} is its first model (the others are in
     * {@code parameters}, the request as JSON).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Job createBacktest(HealthModel model, String parameters, List<UUID> accounts, int perChunk,
                              String startedBy, Instant now) {
        return create(model, perChunk, startedBy, now, Purpose.BACKTEST, null, parameters, accounts);
    }

    /** The job, its chunks of {@code accounts} (null: every account in the inbox now) and their total, at once. */
    private Job create(HealthModel model, int perChunk, String startedBy, Instant now, Purpose purpose,
                       String previousModelVersion, String parameters, List<UUID> accounts) {
        UUID jobId = UUID.randomUUID();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO rescore_job (job_id, model_version, model, state, total, started_at, started_by,
                                             cause_kind, previous_model_version, parameters)
                    VALUES (?, ?, ?::jsonb, 'RUNNING', 0, ?, ?, ?, ?, ?)""")) {
                ps.setObject(1, jobId);
                ps.setString(2, model.version());
                ps.setString(3, json.writeValueAsString(model));
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setString(5, startedBy);
                ps.setString(6, purpose.name());
                ps.setString(7, previousModelVersion);
                ps.setString(8, parameters);
                ps.executeUpdate();
            }
            String source = accounts == null ? "(SELECT DISTINCT account_id FROM inbox)"
                    : "unnest(?::uuid[])";
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO rescore_chunk (job_id, chunk, accounts)
                    SELECT ?, chunk, array_agg(account_id ORDER BY account_id)
                    FROM (SELECT account_id, (row_number() OVER (ORDER BY account_id) - 1) / ? AS chunk
                          FROM %s AS a(account_id)) numbered
                    GROUP BY chunk""".formatted(source))) {
                ps.setObject(1, jobId);
                ps.setInt(2, perChunk);
                if (accounts != null) {
                    ps.setArray(3, c.createArrayOf("uuid", accounts.toArray()));
                }
                ps.executeUpdate();
            }
            // Nothing to do (no account): done as it starts.
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE rescore_job j SET total = t.total,
                        state = CASE WHEN t.total = 0 THEN 'DONE' ELSE 'RUNNING' END,
                        finished_at = CASE WHEN t.total = 0 THEN j.started_at END
                    FROM (SELECT coalesce(sum(cardinality(accounts)), 0)::int AS total
                          FROM rescore_chunk WHERE job_id = ?) t
                    WHERE j.job_id = ?""")) {
                ps.setObject(1, jobId);
                ps.setObject(2, jobId);
                ps.executeUpdate();
            }
            return find(jobId).orElseThrow();
        } catch (SQLException | JsonProcessingException e) {
            throw new EventStoreFailure("Could not start a " + purpose + " job", e);
        }
    }

    /** An open chunk of a running job that no other worker holds, locked by the caller's transaction; oldest first. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Chunk> take() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT k.job_id, k.chunk, j.model::text, k.accounts, j.cause_kind, j.previous_model_version,
                            j.parameters
                     FROM rescore_chunk k JOIN rescore_job j ON j.job_id = k.job_id
                     WHERE k.done_at IS NULL AND j.state = 'RUNNING'
                     ORDER BY j.started_at, k.chunk
                     LIMIT 1 FOR UPDATE OF k SKIP LOCKED""");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            UUID jobId = rs.getObject(1, UUID.class);
            HealthModel model;
            try {
                model = json.readValue(rs.getString(3), HealthModel.class);
            } catch (JsonProcessingException e) {
                throw new UnreadableModel(jobId, e);
            }
            return Optional.of(new Chunk(jobId, rs.getInt(2), model, Purpose.valueOf(rs.getString(5)),
                    rs.getString(6), rs.getString(7), Arrays.asList((UUID[]) rs.getArray(4).getArray())));
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not take a re-score chunk", e);
        }
    }

    /**
     * Marks the chunk done and counts it into its job, which is done when no chunk is left open. The job's row is
     * locked first, so of two workers finishing the last two chunks the later one sees the other's and ends the job.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Job complete(Chunk chunk, int scoreChanged, int statusChanged, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE rescore_job SET done = done + ?, score_changed = score_changed + ?,
                        status_changed = status_changed + ?
                    WHERE job_id = ?""")) {
                ps.setInt(1, chunk.accounts().size());
                ps.setInt(2, scoreChanged);
                ps.setInt(3, statusChanged);
                ps.setObject(4, chunk.jobId());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE rescore_chunk SET done_at = ? WHERE job_id = ? AND chunk = ?")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setObject(2, chunk.jobId());
                ps.setInt(3, chunk.chunk());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE rescore_job SET state = 'DONE', finished_at = ?
                    WHERE job_id = ? AND state = 'RUNNING'
                      AND NOT EXISTS (SELECT 1 FROM rescore_chunk WHERE job_id = ? AND done_at IS NULL)""")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setObject(2, chunk.jobId());
                ps.setObject(3, chunk.jobId());
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not record a re-score chunk of job " + chunk.jobId(), e);
        }
        return find(chunk.jobId()).orElseThrow();
    }

    /** Stops a running job: its open chunks are left undone; false when it was not running. */
    public boolean cancel(UUID jobId, Instant now) {
        return Sql.update(dataSource, """
                UPDATE rescore_job SET state = 'CANCELLED', finished_at = ? WHERE job_id = ? AND state = 'RUNNING'""",
                "cancel job " + jobId, ps -> {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setObject(2, jobId);
                }) == 1;
    }

    /** A job's stored parameters (a backtest's request), if it has any. */
    public Optional<String> parametersOf(UUID jobId) {
        return Sql.query(dataSource, "SELECT parameters FROM rescore_job WHERE job_id = ? AND parameters IS NOT NULL",
                "read the parameters of job " + jobId, ps -> ps.setObject(1, jobId), rs -> rs.getString(1))
                .stream().findFirst();
    }

    /** Ends a job that cannot go on (a chunk failed for a reason of its own): its open chunks are left undone. */
    public void fail(UUID jobId, String error, Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE rescore_job SET state = 'FAILED', error = ?, finished_at = ? WHERE job_id = ? AND state = 'RUNNING'")) {
            ps.setString(1, error);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setObject(3, jobId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not record that re-score job " + jobId + " failed", e);
        }
    }

    /** A job of one purpose with the request that started it (a backtest's parameters, as JSON text). */
    public record Started(Job job, String parameters) {
    }

    /** The newest jobs of one purpose, newest first. */
    public List<Started> recent(Purpose purpose, int limit) {
        return Sql.query(dataSource, "SELECT " + JOB_COLUMNS + ", parameters FROM rescore_job WHERE cause_kind = ? "
                        + "ORDER BY started_at DESC, job_id LIMIT ?", "list the " + purpose + " jobs", ps -> {
                    ps.setString(1, purpose.name());
                    ps.setInt(2, limit);
                }, rs -> new Started(job(rs), rs.getString(11)));
    }

    public Optional<Job> find(UUID jobId) {
        return Sql.query(dataSource, "SELECT " + JOB_COLUMNS + " FROM rescore_job WHERE job_id = ?",
                "read re-score job " + jobId, ps -> ps.setObject(1, jobId), RescoreJobs::job).stream().findFirst();
    }

    private static final String JOB_COLUMNS = """
            job_id, model_version, state, total, done, score_changed, status_changed, started_at, finished_at, error""";

    /** A job from a row that starts with {@link #JOB_COLUMNS}. */
    private static Job job(ResultSet rs) throws SQLException {
        Timestamp finished = rs.getTimestamp(9);
        return new Job(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                rs.getInt(6), rs.getInt(7), rs.getTimestamp(8).toInstant(), finished == null ? null : finished.toInstant(),
                rs.getString(10));
    }
}
