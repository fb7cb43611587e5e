package com.accounthealth.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Baseline of the command path: what PostgreSQL itself does at the same concurrency, one single-row INSERT per
 * transaction (autocommit, fsync on), each client on its own connection, with a payload the size of an event.
 */
final class RawInserts {

    record Result(long transactions, double perSecond, double p50, double p95, double p99) {
    }

    static final String PAYLOAD = """
            {"interactionId":"%s","interactionType":"MEETING","contactIds":["6f1c2a4e-0b7d-4c1e-9a52-3f8e2d1b7c90"],\
            "clientTeamId":"0d9a4c5e-7e0f-4a51-b1d4-8c1f6e2a3b47","summary":"Check-in on adoption"}""";

    private RawInserts() {
    }

    static void createTable(BenchStack stack) throws SQLException {
        try (Connection c = stack.connect(BenchStack.BENCH_DATABASE); var s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS raw_insert (id BIGSERIAL PRIMARY KEY, account_id UUID NOT NULL,
                        payload JSONB NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now())""");
        }
    }

    static Result run(BenchStack stack, int clients, Duration duration) throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long end = System.nanoTime() + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().name("raw-insert-" + i).start(() -> {
                try (Connection c = stack.connect(BenchStack.BENCH_DATABASE);
                     PreparedStatement ps = c.prepareStatement(
                             "INSERT INTO raw_insert (account_id, payload) VALUES (?, ?::jsonb)")) {
                    c.setAutoCommit(true);
                    UUID account = UUID.randomUUID();
                    while (System.nanoTime() < end) {
                        long t = System.nanoTime();
                        ps.setObject(1, account);
                        ps.setString(2, PAYLOAD.formatted(UUID.randomUUID()));
                        ps.executeUpdate();
                        latencies.add((System.nanoTime() - t) / 1000);
                    }
                } catch (SQLException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Raw insert baseline failed: " + failure.get().getMessage(), failure.get());
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(latencies.count(), latencies.count() / seconds, latencies.percentileMs(50),
                latencies.percentileMs(95), latencies.percentileMs(99));
    }
}
