package com.accounthealth.healthscore;

import com.accounthealth.healthscore.application.ScoringAccounts;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.accounthealth.healthscore.Callers.accountService;
import static com.accounthealth.healthscore.Callers.healthReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two evaluations of one account at once (ingest, the time round, a re-score) decide one transition between them. */
@QuarkusTest
class ConcurrentEvaluationTest {

    @Inject
    ScoringAccounts scoring;

    @Inject
    DataSource dataSource;

    @Test
    void aSecondEvaluationWaitsForTheFirstAndRaisesNoSecondAlertForItsTransition() throws Exception {
        // A C grade today with the renewal 120 days away: watched, not at risk. Sixty days on, the renewal is inside
        // the 90-day window with that grade: the critical signal makes it AT_RISK.
        String account = accountService().body("""
                        {"name":"Twice Ltd","tier":"SMB","ownerId":"ae-9","teamId":"twice-team",
                         "arr":{"amount":50000,"currency":"EUR"},"renewalDate":"%s"}"""
                        .formatted(LocalDate.now(ZoneOffset.UTC).plusDays(120)))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
        accountService().body("{\"grade\":\"C\",\"question\":\"Overall satisfaction\"}")
                .post("/api/v1/accounts/" + account + "/feedback").then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(healthReader()
                .get("/api/v1/health/accounts/" + account).then().statusCode(200).extract().<Integer>path("components.find { it.component == 'satisfaction' }.score"))
                .isZero());
        assertThat(healthReader().get("/api/v1/health/accounts/" + account).then().extract().<String>path("status"))
                .isNotEqualTo("AT_RISK");
        Instant later = Instant.now().plus(Duration.ofDays(60));
        Map<UUID, List<UUID>> elapsed = Map.of(UUID.fromString(account), List.of());

        CountDownLatch firstScored = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        // Threads of their own: the common pool may have a single worker on a small machine.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = threads.submit(() -> QuarkusTransaction.requiringNew().run(() -> {
                scoring.rescore(elapsed, later);
                firstScored.countDown();
                awaitLatch(releaseFirst);
            }));
            assertThat(firstScored.await(30, TimeUnit.SECONDS)).isTrue();
            Future<?> second = threads.submit(() ->
                    QuarkusTransaction.requiringNew().run(() -> scoring.rescore(elapsed, later.plusSeconds(1))));
            // The second waits in PostgreSQL for the first to commit: for its lock on the account's evaluation (or,
            // without it, for the health row, having decided its transition from the same previous status).
            await().atMost(Duration.ofSeconds(30)).until(() -> sessionsWaitingForALock() > 0);
            releaseFirst.countDown();
            first.get(30, TimeUnit.SECONDS);
            second.get(30, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        List<String> types = healthReader().get("/api/v1/alerts?since=2000-01-01&size=200").then().statusCode(200)
                .extract().path("items.findAll { it.accountId == '%s' }.alertType".formatted(account));
        assertThat(types).containsExactly("ACCOUNT_AT_RISK");
        assertThat(healthReader().get("/api/v1/health/accounts/" + account).then().extract().<String>path("status"))
                .isEqualTo("AT_RISK");
    }

    private int sessionsWaitingForALock() throws Exception {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("""
                     SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'""")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
