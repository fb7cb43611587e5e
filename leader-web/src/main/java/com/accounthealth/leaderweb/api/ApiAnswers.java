package com.accounthealth.leaderweb.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.ClientWebApplicationException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;

/**
 * What a page shows when a service refuses or fails: its own status for what the leader asked (404 for an account
 * of another team, 400 with the API's reason for a bad value), 502 when a service cannot be reached, a new sign-in
 * when the leader's token has expired. Never a trace.
 */
public class ApiAnswers {

    private static final Logger LOG = Logger.getLogger(ApiAnswers.class);

    private final Template error;

    public ApiAnswers(@Location("error.html") Template error) {
        this.error = error;
    }

    /**
     * A service's refusal, as a page of the same meaning; or the workspace's own answer to a path it does not serve
     * or a method it does not take (the framework's {@link ClientErrorException}s, thrown before any service is asked).
     */
    @ServerExceptionMapper
    public Response refused(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e instanceof ClientErrorException && !(e instanceof ClientWebApplicationException)) {
            return status == 404 ? page(404, "Not found", "There is no such page.", "")
                    : page(status, "Not here", "This page cannot be opened this way.", "");
        }
        String detail = "";
        if (status == 400 || status == 409 || status == 422) {
            try {
                detail = e.getResponse().readEntity(JsonNode.class).path("detail").asText("");
            } catch (RuntimeException unreadable) {
                detail = "";
            }
        }
        return switch (status) {
            case 404 -> page(404, "Not found", "There is nothing here, or it belongs to a team you do not lead.", "");
            case 400, 409, 422 -> page(status, "Not done", "The service refused this change.", detail);
            // The leader's token expired while the session lasted: sign out, then in again.
            case 401 -> Response.seeOther(URI.create("/sign-out")).build();
            case 403 -> page(403, "Not allowed", "Your sign-in does not allow this.", "");
            default -> {
                LOG.warnf("A service answered %d: %s", status, e.getMessage());
                yield page(502, "A service failed", "A service behind this page did not answer; try again shortly.", "");
            }
        };
    }

    @ServerExceptionMapper
    public Response unreachable(ProcessingException e) {
        LOG.warnf("A service could not be reached: %s", e.getMessage());
        return page(502, "A service failed", "A service behind this page could not be reached; try again shortly.", "");
    }

    private Response page(int status, String title, String message, String detail) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(error.data("title", title).data("message", message).data("detail", detail)
                        .data("leader", "").render()).build();
    }
}
