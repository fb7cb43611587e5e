package com.accounthealth.eventstore;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Starts every background worker of the instance (the outbox relay, ingest's consumers) supervised, and tells
 * liveness whether they all still run: one that ended on an error it cannot be restarted after makes the instance
 * not live, so Kubernetes replaces it (and a relay's leadership, whose connection dies with it, passes on).
 */
@ApplicationScoped
@Liveness
@Default // besides the health check's qualifier, so that the relay and ingest can have it injected
public class BackgroundWorkers implements HealthCheck {

    private final MeterRegistry registry;
    private final List<SupervisedWorker> workers = new CopyOnWriteArrayList<>();

    public BackgroundWorkers(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Starts {@code body} on a thread named {@code name}, run again after each failure. */
    public SupervisedWorker start(String name, SupervisedWorker.Body body) {
        SupervisedWorker worker = new SupervisedWorker(name, body, registry);
        workers.add(worker);
        worker.start();
        return worker;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Background workers").up();
        for (SupervisedWorker w : workers) {
            Throwable failure = w.lastFailure();
            response.withData(w.name(), w.healthy()
                    ? "running, " + w.restarts() + " restarts" + (failure == null ? "" : ", last failure at "
                    + w.lastFailureAt() + ": " + failure)
                    : "ended");
            if (!w.healthy()) {
                response.down();
            }
        }
        return response.build();
    }
}
