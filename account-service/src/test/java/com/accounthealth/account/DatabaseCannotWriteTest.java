package com.accounthealth.account;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * A database that is up but cannot take a write (read-only, out of connections; on a full disk the same) is a 503 with
 * Retry-After that stores nothing, never a 500; readiness says so while it lasts and comes back by itself after.
 */
@QuarkusTest
class DatabaseCannotWriteTest {

    private static final String FEEDBACK = "{\"grade\":\"C\",\"question\":\"Asked while the database cannot write\"}";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aWriteToAReadOnlyDatabaseIsA503ThatStoresNothingAndReadinessIsDownUntilItCanWriteAgain() throws Exception {
        String account = AccountApiTest.openAccount();
        String key = UUID.randomUUID().toString();
        readOnly(true);
        try {
            feedback(account, key).then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "2")
                    .body("title", equalTo("Service unavailable"))
                    .body("detail", containsString("same Idempotency-Key"));
            assertThat(AccountApiTest.streamLength(account)).as("reads go on; nothing was appended").isEqualTo(1);
            assertThat(keysStored(key)).as("the refused request left no Idempotency-Key").isZero();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    RestAssured.get("/q/health/ready").then().statusCode(503)
                            .body("checks.findAll { it.status == 'DOWN' }.name", hasItem("Database writes")));
        } finally {
            readOnly(false);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                RestAssured.get("/q/health/ready").then().statusCode(200));
        feedback(account, key).then().statusCode(201);
        assertThat(AccountApiTest.streamLength(account)).as("opened, then the feedback once").isEqualTo(2);
    }

    @Test
    void aWriteWhileEveryPooledConnectionIsTakenIsA503ThatStoresNothing() throws Exception {
        String account = AccountApiTest.openAccount();
        String key = UUID.randomUUID().toString();
        List<Connection> held = new ArrayList<>();
        try {
            // Take connections until the pool has none left to give (its acquisition timeout tells).
            while (true) {
                try {
                    held.add(dataSource.getConnection());
                } catch (SQLException exhausted) {
                    break;
                }
            }
            assertThat(held).as("the pool gave some connections before it ran out").isNotEmpty();
            feedback(account, key).then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "2")
                    .body("title", equalTo("Service unavailable"));
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
        assertThat(AccountApiTest.streamLength(account)).as("nothing was appended").isEqualTo(1);
        assertThat(keysStored(key)).as("the refused request left no Idempotency-Key").isZero();
        feedback(account, key).then().statusCode(201);
        assertThat(AccountApiTest.streamLength(account)).as("opened, then the feedback once").isEqualTo(2);
    }

    private static io.restassured.response.Response feedback(String account, String key) {
        return AccountApiTest.api().header("Idempotency-Key", key).body(FEEDBACK)
                .post("/api/v1/accounts/" + account + "/feedback");
    }

    /**
     * Turns the database's default to read-only (or back) as an operator would, and renews the pool's connections so
     * the next session sees it. A read-only session may still lift its own default, which is how it is undone.
     */
    private void readOnly(boolean on) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET default_transaction_read_only = off");
            s.execute("DO $$ BEGIN EXECUTE format('ALTER DATABASE %I " + (on
                    ? "SET default_transaction_read_only = on" : "RESET default_transaction_read_only")
                    + "', current_database()); END $$");
        }
        dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
    }

    private long keysStored(String key) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(*) FROM idempotency_key WHERE idempotency_key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
