package com.accounthealth.webapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * Refuses a request whose declared body is larger than {@code api.max-body-size} with a 413 problem, before the body
 * is read and before Quarkus's own, larger {@code quarkus.http.limits.max-body-size} would answer it with an empty 413.
 * A body without a declared length is held to the same limit as it is read ({@link RequestBodyPreRead}). A bulk import
 * ({@link BulkImport}) has a limit of its own and is held to its line length as it is read.
 */
@Singleton
public class BodySizeLimit {

    @ConfigMapping(prefix = "api")
    public interface Limits {
        /** The largest request body any endpoint accepts, in bytes. */
        @WithDefault("262144")
        long maxBodySize();
    }

    /** Quarkus checks its limit in a route of order -2; this one comes first. */
    private static final int BEFORE_QUARKUS_LIMIT = -3;

    private final Limits limits;
    private final BulkImport imports;
    private final ObjectMapper json;

    public BodySizeLimit(Limits limits, BulkImport imports, ObjectMapper json) {
        this.limits = limits;
        this.imports = imports;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(BEFORE_QUARKUS_LIMIT).handler(context -> {
            HttpServerRequest request = context.request();
            long length = declaredLength(request);
            long limit = BulkImport.carriesImport(request) ? imports.maxBodySize() : limits.maxBodySize();
            if (length <= limit) {
                context.next();
                return;
            }
            Problem problem = tooLarge(request, "The body has " + request.getHeader(HttpHeaders.CONTENT_LENGTH)
                    + " bytes; the limit is " + limit + ".");
            try {
                var response = request.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
                if (request.version() != HttpVersion.HTTP_2) {
                    response.putHeader("Connection", "close"); // the body that follows is not read
                }
                response.end(json.writeValueAsString(problem));
            } catch (JsonProcessingException e) {
                context.fail(e);
            }
        });
    }

    /** The answer to a body longer than the limit, once it is known to be. */
    Response tooLargeResponse(HttpServerRequest request) {
        Response.ResponseBuilder response = Response.fromResponse(tooLarge(request, "The body is longer than the limit of "
                + limits.maxBodySize() + " bytes.").toResponse());
        if (request.version() != HttpVersion.HTTP_2) {
            response.header("Connection", "close");
        }
        return response.build();
    }

    private static Problem tooLarge(HttpServerRequest request, String detail) {
        return Problem.of(413, "Request body too large", detail).at(request.path());
    }

    long maxBodySize() {
        return limits.maxBodySize();
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
