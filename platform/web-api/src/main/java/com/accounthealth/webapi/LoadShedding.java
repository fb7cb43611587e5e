package com.accounthealth.webapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.FixedLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sheds load instead of queueing it: every API request needs a permit of an adaptive concurrency limit (Netflix's
 * concurrency-limits, Gradient2: the limit comes down when the latency of the last requests rises above that of the
 * last minutes, which is when requests start to queue for CPU or connections), one limit for writes and one for reads, so a
 * flood of writes never starves reads. A request that finds no permit waits at most {@code queue-timeout} for one, in
 * a bounded line and without holding a thread; then it is answered on the event loop, before any worker thread,
 * database connection or body is spent on it: 503 with Retry-After, an RFC 9457 problem, nothing stored, so a retry
 * with the same Idempotency-Key is safe. Health probes, metrics and the bulk import (which has its own limit,
 * {@link BulkImport}) take no permit. The short wait is written here (the library's waiting limiters block a thread,
 * and this runs on the event loop).
 */
@ApplicationScoped
public class LoadShedding {

    private static final Logger LOG = Logger.getLogger(LoadShedding.class);
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    // Before authentication and before the body is read: a shed request costs the event loop a few microseconds.
    private static final int PRIORITY = 1_000;

    public enum Kind {
        WRITE, READ;

        String tag() {
            return name().toLowerCase();
        }
    }

    @ConfigMapping(prefix = "api.load-shedding")
    public interface Settings {
        /** Off only where a benchmark measures the service without it. */
        @WithDefault("true")
        boolean enabled();

        /** What a shed request is told to wait before it retries. */
        @WithDefault("1s")
        Duration retryAfter();

        /** How long a request may wait for a permit before it is shed. */
        @WithDefault("25ms")
        Duration queueTimeout();

        Bounds writes();

        Bounds reads();

        interface Bounds {
            /** Adaptive (the limit moves below max with latency), or fixed at initial. */
            @WithDefault("true")
            boolean adaptive();

            @WithDefault("32")
            int initial();

            /** The adaptive limit never goes below this (a cold instance's first slow answers would sink it). */
            @WithDefault("16")
            int min();

            @WithDefault("64")
            int max();

            /** How many requests may wait for a permit at once; more are shed at once. */
            @WithDefault("256")
            int queue();
        }
    }

    private final Settings settings;
    private final String shedProblem;
    private final String retryAfterSeconds;
    private final long maxBody;
    private final Map<Kind, Gate> gates = new EnumMap<>(Kind.class);

    public LoadShedding(Settings settings, BodySizeLimit.Limits bodies, MeterRegistry meters, ObjectMapper json)
            throws JsonProcessingException {
        this.settings = settings;
        this.retryAfterSeconds = Long.toString(Math.max(1, settings.retryAfter().toSeconds()));
        this.maxBody = bodies.maxBodySize();
        this.shedProblem = json.writeValueAsString(Problem.of(503, "Overloaded",
                "The service is at its capacity and did not take this request (nothing was stored); retry after "
                        + "Retry-After with the same Idempotency-Key."));
        for (Kind kind : Kind.values()) {
            gates.put(kind, new Gate(kind, kind == Kind.WRITE ? settings.writes() : settings.reads(), meters));
        }
    }

    void register(@Observes Filters filters) {
        if (settings.enabled()) {
            filters.register(this::admit, PRIORITY);
        }
    }

    private void admit(RoutingContext request) {
        if (!request.normalizedPath().startsWith("/api/") || BulkImport.carriesImport(request.request())) {
            request.next();
            return;
        }
        gates.get(READS.contains(request.request().method()) ? Kind.READ : Kind.WRITE).enter(request);
    }

    /** One limit with its line of waiting requests and its meters. */
    private final class Gate {
        private final Kind kind;
        private final Settings.Bounds bounds;
        private final SimpleLimiter<Void> limiter;
        private final Queue<Waiting> line = new ConcurrentLinkedQueue<>();
        private final AtomicInteger waiting = new AtomicInteger();
        private final Counter shed;
        private final AtomicLong lastShedLog = new AtomicLong();

