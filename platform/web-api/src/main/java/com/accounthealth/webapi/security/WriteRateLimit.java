package com.accounthealth.webapi.security;

import com.accounthealth.webapi.Problem;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Set;

/**
 * Limits each calling system's writes (by token subject) to {@code api.rate-limit.writes-per-second}, with bursts of
 * {@code api.rate-limit.burst}; more answers 429 with {@code Retry-After}. Reads are not limited here (pages are
 * capped instead). The buckets are per instance: with N replicas behind a Service a client gets up to N times the
 * rate.
 */
public class WriteRateLimit {

    private static final Logger LOG = Logger.getLogger(WriteRateLimit.class);
    private static final Set<String> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    @ConfigMapping(prefix = "api.rate-limit")
    public interface Settings {
        /** Off only where a load test measures the service itself. */
        @WithDefault("true")
        boolean enabled();

        /** Sustained writes per second one client may make. */
        @WithDefault("100")
        double writesPerSecond();

        /** Writes one client may make at once after a quiet spell. */
        @WithDefault("200")
        int burst();
    }

    private final Settings settings;
    private final CurrentIdentityAssociation identities;
    private final TokenBuckets buckets;

    public WriteRateLimit(Settings settings, CurrentIdentityAssociation identities) {
        this.settings = settings;
        this.identities = identities;
        this.buckets = new TokenBuckets(settings.writesPerSecond(), settings.burst(), System::nanoTime);
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request) {
        if (!settings.enabled() || READS.contains(request.getMethod())) {
            return Uni.createFrom().nullItem();
        }
        // An anonymous or refused caller is answered by the security check, not counted here.
        return identities.getDeferredIdentity().map(identity -> identity.isAnonymous() ? null : check(identity, request));
    }

    private Response check(SecurityIdentity identity, ContainerRequestContext request) {
        String client = identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null
                ? jwt.getSubject() : identity.getPrincipal().getName();
        TokenBuckets.Take take = buckets.take(client);
        if (take.allowed()) {
            return null;
        }
        long seconds = Math.max(1, (take.retryAfter().toMillis() + 999) / 1000);
        LOG.infof("Rate limit: refused a write by %s to %s (limit %.0f/s, burst %d)", client,
                request.getUriInfo().getPath(), settings.writesPerSecond(), settings.burst());
        return Response.fromResponse(Problem.of(429, "Too many requests", "Client '" + client + "' may make "
                                + settings.writesPerSecond() + " writes per second (bursts of " + settings.burst()
                                + "); retry after " + seconds + " s.")
                        .at(request.getUriInfo().getPath()).toResponse())
                .header(HttpHeaders.RETRY_AFTER, seconds).build();
    }
}
