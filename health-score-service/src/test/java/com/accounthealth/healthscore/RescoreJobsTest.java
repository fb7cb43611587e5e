package com.accounthealth.healthscore;

import com.accounthealth.healthscore.domain.HealthModel;
import com.accounthealth.healthscore.infrastructure.RescoreJobs;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static com.accounthealth.healthscore.Callers.accountService;
import static com.accounthealth.healthscore.Callers.healthAdmin;
import static com.accounthealth.healthscore.Callers.healthReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Re-score jobs are stored: any instance shows them, and one an instance left unfinished is finished, once. */
@QuarkusTest
class RescoreJobsTest {

    private static final Instant BEFORE_THE_CRASH = Instant.parse("2026-01-01T00:00:00Z");

    @Inject
    RescoreJobs jobs;

    @Inject
    HealthModel model;

    @Inject
    DataSource dataSource;

    @Test
    void aJobAnInstanceLeftHalfDoneIsFinishedFromItsOpenChunksWithoutScoringADoneChunkAgain() throws SQLException {
        for (int i = 0; i < 3; i++) {
            String account = accountService()
                    .body("""
                            {"name":"Resumed %d","tier":"SMB","ownerId":"ae-1","teamId":"resume-team",
                             "arr":{"amount":1000,"currency":"EUR"}}""".formatted(i))
                    .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200));
        }

        // An instance started a job of one account per chunk, committed its first chunk, and stopped: the job, its
        // first chunk and its counters are written as that instance would have written them, in one transaction.
        RescoreJobs.Job started = QuarkusTransaction.requiringNew().call(() -> {
            RescoreJobs.Job job = jobs.create(model, 1, "an instance that stopped", BEFORE_THE_CRASH);
            execute("UPDATE rescore_chunk SET done_at = ? WHERE job_id = ? AND chunk = 0", job.jobId());
            execute("UPDATE rescore_job SET done = 1 WHERE job_id = ?", null, job.jobId());
            return job;
        });
        assertThat(started.total()).isGreaterThanOrEqualTo(3);

        // This instance never started it, yet answers for it and finishes it.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                healthAdmin().get("/api/v1/admin/rescore/" + started.jobId()).then().statusCode(200)
                        .body("state", equalTo("DONE")).body("done", equalTo(started.total()))
                        .body("total", equalTo(started.total())));
        List<Instant> doneAt = doneAt(started.jobId());
        assertThat(doneAt).hasSize(started.total()).doesNotContainNull();
        assertThat(doneAt.getFirst()).as("the chunk committed before the stop is not scored again")
                .isEqualTo(BEFORE_THE_CRASH);
        assertThat(doneAt.subList(1, doneAt.size())).allSatisfy(at -> assertThat(at).isAfter(BEFORE_THE_CRASH));
    }

    @Test
    void aJobWhoseStoredModelThisBuildCannotReadFailsSayingSoAndHoldsNoOtherJobBack() {
        RescoreJobs.Job unreadable = QuarkusTransaction.requiringNew().call(() -> {
            RescoreJobs.Job job = jobs.create(model, 1, "an older build", Instant.now());
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "UPDATE rescore_job SET model = '\"not a model\"' WHERE job_id = ?")) {
                ps.setObject(1, job.jobId());
                ps.executeUpdate();
            }
            return job;
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                healthAdmin().get("/api/v1/admin/rescore/" + unreadable.jobId()).then().statusCode(200)
                        .body("state", equalTo("FAILED"))
                        .body("error", org.hamcrest.Matchers.containsString("cannot be read")));

        RescoreJobs.Job next = QuarkusTransaction.requiringNew().call(() -> jobs.create(model, 200, "test", Instant.now()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                healthAdmin().get("/api/v1/admin/rescore/" + next.jobId()).then().statusCode(200)
                        .body("state", equalTo("DONE")));
    }

    private void execute(String sql, UUID jobId) throws SQLException {
        execute(sql, Timestamp.from(BEFORE_THE_CRASH), jobId);
    }

    private void execute(String sql, Timestamp at, UUID jobId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (at != null) {
                ps.setTimestamp(i++, at);
            }
            ps.setObject(i, jobId);
            ps.executeUpdate();
        }
    }

    private List<Instant> doneAt(UUID jobId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT done_at FROM rescore_chunk WHERE job_id = ? ORDER BY chunk")) {
            ps.setObject(1, jobId);
            List<Instant> at = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp t = rs.getTimestamp(1);
                    at.add(t == null ? null : t.toInstant());
                }
            }
            return at;
        }
    }
}
