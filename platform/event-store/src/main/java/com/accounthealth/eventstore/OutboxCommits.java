package com.accounthealth.eventstore;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells the publishing relay that outbox records have committed, after the commit and outside the writing
 * transaction.
 *
 * <p>Not a NOTIFY inside the writing transaction: PostgreSQL serialises the commits of all notifying transactions of
 * the cluster behind one lock, held through the commit's WAL flush, so under concurrent commands each commit queued
 * behind the others. Instead, the relay of this replica, when it is the one publishing, is woken in memory; otherwise
 * (another replica publishes) one NOTIFY at a time goes out on a connection of its own, for all commits meanwhile.
 * A signal that gets lost (a crash right after commit, the database briefly away) only delays publishing until the
 * relay's fallback poll.
 */
@ApplicationScoped
public class OutboxCommits {

    private static final Logger LOG = Logger.getLogger(OutboxCommits.class);

    private final DataSource dataSource;
    private final Semaphore committed = new Semaphore(0);
    private final AtomicBoolean notifyPending = new AtomicBoolean();
    private final ExecutorService notifier = Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().name("outbox-notify").daemon().unstarted(r));
    private volatile boolean localRelayPublishes;

    public OutboxCommits(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Called after a transaction that wrote outbox records has committed. */
    public void recordsCommitted() {
        if (localRelayPublishes) {
            wakeLocalRelay();
        } else if (notifyPending.compareAndSet(false, true)) {
            notifier.execute(this::notifyOtherReplicas);
        }
    }

    /** Wakes this replica's relay now (new records, or shutting down). */
    void wakeLocalRelay() {
        if (committed.availablePermits() == 0) {
            committed.release();
        }
    }

    /** The relay of this replica took (true) or lost (false) the publishing lock. */
    void localRelayPublishes(boolean publishes) {
        localRelayPublishes = publishes;
    }

    /** Waits up to {@code timeout} for a commit of this replica; true if one came. */
    boolean awaitLocalCommit(Duration timeout) throws InterruptedException {
        boolean woken = committed.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS);
        committed.drainPermits();
        return woken;
    }

    private void notifyOtherReplicas() {
        // Cleared first: a commit from here on asks for another NOTIFY, so none goes unannounced.
        notifyPending.set(false);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("NOTIFY " + Outbox.CHANNEL);
        } catch (SQLException e) {
            LOG.debugf("Could not notify the publishing relay (%s); it finds the records at its next poll", e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        notifier.shutdown();
    }
}
