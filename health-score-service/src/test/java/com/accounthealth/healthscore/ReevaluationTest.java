package com.accounthealth.healthscore;

import com.accounthealth.healthscore.application.ReevaluatingOverTime;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Rounds for elapsed time: two running at once (two replicas) share the due accounts, each evaluated once. */
@QuarkusTest
class ReevaluationTest {

    @Inject
    ReevaluatingOverTime reevaluation;

    @Inject
    DataSource dataSource;

    @Test
    void twoConcurrentRoundsEvaluateEveryDueAccountExactlyOnce() throws Exception {
        for (int i = 0; i < 6; i++) {
            IngestTest.awaitHealth(IngestTest.openAccount("SMB"));
        }
        int due;
        try (Connection c = dataSource.getConnection()) {
            // Every account was last evaluated two rounds ago.
            c.createStatement().executeUpdate("UPDATE account_health SET evaluated_at = now() - interval '1 hour'"
                    + " WHERE status <> 'CHURNED'");
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT count(*) FROM account_health WHERE status <> 'CHURNED'")) {
                rs.next();
                due = rs.getInt(1);
            }
        }
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> awaitThenRound(start));
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> awaitThenRound(start));
        start.countDown();
        assertThat(first.get() + second.get()).as("accounts evaluated by both rounds together").isEqualTo(due);
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM account_health WHERE evaluated_at < now() - interval '30 minutes'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("accounts left unevaluated").isZero();
        }
        assertThat(reevaluation.round()).as("a third round finds nothing due").isZero();
    }

    private int awaitThenRound(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return reevaluation.round();
    }
}
