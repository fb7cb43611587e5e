package com.accounthealth.eventstore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Readiness for a writer: DOWN while the instance's own database cannot take a write, UP again by itself once it can.
 * Two signals, because neither sees every case: a probe write (one row of {@code write_probe}, rewritten at most once a
 * second) finds a read-only database, a standby or a server gone; a recent refusal of a real write for want of
 * resources (disk full, out of connection slots, I/O error) finds what a one-row rewrite gets past, since it needs
 * no new page. Such a refusal counts for {@link #REFUSAL_MEMORY}; an instance taken out of the load balancer gets
 * no writes to be refused, so it comes back after that, and goes out again if writes are still refused.
 */
@ApplicationScoped
@Readiness
@Default // besides the health check's qualifier, so that the exception mappers can report refusals to it
public class DatabaseWrites implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(DatabaseWrites.class);
    static final Duration REFUSAL_MEMORY = Duration.ofSeconds(10);
    private static final Duration PROBE_EVERY = Duration.ofSeconds(1);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private record Refusal(Instant at, String reason) {
    }

    private record Probe(Instant at, String failure) {
    }

    private final DataSource dataSource;
    private volatile Refusal lastRefusal;
    private volatile Probe lastProbe = new Probe(Instant.EPOCH, null);
    private final AtomicBoolean probing = new AtomicBoolean();

    public DatabaseWrites(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Called with a write's failure: remembered when it says no write can succeed now (see {@link DatabaseFaults}). */
    public void failed(Throwable failure) {
        if (DatabaseFaults.refusesEveryWrite(failure)) {
            Refusal previous = lastRefusal;
            lastRefusal = new Refusal(Instant.now(), rootMessage(failure));
            if (previous == null || previous.at().isBefore(Instant.now().minus(REFUSAL_MEMORY))) {
                LOG.warnf("The database refuses writes (%s): readiness is DOWN while it does", lastRefusal.reason());
            }
        }
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Database writes");
        Probe probe = probe();
        if (probe.failure() != null) {
            return response.withData("probe", probe.failure()).down().build();
        }
        Refusal refusal = lastRefusal;
        if (refusal != null && refusal.at().isAfter(Instant.now().minus(REFUSAL_MEMORY))) {
            return response.withData("refused", refusal.reason()).withData("refusedAt", refusal.at().toString())
                    .down().build();
        }
        return response.up().build();
    }

    private Probe probe() {
        Probe last = lastProbe;
        // One probe at a time: calls meanwhile answer with the last one rather than take another connection.
        if (Instant.now().isBefore(last.at().plus(PROBE_EVERY)) || !probing.compareAndSet(false, true)) {
            return last;
        }
        try {
            Probe next = new Probe(Instant.now(), probeWrite());
            if (next.failure() != null && last.failure() == null) {
                LOG.warnf("The database took no probe write (%s): readiness is DOWN while it does not", next.failure());
            } else if (next.failure() == null && last.failure() != null) {
                LOG.infof("The database takes writes again");
            }
            lastProbe = next;
            return next;
        } finally {
            probing.set(false);
        }
    }

    /** Rewrites the probe row; null when that worked, else why not. */
    private String probeWrite() {
        try (Connection c = dataSource.getConnection()) {
            int networkTimeout = c.getNetworkTimeout();
            c.setNetworkTimeout(Runnable::run, (int) PROBE_TIMEOUT.toMillis()); // a dead socket does not hold the probe
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL statement_timeout = '2s'");
                s.execute("SET LOCAL lock_timeout = '1s'");
                s.executeUpdate("UPDATE write_probe SET probed_at = now() WHERE id = 1");
                c.commit();
                return null;
            } catch (SQLException e) {
                c.rollback();
                // Another instance holds the row (a replica frozen mid-probe): that says nothing about this database.
                return LOCK_NOT_AVAILABLE.equals(e.getSQLState()) ? null : rootMessage(e);
            } finally {
                c.setAutoCommit(true);
                c.setNetworkTimeout(Runnable::run, networkTimeout);
            }
        } catch (SQLException e) {
            return rootMessage(e);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String state = t instanceof SQLException sql && sql.getSQLState() != null ? " [" + sql.getSQLState() + "]" : "";
        return t.getMessage() + state;
    }
}
