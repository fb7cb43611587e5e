package com.accounthealth.eventstore;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BackgroundWorkersTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BackgroundWorkers workers = new BackgroundWorkers(meters);

    @Test
    void aFailingBodyIsStartedAgainAndCountedUntilItReturns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        SupervisedWorker worker = workers.start("flaky", () -> {
            if (runs.incrementAndGet() < 3) {
                throw new IllegalStateException("broker name does not resolve yet");
            }
        });
        worker.join(Duration.ofSeconds(20));
        assertThat(runs).hasValue(3);
        assertThat(meters.counter("background.worker.restarts", "worker", "flaky").count()).isEqualTo(2);
        assertThat(worker.lastFailure()).hasMessage("broker name does not resolve yet");
    }

    @Test
    void aWorkerEndedByAnErrorMakesTheInstanceNotLive() {
        workers.start("doomed", () -> {
            throw new StackOverflowError("no way back");
        });
        await().atMost(Duration.ofSeconds(10))
                .until(() -> workers.call().getStatus() == HealthCheckResponse.Status.DOWN);
    }

    @Test
    void aStoppedWorkerIsNotStartedAgainAndStaysLive() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        SupervisedWorker worker = workers.start("stopping", () -> {
            runs.incrementAndGet();
            throw new IllegalStateException("fails until stopped");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 1);
        worker.stop();
        worker.join(Duration.ofSeconds(10));
        int after = runs.get();
        assertThat(workers.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> runs.get() == after);
    }
}
