package com.accounthealth.leaderweb.api;

import com.accounthealth.leaderweb.infrastructure.ServiceCall;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.io.IOException;
import java.net.URI;

/**
 * What a page shows when a service refuses or fails: its own status for what the leader asked (404 for an account
 * of another team, 400 with the API's reason for a bad value), 502 when a service cannot be reached, a new sign-in
 * when the leader's token has expired. Never a trace.
 */
public class ApiAnswers {

    private static final Logger LOG = Logger.getLogger(ApiAnswers.class);

    private final Template error;
    private final ObjectMapper json;

    public ApiAnswers(@Location("error.html") Template error, ObjectMapper json) {
        this.error = error;
        this.json = json;
    }

    /** A form value the workspace could not send as the API takes it. */
    public static final class NotDone extends RuntimeException {
        public NotDone(String detail) {
            super(detail);
        }
    }

    @ServerExceptionMapper
    public Response notDone(NotDone e) {
        return page(400, "Not done", "The service refused this change.", e.getMessage());
    }

    /** The workspace's own answer to a path it does not serve or a method it does not take. */
    @ServerExceptionMapper
    public Response notHere(ClientErrorException e) {
        return e.getResponse().getStatus() == 404 ? page(404, "Not found", "There is no such page.", "")
                : page(e.getResponse().getStatus(), "Not here", "This page cannot be opened this way.", "");
    }

    /** A service's refusal, as a page of the same meaning. */
    @ServerExceptionMapper
    public Response refused(ServiceCall.Refused e) {
        int status = e.status();
        String detail = status == 400 || status == 409 || status == 422 ? detail(e.body()) : "";
        return switch (status) {
            case 404 -> page(404, "Not found", "There is nothing here, or it belongs to a team you do not lead.", "");
            case 400, 409, 422 -> page(status, "Not done", "The service refused this change.", detail);
            // The leader's token expired while the session lasted: sign out, then in again.
            case 401 -> Response.seeOther(URI.create("/sign-out")).build();
            case 403 -> page(403, "Not allowed", "Your sign-in does not allow this.", "");
            default -> {
                LOG.warnf("A service answered %d: %s", status, e.body());
                yield page(502, "A service failed", "A service behind this page did not answer; try again shortly.", "");
            }
        };
    }

    @ServerExceptionMapper
    public Response unreachable(ServiceCall.Unreachable e) {
        LOG.warnf("A service could not be reached: %s", e.getMessage());
        return page(502, "A service failed", "A service behind this page could not be reached; try again shortly.", "");
    }

    /** The problem's detail, for the leader to read; nothing when the body is not a problem document. */
    private String detail(String body) {
        try {
            return json.readTree(body).path("detail").asText("");
        } catch (IOException | RuntimeException unreadable) {
            return "";
        }
    }

    private Response page(int status, String title, String message, String detail) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(error.data("title", title).data("message", message).data("detail", detail)
                        .data("leader", "").render()).build();
    }
}
