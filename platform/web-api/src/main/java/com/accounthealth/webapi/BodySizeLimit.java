package com.accounthealth.webapi;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Refuses a request whose declared body is larger than {@code api.max-body-size} with a 413 problem, before the
 * body is read. (Vert.x's own, larger {@code quarkus.http.limits.max-body-size} still stops bodies without a length.)
 */
public class BodySizeLimit {

    @ConfigMapping(prefix = "api")
    public interface Limits {
        /** The largest request body any endpoint accepts, in bytes. */
        @WithDefault("262144")
        long maxBodySize();
    }

    private final Limits limits;

    public BodySizeLimit(Limits limits) {
        this.limits = limits;
    }

    // Reads one header, so it runs on the event loop like every pre-matching filter; marked so, because RESTEasy
    // Reactive wants every filter marked non-blocking (RequestBodyPreRead) to come before any filter not marked so.
    @ServerRequestFilter(preMatching = true, nonBlocking = true)
    public Optional<Response> check(HttpServerRequest request) {
        if (declaredLength(request) > limits.maxBodySize()) {
            return Optional.of(Problem.of(413, "Request body too large", "The body has "
                    + request.getHeader(HttpHeaders.CONTENT_LENGTH) + " bytes; the limit is " + limits.maxBodySize()
                    + ".").at(request.path()).toResponse());
        }
        return Optional.empty();
    }

    /**
     * The request's Content-Length: -1 when it has none or it is not a number, {@link Long#MAX_VALUE} when it has more
     * digits than a long holds.
     */
    static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || length.isEmpty() || !length.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        try {
            return Long.parseLong(length);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // digits only, so too many of them
        }
    }
}
