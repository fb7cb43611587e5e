package com.accounthealth.healthscore.application;

import com.accounthealth.eventstore.BackgroundWorkers;
import com.accounthealth.eventstore.DatabaseFaults;
import com.accounthealth.eventstore.SupervisedWorker;
import com.accounthealth.healthscore.domain.Cause;
import com.accounthealth.healthscore.domain.WhatIf;
import com.accounthealth.healthscore.infrastructure.RescoreJobs;
import com.accounthealth.healthscore.infrastructure.WhatIfChanges;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Re-computes every account's health from the inbox under a given model, in the background: a job (stored, see
 * {@link RescoreJobs}) is split into chunks of accounts, each scored in one transaction (one read of their events and
 * health, one batch of writes: one account per transaction took 3.5 ms each). Two workers on every replica take the
 * open chunks of running jobs, so one chunk is scored while another waits for the database, replicas share the work,
 * and a job an instance did not finish goes on elsewhere or after its restart. Neither the writers nor Kafka are
 * needed.
 */
@ApplicationScoped
public class RescoringThePortfolio {

    private static final Logger LOG = Logger.getLogger(RescoringThePortfolio.class);
    static final int ACCOUNTS_PER_TRANSACTION = 200;
    private static final int WORKERS = 2;
    /** How often an idle worker looks for chunks started by another replica (a start here wakes it at once). */
    private static final Duration IDLE_POLL = Duration.ofSeconds(2);
    /** How long shutdown waits for the chunks in hand; one not finished rolls back and is scored again elsewhere. */
    static final Duration STOP_BUDGET = Duration.ofSeconds(10);

    /** A job's progress as GET /admin/rescore/{jobId} shows it. */
    public record Progress(UUID jobId, String modelVersion, String state, int total, int done, int scoreChanged,
                           int statusChanged, double accountsPerSecond, Instant startedAt, Instant finishedAt,
                           String error) {

        public static Progress of(RescoreJobs.Job job) {
            Instant end = job.finishedAt() != null ? job.finishedAt() : Instant.now();
            double seconds = Math.max(0.001, Duration.between(job.startedAt(), end).toMillis() / 1000.0);
            return new Progress(job.jobId(), job.modelVersion(), job.state(), job.total(), job.done(),
                    job.scoreChanged(), job.statusChanged(), Math.round(job.done() / seconds * 10) / 10.0,
                    job.startedAt(), job.finishedAt(), job.error());
        }
    }

    private final RescoreJobs jobs;
    private final WhatIfChanges whatIfs;
    private final NotifyingLeaders notifying;
    private final Backtesting backtesting;
    private final ScoringAccounts scoring;
    private final BackgroundWorkers background;
    private final Semaphore work = new Semaphore(0);
    private final List<SupervisedWorker> workers = new ArrayList<>();
    private volatile boolean running;

    public RescoringThePortfolio(RescoreJobs jobs, WhatIfChanges whatIfs, ScoringAccounts scoring,
                                 NotifyingLeaders notifying, Backtesting backtesting, BackgroundWorkers background) {
        this.notifying = notifying;
        this.backtesting = backtesting;
        this.jobs = jobs;
        this.whatIfs = whatIfs;
        this.scoring = scoring;
        this.background = background;
    }

    void start(@Observes StartupEvent ignored) {
        running = true;
        for (int i = 0; i < WORKERS; i++) {
            workers.add(background.start("rescore-" + i, this::work));
        }
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        workers.forEach(SupervisedWorker::stop);
        work.release(WORKERS);
        long deadline = System.nanoTime() + STOP_BUDGET.toNanos();
        for (SupervisedWorker w : workers) {
            w.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        }
    }

    /** Wakes this replica's workers for a job just recorded (the others find it within {@code IDLE_POLL}). */
    public void wake() {
        work.release(WORKERS);
    }

    public Optional<Progress> progress(UUID jobId) {
        return jobs.find(jobId).map(Progress::of);
    }

