package com.accounthealth.eventstore;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * How far the relay is behind: records committed but not yet acknowledged by the broker, and the age of the oldest.
 * Exposed as the metrics {@code outbox_relay_pending} and {@code outbox_relay_oldest_age_seconds} (with
 * {@code outbox_relay_leader}, the alert rules' inputs) and as detail of the readiness check, which is DOWN only when
 * the database cannot be asked: a lagging relay or an unreachable broker is an alert for operators, not a reason to
 * refuse traffic the database can take.
 */
@ApplicationScoped
@Readiness
public class OutboxLag implements HealthCheck {

    public record Lag(long pending, double oldestAgeSeconds) {
    }

    private final DataSource dataSource;
    private final OutboxRelay relay;
    private volatile Lag cached = new Lag(0, 0);
    private volatile Instant cachedAt = Instant.EPOCH;

    public OutboxLag(DataSource dataSource, OutboxRelay relay) {
        this.dataSource = dataSource;
        this.relay = relay;
    }

    void registerMetrics(@Observes StartupEvent ignored, MeterRegistry registry) {
        Gauge.builder("outbox.relay.pending", this, l -> l.current().pending())
                .description("Outbox records committed but not yet acknowledged by Kafka").register(registry);
        Gauge.builder("outbox.relay.oldest.age", this, l -> l.current().oldestAgeSeconds())
                .baseUnit("seconds").description("Age of the oldest outbox record not yet published").register(registry);
        Gauge.builder("outbox.relay.leader", relay, r -> r.isLeader() ? 1 : 0)
                .description("1 while this instance's relay publishes (one replica of a service does)").register(registry);
    }

    /** Measured now (at most once a second, so a scrape and a probe together query once). */
    public Lag current() {
        if (Instant.now().isAfter(cachedAt.plus(Duration.ofSeconds(1)))) {
            try {
                cached = measure();
                cachedAt = Instant.now();
            } catch (SQLException e) {
                throw new EventStoreFailure("Could not measure the outbox lag", e);
            }
        }
        return cached;
    }

    private Lag measure() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     WITH cp AS (SELECT coalesce(max(transaction_id::text)::xid8, '0'::xid8) AS transaction_id,
                                        coalesce(max(position), 0) AS position
                                 FROM outbox_checkpoint WHERE relay = ?)
                     SELECT count(o.position), coalesce(extract(epoch FROM now() - min(o.created_at)), 0)
                     FROM cp JOIN outbox o ON (o.transaction_id, o.position) > (cp.transaction_id, cp.position)""")) {
            // The checkpoint (zero before the relay's first, hence the aggregate: one row either way) joined so the index
            // serves it: published records stay for the retention period, and an OR here scanned them all.
            ps.setString(1, relay.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Lag(rs.getLong(1), rs.getDouble(2));
            }
        }
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("Outbox relay").withData("publishing", relay.isLeader());
        try {
            Lag lag = current();
            return response.withData("pending", lag.pending())
                    .withData("oldestAgeSeconds", Math.round(lag.oldestAgeSeconds())).up().build();
        } catch (EventStoreFailure e) {
            return response.withData("error", e.getMessage()).down().build();
        }
    }
}
