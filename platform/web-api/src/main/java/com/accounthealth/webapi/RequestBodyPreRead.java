package com.accounthealth.webapi;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;

import java.io.ByteArrayInputStream;

/**
 * Reads a write's request body whole on the event loop before a blocking endpoint is dispatched to its worker thread.
 *
 * <p>RESTEasy Reactive reads the body of a non-blocking endpoint on the event loop, but a blocking endpoint's (all of
 * ours: JDBC inside) on the worker thread, through a stream the event loop feeds chunk by chunk and hands over through
 * a monitor ({@code VertxInputStream$VertxBlockingInput}). This filter runs on the event loop ({@code nonBlocking}:
 * RESTEasy Reactive places it before the hand-over to the worker), collects the body asynchronously and sets it as the
 * entity stream, so Jackson reads it from memory on the worker.
 *
 * <p>It reads the body inside RESTEasy Reactive's chain on purpose. A Vert.x {@code BodyHandler} route in front would
 * end the request before RESTEasy Reactive creates its request context, whose constructor pauses the request; over
 * HTTP/2 (h2c as java.net.http speaks it) Vert.x refuses to pause an ended request ("Request has already been read",
 * quarkusio/quarkus#34393), so every HTTP/2 command failed with a 500.
 *
 * <p>A body with a declared length over {@code api.max-body-size} has already been refused by {@link BodySizeLimit}; one
 * without a length (chunked, or HTTP/2 without content-length) is held to the same limit here as it arrives, and
 * answered with the same 413 problem once it passes it (Vert.x's own limit would answer an empty 413). Non-blocking
 * endpoints keep RESTEasy Reactive's own event-loop read, and so does a bulk import ({@link BulkImport}), whose body is
 * read line by line as it arrives.
 */
public class RequestBodyPreRead {

    private final BodySizeLimit limit;

    public RequestBodyPreRead(BodySizeLimit limit) {
        this.limit = limit;
    }

    // RESTEasy Reactive requires event-loop filters to run before every other (blocking) filter: hence the priority.
    @ServerRequestFilter(nonBlocking = true, priority = Priorities.USER - 1000)
    public Uni<Response> preRead(HttpServerRequest request, ContainerRequestContext context, ResourceInfo resource) {
        HttpMethod method = request.method();
        boolean write = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
        if (!write || request.isEnded() || BulkImport.carriesImport(request)
                || (resource instanceof ResteasyReactiveResourceInfo info && info.isNonBlocking)
                || BodySizeLimit.declaredLength(request) == 0) {
            return null;
        }
        return Uni.createFrom().emitter(done -> {
            Buffer body = Buffer.buffer();
            boolean[] tooLarge = {false};
            request.handler(chunk -> {
                if (tooLarge[0]) {
                    return; // answered already; the rest is dropped
                }
                if (body.length() + chunk.length() > limit.maxBodySize()) {
                    tooLarge[0] = true;
                    done.complete(limit.tooLargeResponse(request));
                    return;
                }
                body.appendBuffer(chunk);
            });
            request.exceptionHandler(failure -> {
                if (!tooLarge[0]) {
                    done.fail(failure);
                }
            });
            request.endHandler(end -> {
                if (!tooLarge[0]) {
                    context.setEntityStream(new ByteArrayInputStream(body.getBytes()));
                    done.complete(null);
                }
            });
            // RESTEasy Reactive paused the request when it took it over; let the body flow.
            request.resume();
        });
    }
}
