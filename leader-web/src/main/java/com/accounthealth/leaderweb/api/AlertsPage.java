package com.accounthealth.leaderweb.api;

import com.accounthealth.client.healthscore.AlertsAsWorkApi;
import com.accounthealth.client.healthscore.model.Assignment;
import com.accounthealth.client.healthscore.model.Comment;
import com.accounthealth.client.healthscore.model.Resolution;
import com.accounthealth.client.healthscore.model.Snooze;
import com.accounthealth.leaderweb.infrastructure.ServiceCall;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Alerts as work: the inbox of the leader's teams and one alert with its next steps and activity. Every form posts
 * to health-score-service's alert API with the leader's token (the CSRF token is checked first) and comes back here.
 */
@Path("/alerts")
@Produces(MediaType.TEXT_HTML)
public class AlertsPage {

    private static final Set<String> STATES = Set.of("OPEN", "ACKNOWLEDGED", "RESOLVED", "ALL");

    private final AlertsAsWorkApi health;
    private final Template alerts;
    private final Template alert;
    private final Views views;

    public AlertsPage(AlertsAsWorkApi health, @Location("alerts.html") Template alerts,
                      @Location("alert.html") Template alert, Views views) {
        this.health = health;
        this.alerts = alerts;
        this.alert = alert;
        this.views = views;
    }

    @GET
    public TemplateInstance inbox(@QueryParam("state") String state, @QueryParam("team") String team,
                                  @QueryParam("snoozed") boolean snoozed) {
        String shown = state == null || !STATES.contains(state) ? null : state;
        String teamId = Views.given(team);
        return views.page(alerts, "Alerts")
                .data("snoozed", snoozed)
                .data("state", shown == null ? "" : shown)
                .data("states", List.of("OPEN", "ACKNOWLEDGED", "RESOLVED", "ALL"))
                .data("team", teamId == null ? "" : teamId)
                .data("inbox", views.plain(ServiceCall.answer(() -> health.inbox(null, null, 0, 100,
                        String.valueOf(snoozed), shown, teamId))));
    }

    @GET
    @Path("/{alertId}")
    public TemplateInstance show(@PathParam("alertId") UUID alertId) {
        return views.page(alert, "Alert").data("detail", views.plain(ServiceCall.answer(() -> health.getAlert(alertId))))
                .data("requestId", UUID.randomUUID().toString());
    }

    @POST
    @Path("/{alertId}/acknowledge")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response acknowledge(@PathParam("alertId") UUID alertId) {
        ServiceCall.answer(() -> health.acknowledge(alertId));
        return back(alertId);
    }

    @POST
    @Path("/{alertId}/assign")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response assign(@PathParam("alertId") UUID alertId, @FormParam("assignee") String assignee) {
        ServiceCall.answer(() -> health.assign(alertId, new Assignment().assignee(assignee)));
        return back(alertId);
    }

    @POST
    @Path("/{alertId}/comment")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response comment(@PathParam("alertId") UUID alertId, @FormParam("requestId") String requestId,
                            @FormParam("text") String text) {
        // The form's own id: a double submit or a retried post records the comment once.
        ServiceCall.answer(() -> health.comment(alertId, new Comment().text(text), Views.given(requestId)));
        return back(alertId);
    }

    @POST
    @Path("/{alertId}/snooze")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response snooze(@PathParam("alertId") UUID alertId, @FormParam("until") String until) {
        OffsetDateTime end;
        try {
            // The form asks for a day in UTC (it says so): the snooze ends as that day begins there.
            end = LocalDate.parse(until == null ? "" : until).atStartOfDay().atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new ApiAnswers.NotDone("until: a day is needed, as YYYY-MM-DD");
        }
        ServiceCall.answer(() -> health.snoozeAlert(alertId, new Snooze().until(end)));
        return back(alertId);
    }

    @POST
    @Path("/{alertId}/resolve")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response resolve(@PathParam("alertId") UUID alertId, @FormParam("resolution") String resolution) {
        ServiceCall.answer(() -> health.resolve(alertId, new Resolution().resolution(resolution)));
        return back(alertId);
    }

    /**
     * A form posted after the session ended comes back here as a GET once the leader has signed in again (the
     * identity provider returns to the path): show the alert, so the step can be taken again.
     */
    @GET
    @Path("/{alertId}/{step: acknowledge|assign|comment|snooze|resolve}")
    public Response afterSigningInAgain(@PathParam("alertId") UUID alertId) {
        return back(alertId);
    }

    /** Post, redirect, get: a reload does not post the form again. */
    private static Response back(UUID alertId) {
        return Response.seeOther(URI.create("/alerts/" + alertId)).build();
    }
}
