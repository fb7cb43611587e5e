package com.accounthealth.account;

import com.accounthealth.eventstore.EventStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replica that falls silent inside a transaction (frozen, cut off) holds the locks of the accounts it was changing.
 * Another replica's command on such an account is answered 503 after the lock timeout rather than hanging, and
 * PostgreSQL ends the silent session after the idle-in-transaction timeout, so its locks do not outlive it.
 */
@QuarkusTest
class StuckPeerTest {

    @Inject
    EventStore store;

    @Inject
    DataSource dataSource;

    @Test
    void aCommandOnAnAccountAnotherSessionHoldsIsA503ToRetryAndStoresNothing() throws Exception {
        String account = AccountApiTest.openAccount();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> QuarkusTransaction.requiringNew().run(() -> {
            store.lockStream(UUID.fromString(account));
            held.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
        String key = UUID.randomUUID().toString();
        String feedback = "{\"grade\":\"B\",\"question\":\"Asked while a peer holds the account\"}";
        try {
            AccountApiTest.api().header("Idempotency-Key", key).body(feedback)
                    .post("/api/v1/accounts/" + account + "/feedback")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "2");
        } finally {
            release.countDown();
            peer.get(30, TimeUnit.SECONDS);
        }
        assertThat(AccountApiTest.streamLength(account)).as("only the opening").isEqualTo(1);
        AccountApiTest.api().header("Idempotency-Key", key).body(feedback)
                .post("/api/v1/accounts/" + account + "/feedback").then().statusCode(201);
    }

    @Test
    void aSessionLeftIdleInsideATransactionIsEndedByTheDatabase() throws Exception {
        try (Connection silent = dataSource.getConnection(); Connection observer = dataSource.getConnection()) {
            silent.setAutoCommit(false);
            int pid;
            try (PreparedStatement ps = silent.prepareStatement("SELECT pg_backend_pid()");
                 ResultSet rs = ps.executeQuery()) {
                rs.next();
                pid = rs.getInt(1);
            }
            // The session now sits idle in its transaction, as a frozen instance's would.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
                try (PreparedStatement ps = observer.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE pid = ?")) {
                    ps.setInt(1, pid);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1) == 0;
                    }
                }
            });
        }
    }
}