        Gate(Kind kind, Settings.Bounds bounds, MeterRegistry meters) {
            this.kind = kind;
            this.bounds = bounds;
            Limit limit = bounds.adaptive()
                    ? Gradient2Limit.newBuilder().initialLimit(bounds.initial()).minLimit(bounds.min())
                            .maxConcurrency(bounds.max()).build()
                    : FixedLimit.of(bounds.initial());
            this.limiter = SimpleLimiter.newBuilder().named("api-" + kind.tag()).limit(limit).build();
            String tag = kind.tag();
            this.shed = Counter.builder("api.requests.shed").tag("kind", tag)
                    .description("API requests answered 503 because no permit of the concurrency limit came in time")
                    .register(meters);
            Gauge.builder("api.requests.in.flight", limiter, SimpleLimiter::getInflight).tag("kind", tag)
                    .description("API requests being served").register(meters);
            Gauge.builder("api.requests.waiting", waiting, AtomicInteger::get).tag("kind", tag)
                    .description("API requests waiting for a permit").register(meters);
            Gauge.builder("api.concurrency.limit", limiter, SimpleLimiter::getLimit).tag("kind", tag)
                    .description("How many API requests may be served at once now").register(meters);
            // The autoscaling signal: it rises with load and passes 1 when requests start to wait.
            Gauge.builder("api.concurrency.utilization", this, Gate::utilization).tag("kind", tag)
                    .description("Requests in flight and waiting over the concurrency limit").register(meters);
        }

        double utilization() {
            return (double) (limiter.getInflight() + waiting.get()) / limiter.getLimit();
        }

        void enter(RoutingContext request) {
            Optional<Limiter.Listener> permit = line.isEmpty() ? limiter.acquire(null) : Optional.empty();
            if (permit.isPresent()) {
                pass(request, permit.get());
                return;
            }
            if (waiting.incrementAndGet() > bounds.queue()) {
                waiting.decrementAndGet();
                shed(request);
                return;
            }
            // Its body stays in the socket until it is let in (or dropped if it is shed).
            request.request().pause();
            Waiting w = new Waiting(request, Vertx.currentContext());
            line.add(w);
            w.timer = request.vertx().setTimer(settings.queueTimeout().toMillis(), id -> {
                if (w.claim()) {
                    line.remove(w);
                    waiting.decrementAndGet();
                    shed(request);
                }
            });
            letIn(); // a permit may have come back meanwhile
        }

        private void pass(RoutingContext request, Limiter.Listener listener) {
            request.addEndHandler(ended -> {
                if (ended.failed()) {
                    listener.onIgnore(); // the connection went away: no latency sample
                } else if (request.response().getStatusCode() == 503) {
                    listener.onDropped(); // the database could not keep up: the limit comes down
                } else {
                    listener.onSuccess();
                }
                letIn();
            });
            request.next();
        }

        /** Hands free permits to the requests waiting longest, on their own event loops. */
        private void letIn() {
            while (!line.isEmpty()) {
                Optional<Limiter.Listener> permit = limiter.acquire(null);
                if (permit.isEmpty()) {
                    return;
                }
                Waiting w = line.poll();
                if (w == null || !w.claim()) {
                    permit.get().onIgnore();
                    continue;
                }
                waiting.decrementAndGet();
                w.request.vertx().cancelTimer(w.timer);
                w.context.runOnContext(v -> {
                    w.request.request().resume();
                    pass(w.request, permit.get());
                });
            }
        }

        private void shed(RoutingContext request) {
            shed.increment();
            // One line a second at most: a flood of refusals must not become a flood of log lines.
            long now = System.nanoTime();
            long previous = lastShedLog.get();
            if (now - previous > 1_000_000_000L && lastShedLog.compareAndSet(previous, now)) {
                LOG.warnf("Overloaded: shedding %ss (limit %d, in flight %d, waiting %d; %.0f shed so far)",
                        kind.tag(), limiter.getLimit(), limiter.getInflight(), waiting.get(), shed.count());
            }
            drainThenRefuse(request);
        }
    }

    /** A request waiting for a permit; claimed once, by the permit or by its timer. */
    private static final class Waiting {
        final RoutingContext request;
        final Context context;
        final AtomicBoolean claimed = new AtomicBoolean();
        volatile long timer;

        Waiting(RoutingContext request, Context context) {
            this.request = request;
            this.context = context;
        }

        boolean claim() {
            return claimed.compareAndSet(false, true);
        }
    }

    private void drainThenRefuse(RoutingContext request) {
        HttpServerRequest http = request.request();
        if (http.isEnded()) {
            refuse(request);
            return;
        }
        // The answer waits for the rest of the body (dropped as it comes), so the connection stays usable for the
        // client's next request; a body over the API's limit is not waited for: that connection is closed.
        String length = http.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && parsedLength(length) > maxBody) {
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
            refuse(request);
            return;
        }
        AtomicLong drained = new AtomicLong();
        http.handler(chunk -> {
            if (drained.addAndGet(chunk.length()) > maxBody) {
                http.connection().close();
            }
        });
        http.exceptionHandler(ignored -> { });
        http.endHandler(ignored -> refuse(request));
        http.resume();
    }

    private void refuse(RoutingContext request) {
        if (!request.response().ended() && !request.response().closed()) {
            request.response().setStatusCode(503)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
                    .end(shedProblem);
        }
    }

    private static long parsedLength(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