    /** A worker: scores open chunks while there are any, then waits for a start here or polls for one elsewhere. */
    private void work() throws InterruptedException {
        while (running) {
            if (!scoreOneChunk()) {
                work.tryAcquire(IDLE_POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Takes, scores and records one chunk in one transaction; false when no chunk is open. */
    boolean scoreOneChunk() {
        UUID[] jobId = new UUID[1];
        try {
            Optional<RescoreJobs.Job> after = QuarkusTransaction.requiringNew().call(() -> {
                Optional<RescoreJobs.Chunk> taken = jobs.take();
                if (taken.isEmpty()) {
                    return Optional.empty();
                }
                RescoreJobs.Chunk chunk = taken.get();
                jobId[0] = chunk.jobId();
                int scoreChanged = 0;
                int statusChanged = 0;
                if (chunk.purpose() == RescoreJobs.Purpose.BACKTEST) {
                    backtesting.run(chunk);
                    return Optional.of(jobs.complete(chunk, 0, 0, Instant.now()));
                }
                if (chunk.purpose() == RescoreJobs.Purpose.WHAT_IF) {
                    List<WhatIf.OfAccount> previews = scoring.preview(chunk.accounts(), Instant.now(),
                            chunk.model());
                    whatIfs.record(chunk.jobId(), previews);
                    for (WhatIf.OfAccount p : previews) {
                        if (p.change().statusBefore() != p.change().statusAfter()) {
                            statusChanged++;
                        } else {
                            scoreChanged++;
                        }
                    }
                    return Optional.of(jobs.complete(chunk, scoreChanged, statusChanged, Instant.now()));
                }
                Map<String, Object> cause = chunk.purpose() == RescoreJobs.Purpose.MODEL_CHANGE
                        ? Cause.modelChange(chunk.jobId(), chunk.model().version(), chunk.previousModelVersion())
                        : Cause.rescore(chunk.jobId(), chunk.model().version());
                for (ScoringAccounts.Outcome outcome : scoring.scoreAll(chunk.accounts(), Instant.now(), chunk.model(),
                        cause).values()) {
                    switch (outcome) {
                        case STATUS_CHANGED -> statusChanged++;
                        case SCORE_CHANGED -> scoreChanged++;
                        default -> { }
                    }
                }
                RescoreJobs.Job job = jobs.complete(chunk, scoreChanged, statusChanged, Instant.now());
                if (chunk.purpose() == RescoreJobs.Purpose.MODEL_CHANGE && "DONE".equals(job.state())) {
                    // The last chunk: the activation is applied; each leader concerned hears of it once.
                    notifying.modelChanged(job.jobId(), chunk.model().version(), chunk.previousModelVersion(),
                            job.startedAt());
                }
                return Optional.of(job);
            });
            after.ifPresent(RescoringThePortfolio::report);
            return after.isPresent();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RescoreJobs.UnreadableModel unreadable) {
                    jobId[0] = unreadable.jobId();
                }
            }
            if (jobId[0] == null || DatabaseFaults.unavailable(e)) {
                // The chunk stays open (its transaction rolled back): taken up again once the database is back.
                throw e;
            }
            LOG.errorf(e, "Re-score %s failed", jobId[0]);
            jobs.fail(jobId[0], String.valueOf(e.getMessage()), Instant.now());
            return true;
        }
    }

    private static void report(RescoreJobs.Job job) {
        Progress p = Progress.of(job);
        if (!"RUNNING".equals(p.state())) {
            LOG.infof("Re-score %s %s: %d/%d accounts in %d ms (%.1f/s); %d changed status, %d changed score only",
                    p.jobId(), p.state(), p.done(), p.total(),
                    Duration.between(p.startedAt(), p.finishedAt()).toMillis(), p.accountsPerSecond(),
                    p.statusChanged(), p.scoreChanged());
        } else if (p.done() / 1000 > (p.done() - ACCOUNTS_PER_TRANSACTION) / 1000) {
            LOG.infof("Re-score %s: %d/%d accounts, %.1f/s", p.jobId(), p.done(), p.total(), p.accountsPerSecond());
        }
    }
}
