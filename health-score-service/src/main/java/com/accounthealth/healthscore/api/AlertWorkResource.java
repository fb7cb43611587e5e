package com.accounthealth.healthscore.api;

import com.accounthealth.healthscore.application.WorkingAlerts;
import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.domain.work.AlertWork;
import com.accounthealth.healthscore.domain.work.NextSteps;
import com.accounthealth.healthscore.infrastructure.work.AlertInbox;
import com.accounthealth.webapi.DateBounds;
import com.accounthealth.webapi.IdempotentRequests;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.ProblemException;
import com.accounthealth.webapi.RequestValues;
import com.accounthealth.webapi.SingleLine;
import com.accounthealth.webapi.security.Caller;
import com.accounthealth.webapi.security.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Alerts as work: a team's inbox, and the steps that work an alert (acknowledge, assign, comment, snooze, resolve).
 * Each step answers the alert as it now stands, with its activity and the recommended next steps.
 */
// At /api/v1 like HealthResource, which serves GET /alerts: a class at /api/v1/alerts would hide that one.
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Alerts as work")
public class AlertWorkResource {

    public record AlertDetail(AlertInbox.Item alert, List<NextSteps.NextStep> nextSteps,
                              List<AlertInbox.Activity> activity) {
    }

    public record Assignment(@NotBlank @Size(max = 100) @SingleLine @Schema(example = "ae-17") String assignee) {
    }

    public record Comment(@NotBlank @Size(max = 2000) @Schema(example = "Called the CFO; renewal call on Friday")
                          String text) {
    }

    public record Snooze(@NotNull @DateBounds @Schema(example = "2027-01-15T00:00:00Z") Instant until) {
    }

    public record Resolution(@NotBlank @Size(max = 2000) @Schema(example = "Business review held; renewal agreed")
                             String resolution) {
    }

    private final AlertInbox inbox;
    private final WorkingAlerts working;
    private final Caller caller;
    private final IdempotentRequests idempotent;

