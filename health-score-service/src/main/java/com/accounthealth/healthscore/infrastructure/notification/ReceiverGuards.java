package com.accounthealth.healthscore.infrastructure.notification;

import com.accounthealth.healthscore.config.NotificationConfig;
import com.accounthealth.healthscore.infrastructure.notification.NotificationChannels.Result;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Keeps one receiver (a webhook URL's host and port, a Slack incoming webhook, or the SMTP server) from holding up the
 * others: at most {@code per-receiver} sends to it at once, and a circuit breaker (SmallRye Fault Tolerance) that
 * pauses it after {@code pause-after-failures} failed sends in a row. While it is paused, and while its one trial send
 * after the pause is under way, its deliveries are not claimed, so they spend no attempt and hold no sender. The state
 * is this instance's own: each replica finds out for itself.
 */
@ApplicationScoped
public class ReceiverGuards {

    private static final Logger LOG = Logger.getLogger(ReceiverGuards.class);

    /** A send that failed in a way another try may not (an answer of 5xx, no answer): what the breaker counts. */
    private static final class FailedSend extends RuntimeException {
        private final transient Result result;

        FailedSend(Result result) {
            super(result.outcome(), null, false, false);
            this.result = result;
        }
    }

    private final class Receiver {
        final String name;
        final AtomicInteger sending = new AtomicInteger();
        final TypedGuard<Result> breaker;
        /** Set when the breaker opens, cleared when it closes: past it, one trial send at a time is let through. */
        volatile Instant pausedUntil;

        Receiver(String name) {
            this.name = name;
            this.breaker = TypedGuard.create(Result.class)
                    .withCircuitBreaker()
                    .requestVolumeThreshold(pauseAfterFailures).failureRatio(1.0).successThreshold(1)
                    .delay(pause.toMillis(), ChronoUnit.MILLIS)
                    .failOn(FailedSend.class)
                    .onStateChange(this::changed)
                    .done().build();
        }

        private void changed(CircuitBreakerState state) {
            switch (state) {
                case OPEN -> {
                    pausedUntil = Instant.now().plus(pause);
                    LOG.warnf("Receiver %s paused until %s: its last sends failed; its deliveries wait", name,
                            pausedUntil);
                }
                case HALF_OPEN -> LOG.debugf("Receiver %s: its pause is over, a trial send decides", name);
                case CLOSED -> {
                    if (pausedUntil != null) {
                        pausedUntil = null;
                        LOG.infof("Receiver %s answers again", name);
                    }
                }
            }
        }

        /** How many sends may be under way at once: after a pause, only the one trial. */
        int bound() {
            return pausedUntil == null ? perReceiver : 1;
        }

        boolean available(Instant now) {
            Instant until = pausedUntil;
            return sending.get() < bound() && (until == null || !now.isBefore(until));
        }
    }

    private final int perReceiver;
    private final int pauseAfterFailures;
    private final Duration pause;
    // Bounded: receivers nobody sent to for an hour are forgotten (and start afresh).
    private final Cache<String, Receiver> receivers = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofHours(1)).maximumSize(100_000).build();

    public ReceiverGuards(NotificationConfig config, MeterRegistry registry) {
        this.perReceiver = config.delivery().perReceiver();
        this.pauseAfterFailures = config.delivery().pauseAfterFailures();
        this.pause = config.delivery().pause();
        Gauge.builder("notification.receivers.paused", this, g -> g.paused().size())
                .description("Receivers paused after failed sends in a row: their deliveries wait").register(registry);
    }

    /** Receivers no sender should claim a delivery for now: sending to their bound, or paused. */
    public Set<String> unavailable() {
        Instant now = Instant.now();
        return receivers.asMap().values().stream().filter(r -> !r.available(now)).map(r -> r.name)
                .collect(Collectors.toSet());
    }

    Set<String> paused() {
        Instant now = Instant.now();
        return receivers.asMap().values().stream()
                .filter(r -> r.pausedUntil != null && now.isBefore(r.pausedUntil)).map(r -> r.name)
                .collect(Collectors.toSet());
    }

    /**
     * Sends through {@code receiver}'s guard: the result, or empty when nothing was sent because the receiver is at its
     * bound (another sender took its last slot meanwhile), paused, or on trial. {@code started} runs once the send
     * really begins.
     */
    public Optional<Result> send(String receiver, Runnable started, Supplier<Result> send) {
        Receiver r = receivers.get(receiver, Receiver::new);
        if (r.sending.incrementAndGet() > r.bound()) {
            r.sending.decrementAndGet();
            return Optional.empty();
        }
        try {
            return Optional.of(r.breaker.get(() -> {
                started.run();
                Result result = send.get();
                if (!result.succeeded() && !result.permanent()) {
                    throw new FailedSend(result);
                }
                return result;
            }));
        } catch (FailedSend failed) {
            return Optional.of(failed.result);
        } catch (CircuitBreakerOpenException open) {
            // Our pause ended a moment before the breaker's own: look again shortly rather than at once.
            Instant soon = Instant.now().plusMillis(500);
            Instant until = r.pausedUntil;
            if (until == null || until.isBefore(soon)) {
                r.pausedUntil = soon;
            }
            return Optional.empty();
        } finally {
            r.sending.decrementAndGet();
        }
    }
}
