package com.accounthealth.webapi;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
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
 * <p>Only bodies with a declared length within {@code api.max-body-size} are read here: a larger one has already been
 * refused by {@link BodySizeLimit} (413 problem), and one without a length keeps RESTEasy Reactive's streaming read and
 * Vert.x's own limit, as before. Non-blocking endpoints keep RESTEasy Reactive's own event-loop read.
 */
public class RequestBodyPreRead {

    private final BodySizeLimit.Limits limits;

    public RequestBodyPreRead(BodySizeLimit.Limits limits) {
        this.limits = limits;
    }

    // RESTEasy Reactive requires event-loop filters to run before every other (blocking) filter: hence the priority.
    @ServerRequestFilter(nonBlocking = true, priority = Priorities.USER - 1000)
    public Uni<Void> preRead(HttpServerRequest request, ContainerRequestContext context, ResourceInfo resource) {
        HttpMethod method = request.method();
        boolean write = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
        if (!write || request.isEnded()
                || (resource instanceof ResteasyReactiveResourceInfo info && info.isNonBlocking)) {
            return null;
        }
        long length = BodySizeLimit.declaredLength(request);
        if (length <= 0 || length > limits.maxBodySize()) {
            return null;
        }
        return Uni.createFrom().emitter(done -> {
            request.body().onComplete(read -> {
                if (read.succeeded()) {
                    context.setEntityStream(new ByteArrayInputStream(read.result().getBytes()));
                    done.complete(null);
                } else {
                    done.fail(read.cause());
                }
            });
            // RESTEasy Reactive paused the request when it took it over; let the body flow.
            request.resume();
        });
    }
}