    public AlertWorkResource(AlertInbox inbox, WorkingAlerts working, Caller caller, IdempotentRequests idempotent) {
        this.inbox = inbox;
        this.working = working;
        this.caller = caller;
        this.idempotent = idempotent;
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/alerts/inbox")
    @Operation(summary = "The alerts of the caller's teams with where the work on each stands, newest first; by default "
            + "those not resolved and not snoozed now. state=OPEN,ACKNOWLEDGED,RESOLVED (comma separated) or ALL; "
            + "snoozed=true lists the snoozed ones instead")
    public Paging.Page<AlertInbox.Item> inbox(@QueryParam("state") String state, @QueryParam("assignee") String assignee,
                                              @QueryParam("alertType") String alertType,
                                              @QueryParam("snoozed") String snoozed,
                                              @QueryParam("teamId") String teamId, @BeanParam Paging.Request paging) {
        return inbox.list(new AlertInbox.Filter(states(state), optional(assignee, "assignee"),
                type(alertType), RequestValues.flag(snoozed, "snoozed"),
                optional(teamId, "teamId")), caller.teams(), paging.paging());
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/alerts/{alertId}")
    @Operation(operationId = "getAlert", summary = "One alert, the work on it so far and the recommended next steps for its reasons")
    public AlertDetail get(@PathParam("alertId") String alertId) {
        return detail(id(alertId));
    }

    @POST
    @RolesAllowed(Roles.ALERTS_WORK)
    @Path("/alerts/{alertId}/acknowledge")
    @Operation(summary = "Acknowledge the alert: someone has seen it and owns the next step (a repeat changes nothing)")
    public AlertDetail acknowledge(@PathParam("alertId") String alertId) {
        UUID id = id(alertId);
        working.acknowledge(id, caller.teams(), caller.subject());
        return detail(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ALERTS_WORK)
    @Path("/alerts/{alertId}/assignment")
    @Operation(summary = "Hand the alert to an account executive (acknowledges it too)")
    public AlertDetail assign(@PathParam("alertId") String alertId, @Valid @NotNull Assignment body) {
        UUID id = id(alertId);
        working.assign(id, caller.teams(), caller.subject(), body.assignee());
        return detail(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ALERTS_WORK)
    @Path("/alerts/{alertId}/comments")
    @Operation(summary = "Add a comment to the alert's activity; a retry with the same Idempotency-Key adds none")
    @APIResponse(responseCode = "200", description = "The alert with its activity", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AlertDetail.class)))
    public Response comment(@PathParam("alertId") String alertId, @HeaderParam(IdempotentRequests.HEADER) String key,
                            @Valid @NotNull Comment body) {
        UUID id = id(alertId);
        // The one step that is not idempotent by itself: a retried comment would be recorded twice.
        return idempotent.once("POST /api/v1/alerts/" + id + "/comments", key, body, () -> {
            working.comment(id, caller.teams(), caller.subject(), body.text());
            return Response.ok(detail(id)).build();
        });
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ALERTS_WORK)
    @Path("/alerts/{alertId}/snooze")
    @Operation(operationId = "snoozeAlert", summary = "Hide the alert from the inbox until a moment in the future")
    public AlertDetail snooze(@PathParam("alertId") String alertId, @Valid @NotNull Snooze body) {
        UUID id = id(alertId);
        working.snooze(id, caller.teams(), caller.subject(), body.until());
        return detail(id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ALERTS_WORK)
    @Path("/alerts/{alertId}/resolution")
    @Operation(summary = "Resolve the alert, saying what was done (a repeat changes nothing)")
    public AlertDetail resolve(@PathParam("alertId") String alertId, @Valid @NotNull Resolution body) {
        UUID id = id(alertId);
        working.resolve(id, caller.teams(), caller.subject(), body.resolution());
        return detail(id);
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/alerts/next-steps")
    @Operation(summary = "The recommended next step for each rule a reason or alert can name, by rule name")
    public java.util.Map<String, String> nextSteps() {
        return NextSteps.all();
    }

    private AlertDetail detail(UUID alertId) {
        AlertInbox.Item item = inbox.find(alertId, caller.teams())
                .orElseThrow(() -> ProblemException.notFound("No alert " + alertId));
        return new AlertDetail(item, NextSteps.forRules(rulesBehind(item)), inbox.activity(alertId));
    }

    /** The rules whose reasons the alert names: its top reasons, the growth signal's event, the gap's kind. */
    private static List<String> rulesBehind(AlertInbox.Item item) {
        JsonNode payload = item.payload();
        List<String> rules = new ArrayList<>();
        payload.path("topReasons").forEach(r -> {
            if (r.hasNonNull("rule")) {
                rules.add(r.get("rule").asText());
            }
        });
        if (payload.hasNonNull("clientEvent")) {
            rules.add(payload.get("clientEvent").asText());
        }
        if (!payload.path("capabilitiesWeLack").isEmpty()) {
            rules.add("CapabilityWeLack");
        }
        if (!payload.path("unmetClientTeams").isEmpty()) {
            rules.add("CompetitorAtUnmetTeam");
        }
        return rules;
    }

    private static String optional(String value, String name) {
        return value == null ? null : RequestValues.text(value, name, 100);
    }

    private static UUID id(String alertId) {
        return RequestValues.uuid(alertId, "alertId");
    }

    private static List<AlertWork.State> states(String state) {
        if (state == null) {
            return List.of(AlertWork.State.OPEN, AlertWork.State.ACKNOWLEDGED);
        }
        if (state.equals("ALL")) {
            return List.of();
        }
        try {
            return Arrays.stream(state.split(",", 4)).map(AlertWork.State::valueOf).toList();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("state", "must be ALL or OPEN, ACKNOWLEDGED, RESOLVED, comma separated");
        }
    }

    private static AlertType type(String alertType) {
        if (alertType == null) {
            return null;
        }
        try {
            return AlertType.valueOf(alertType);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("alertType", "must be one of " + Arrays.toString(AlertType.values()));
        }
    }
}
