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
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sheds load instead of queueing it: every API request needs a permit of an adaptive concurrency limit (Netflix's
 * concurrency-limits, Gradient2: the limit follows the latency the service gives), one limit for writes and one for
 * reads, so a flood of writes never starves reads. A request that finds no permit is answered at once, on the event
 * loop, before any worker thread, database connection or body is spent on it: 503 with Retry-After, an RFC 9457
 * problem, nothing stored, so a retry with the same Idempotency-Key is safe. Health probes, metrics and the bulk import
 * (which has its own limit, {@link BulkImport}) take no permit.
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

        Bounds writes();

        Bounds reads();

        interface Bounds {
            /** Adaptive (the limit moves between min and max with latency), or fixed at initial. */
            @WithDefault("true")
            boolean adaptive();

            @WithDefault("20")
            int initial();

            @WithDefault("4")
            int min();

            @WithDefault("64")
            int max();
        }
    }

    private final Settings settings;
    private final String shedProblem;
    private final String retryAfterSeconds;
    private final long maxBody;
    private final Map<Kind, SimpleLimiter<Void>> limiters = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> shed = new EnumMap<>(Kind.class);
    private final Map<Kind, AtomicLong> lastShedLog = new EnumMap<>(Kind.class);

    public LoadShedding(Settings settings, BodySizeLimit.Limits bodies, MeterRegistry meters, ObjectMapper json)
            throws JsonProcessingException {
        this.settings = settings;
        this.retryAfterSeconds = Long.toString(Math.max(1, settings.retryAfter().toSeconds()));
        this.maxBody = bodies.maxBodySize();
        this.shedProblem = json.writeValueAsString(Problem.of(503, "Overloaded",
                "The service is at its capacity and did not take this request (nothing was stored); retry after "
                        + "Retry-After with the same Idempotency-Key."));
        for (Kind kind : Kind.values()) {
            Settings.Bounds bounds = kind == Kind.WRITE ? settings.writes() : settings.reads();
            SimpleLimiter<Void> limiter = SimpleLimiter.newBuilder().named("api-" + kind.tag()).limit(limit(bounds))
                    .build();
            limiters.put(kind, limiter);
            shed.put(kind, Counter.builder("api.requests.shed").tag("kind", kind.tag())
                    .description("API requests answered 503 at once because the concurrency limit was reached")
                    .register(meters));
            lastShedLog.put(kind, new AtomicLong());
            Gauge.builder("api.requests.in.flight", limiter, SimpleLimiter::getInflight).tag("kind", kind.tag())
                    .description("API requests being served").register(meters);
            Gauge.builder("api.concurrency.limit", limiter, SimpleLimiter::getLimit).tag("kind", kind.tag())
                    .description("How many API requests may be served at once now").register(meters);
            // The autoscaling signal: it rises with load and reaches 1 when shedding starts.
            Gauge.builder("api.concurrency.utilization", limiter, l -> (double) l.getInflight() / l.getLimit())
                    .tag("kind", kind.tag()).description("In-flight requests over the concurrency limit")
                    .register(meters);
        }
    }

    private static Limit limit(Settings.Bounds bounds) {
        if (!bounds.adaptive()) {
            return FixedLimit.of(bounds.initial());
        }
        return Gradient2Limit.newBuilder().initialLimit(bounds.initial()).minLimit(bounds.min())
                .maxConcurrency(bounds.max()).build();
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
        Kind kind = READS.contains(request.request().method()) ? Kind.READ : Kind.WRITE;
        Optional<Limiter.Listener> permit = limiters.get(kind).acquire(null);
        if (permit.isEmpty()) {
            shed(request, kind);
            return;
        }
        Limiter.Listener listener = permit.get();
        request.addEndHandler(ended -> {
            if (ended.failed()) {
                listener.onIgnore(); // the connection went away: no latency sample
            } else if (request.response().getStatusCode() == 503) {
                listener.onDropped(); // the database could not keep up: the limit comes down
            } else {
                listener.onSuccess();
            }
        });
        request.next();
    }

    private void shed(RoutingContext request, Kind kind) {
        shed.get(kind).increment();
        // One line a second at most: a flood of refusals must not become a flood of log lines.
        long now = System.nanoTime();
        AtomicLong last = lastShedLog.get(kind);
        long previous = last.get();
        if (now - previous > 1_000_000_000L && last.compareAndSet(previous, now)) {
            LOG.warnf("Overloaded: shedding %ss (limit %d, in flight %d; %.0f shed so far)", kind.tag(),
                    limiters.get(kind).getLimit(), limiters.get(kind).getInflight(), shed.get(kind).count());
        }
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
        if (!request.response().ended()) {
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
