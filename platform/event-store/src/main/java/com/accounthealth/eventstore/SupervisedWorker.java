package com.accounthealth.eventstore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A background worker's thread that outlives its body's failures. A body that throws is logged with its cause, counted
 * in {@code background_worker_restarts_total{worker}} and run again after a backoff (doubling from
 * {@link #INITIAL_BACKOFF} to {@link #MAX_BACKOFF}, with jitter so that replicas do not retry in step). The worker
 * ends when its body returns (its owner asked it to stop) or on an {@link Error} such as {@link OutOfMemoryError},
 * after which the state of the JVM is unknown and {@link BackgroundWorkers}' liveness check turns DOWN.
 * <p>
 * A body owns what it opens (connections, clients, locks) and releases it before it returns or throws, so a restart
 * starts clean and a failed leader lets go of its leadership.
 */
public final class SupervisedWorker {

    private static final Logger LOG = Logger.getLogger(SupervisedWorker.class);
    static final Duration INITIAL_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** One run of the worker: returns when asked to stop, throws on a failure. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private final String name;
    private final Body body;
    private final Counter restarts;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean backingOff;
    private volatile Throwable lastFailure;
    private volatile Instant lastFailureAt;

    SupervisedWorker(String name, Body body, MeterRegistry registry) {
        this.name = name;
        this.body = body;
        this.restarts = Counter.builder("background.worker.restarts").tag("worker", name)
                .description("Background workers started again after a failure").register(registry);
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(this::supervise);
    }

    void start() {
        thread.start();
    }

    private void supervise() {
        Duration backoff = INITIAL_BACKOFF;
        while (true) {
            try {
                body.run();
                return;
            } catch (Exception e) {
                if (stopping) {
                    return;
                }
                lastFailure = e;
                lastFailureAt = Instant.now();
                long wait = ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2, backoff.toMillis() + 1);
                LOG.errorf(e, "Background worker %s failed; starting it again in %d ms", name, wait);
                restarts.increment();
                if (!pause(wait)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } catch (Error e) {
                LOG.fatalf(e, "Background worker %s ended on an error it cannot be restarted after", name);
                throw e;
            }
        }
    }

    /** Waits out a backoff; false when asked to stop meanwhile. */
    private boolean pause(long millis) {
        backingOff = true;
        try {
            Thread.sleep(millis);
            return !stopping;
        } catch (InterruptedException e) {
            return false;
        } finally {
            backingOff = false;
        }
    }

    /** No restart after this; a backoff under way ends at once. The owner then makes its body return. */
    public void stop() {
        stopping = true;
        if (backingOff) {
            thread.interrupt();
        }
    }

    public void join(Duration timeout) throws InterruptedException {
        thread.join(timeout);
    }

    public String name() {
        return name;
    }

    /** Whether the worker runs, or waits to run again, as it should: false once it ended without being stopped. */
    public boolean healthy() {
        return stopping || thread.isAlive();
    }

    public long restarts() {
        return (long) restarts.count();
    }

    public Throwable lastFailure() {
        return lastFailure;
    }

    public Instant lastFailureAt() {
        return lastFailureAt;
    }
}
