package com.accounthealth.healthscore;

import com.accounthealth.healthscore.application.BuildingProjections;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.accounthealth.healthscore.Callers.accountService;
import static com.accounthealth.healthscore.Callers.healthReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The portfolio's competitive view adds up each account's position, kept by the scoring that evaluates the account;
 * a database upgraded from a version without that projection gets it built by a re-score at start.
 */
@QuarkusTest
class PortfolioProjectionTest {

    @Inject
    BuildingProjections projections;

    @Inject
    DataSource dataSource;

    @Test
    void thePortfolioViewIsKeptByScoringAndBuiltAtStartWhenAnUpgradeLacksIt() throws SQLException {
        String capability = "capability-" + UUID.randomUUID();
        String account = accountService()
                .body("""
                        {"name":"Projected Ltd","tier":"SMB","ownerId":"ae-1","teamId":"projection-team",
                         "arr":{"amount":70000,"currency":"EUR"}}""")
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
        accountService()
                .body("""
                        {"competitor":"Globex","capabilities":["%s"],"occurredAt":"%s"}"""
                        .formatted(capability, Instant.now().minus(Duration.ofDays(5))))
                .post("/api/v1/accounts/" + account + "/competitor-sightings").then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(arrAtStake(capability)).containsExactly(70000f));

        // As after an upgrade from a version without the projection: no rows, and not marked built.
        execute("DELETE FROM portfolio_stake WHERE account_id = '" + account + "'");
        execute("DELETE FROM portfolio_competitor WHERE account_id = '" + account + "'");
        execute("DELETE FROM projection_build");
        assertThat(arrAtStake(capability)).isEmpty();

        projections.buildMissing();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(arrAtStake(capability)).containsExactly(70000f));

        // A build whose job failed is started again at the next start; one that did not is left alone.
        String first = buildJob();
        projections.buildMissing();
        assertThat(buildJob()).isEqualTo(first);
        execute("UPDATE rescore_job SET state = 'FAILED', error = 'test' WHERE job_id = '" + first + "'");
        projections.buildMissing();
        assertThat(buildJob()).isNotNull().isNotEqualTo(first);
    }

    private String buildJob() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT job_id::text FROM projection_build WHERE projection = 'portfolio-positions'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static List<Float> arrAtStake(String capability) {
        return healthReader().get("/api/v1/competitive-gaps").then().statusCode(200).extract().jsonPath()
                .getList("capabilities.findAll { it.capability == '" + capability + "' }.arrAtStake", Float.class);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }
}
