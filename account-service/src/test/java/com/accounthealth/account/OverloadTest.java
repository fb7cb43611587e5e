package com.accounthealth.account;

import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.webapi.security.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Overload is shed, not queued (platform LoadShedding): here with a fixed limit of three writes at once. Writes past
 * it wait at most api.load-shedding.queue-timeout (25 ms) for a permit, then are answered 503 with Retry-After, as
 * problems, and store nothing; reads and probes go on; a shed write retried with its Idempotency-Key is stored once.
 */
@QuarkusTest
@TestProfile(OverloadTest.ThreeWritesAtOnce.class)
class OverloadTest {

    private static final int WRITE_LIMIT = 3;

    public static class ThreeWritesAtOnce implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("api.load-shedding.writes.adaptive", "false",
                    "api.load-shedding.writes.initial", Integer.toString(WRITE_LIMIT),
                    "api.rate-limit.enabled", "false");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String token = TestTokens.token("overload-sync", Roles.ACCOUNTS_WRITE, Roles.ACCOUNTS_READ);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TestHTTPResource("/")
    URI base;

    @Inject
    DataSource dataSource;

    @Test
    void writesPastTheLimitAreAnsweredAtOnceWhileAcceptedOnesWaitAndNothingShedIsStored() throws Exception {
        UUID account = open();
        List<CompletableFuture<HttpResponse<String>>> accepted = new ArrayList<>();
        List<HttpResponse<String>> shed = new ArrayList<>();
        try (Connection lock = dataSource.getConnection()) {
            // Appends wait on this lock: the three admitted writes hold their permits until it is released.
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE event_store IN EXCLUSIVE MODE");
            for (int i = 0; i < WRITE_LIMIT; i++) {
                accepted.add(feedback(account, "accepted-" + i));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingOnALock() >= WRITE_LIMIT);

            for (int i = 0; i < 20; i++) {
                // Answered while the lock is still held: a shed write never waits behind the admitted ones.
                shed.add(feedback(account, "shed-" + i).get(10, TimeUnit.SECONDS));
            }
            HttpResponse<String> read = send(HttpRequest.newBuilder(base.resolve("/api/v1/accounts/" + account))
                    .header("Authorization", "Bearer " + token).GET()).get(10, TimeUnit.SECONDS);
            assertThat(read.statusCode()).as("reads are not starved by writes").isEqualTo(200);
            HttpResponse<String> ready = send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).GET())
                    .get(10, TimeUnit.SECONDS);
            assertThat(ready.statusCode()).as("probes take no permit").isEqualTo(200);
            assertThat(accepted).as("the admitted writes still wait on the lock").noneMatch(CompletableFuture::isDone);
            lock.rollback();
        }

        for (HttpResponse<String> answer : shed) {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(Integer.parseInt(answer.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 60);
            JsonNode problem = JSON.readTree(answer.body());
            assertThat(problem.path("status").asInt()).isEqualTo(503);
            assertThat(problem.path("detail").asText()).contains("nothing was stored");
        }
        for (CompletableFuture<HttpResponse<String>> answer : accepted) {
            assertThat(answer.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        }
        assertThat(eventsOf(account)).as("opened, then the three admitted writes").isEqualTo(1 + WRITE_LIMIT);
        assertThat(keysLike("shed-%")).as("a shed write keeps no Idempotency-Key").isZero();

        // The retry a 503 asks for, with the same key: stored once, and once only however often it is sent.
        HttpResponse<String> retried = feedback(account, "shed-0").get(30, TimeUnit.SECONDS);
        HttpResponse<String> again = feedback(account, "shed-0").get(30, TimeUnit.SECONDS);
        assertThat(retried.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(again.body()).path("eventId")).isEqualTo(JSON.readTree(retried.body()).path("eventId"));
        assertThat(eventsOf(account)).isEqualTo(2 + WRITE_LIMIT);
    }

    @Test
    void openModelLoadAboveCapacityGetsNo500AndEveryAcknowledgedWriteIsStoredOnce() throws Exception {
        List<UUID> accounts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            accounts.add(open());
        }
        // Arrivals at a fixed pace (2,000 a second), whatever the answers: an open model, far above three at once.
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        long next = System.nanoTime();
        for (int i = 0; i < 400; i++) {
            next += 500_000;
            LockSupport.parkNanos(next - System.nanoTime());
            answers.add(feedback(accounts.get(i % accounts.size()), "open-model-" + i));
        }

        Set<String> acknowledged = new HashSet<>();
        int shed = 0;
        for (CompletableFuture<HttpResponse<String>> future : answers) {
            HttpResponse<String> answer = future.get(60, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).as(answer.body()).isIn(201, 503);
            if (answer.statusCode() == 201) {
                assertThat(acknowledged.add(JSON.readTree(answer.body()).path("eventId").asText())).isTrue();
            } else {
                shed++;
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            }
        }
        assertThat(shed).as("the load was above the limit").isPositive();
        assertThat(acknowledged).as("some writes were served").isNotEmpty();
        int stored = 0;
        for (UUID account : accounts) {
            stored += eventsOf(account) - 1;
        }
        assertThat(stored).as("every acknowledged write stored, no shed one").isEqualTo(acknowledged.size());
        for (String eventId : acknowledged) {
            assertThat(rows("SELECT count(*) FROM event_store WHERE event_id = ?::uuid", eventId)).isEqualTo(1);
        }
    }

    private UUID open() throws Exception {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve("/api/v1/accounts"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"name":"Initech","tier":"SMB","ownerId":"ae-1","teamId":"emea-south",
                         "arr":{"amount":10000,"currency":"EUR"}}"""))).get(30, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return UUID.fromString(JSON.readTree(answer.body()).path("accountId").asText());
    }

    private CompletableFuture<HttpResponse<String>> feedback(UUID account, String key) {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/accounts/" + account + "/feedback"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"grade\":\"C\",\"question\":\"Overall satisfaction\"}")));
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder request) {
        return http.sendAsync(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sessions waiting for a lock: on the table, or on the account's stream lock behind the first write. */
    private int waitingOnALock() throws SQLException {
        return rows("SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted");
    }

    private int eventsOf(UUID account) throws SQLException {
        return rows("SELECT count(*) FROM event_store WHERE stream_id = ?::uuid", account.toString());
    }

    private int keysLike(String pattern) throws SQLException {
        return rows("SELECT count(*) FROM idempotency_key WHERE idempotency_key LIKE ?", pattern);
    }

    private int rows(String sql, String... values) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                q.setString(i + 1, values[i]);
            }
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }
}
