package com.accounthealth.healthscore.api;

import com.accounthealth.healthscore.application.SnoozingAccounts;
import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.infrastructure.HealthRecords;
import com.accounthealth.healthscore.infrastructure.notification.DeliveryStore;
import com.accounthealth.healthscore.infrastructure.notification.SnoozeStore.SnoozeRecord;
import com.accounthealth.healthscore.infrastructure.notification.SnoozeStore;
import com.accounthealth.webapi.DateBounds;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.ProblemException;
import com.accounthealth.webapi.RequestValues;
import com.accounthealth.webapi.security.Caller;
import com.accounthealth.webapi.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** What was sent to whom and how each attempt went; and snoozes, which keep an account's alerts from notifying. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
public class NotificationDeliveryResource {

    private static final Set<String> STATUSES = Set.of("PENDING", "DELIVERED", "FAILED", "SUPPRESSED", "CANCELLED");

    public record SnoozeRequest(@NotNull @Schema(example = "6f1c2a4e-0b7d-4c1e-9a52-3f8e2d1b7c90") UUID accountId,
                                @Schema(description = "absent: every alert type", example = "COMPETITIVE_GAP")
                                AlertType alertType,
                                @NotNull @DateBounds @Schema(example = "2027-01-15T00:00:00Z") Instant until,
                                @NotBlank @Size(max = 500) @Schema(example = "Known: renegotiation under way")
                                String reason) {
    }

    private final DeliveryStore deliveries;
    private final SnoozeStore snoozes;
    private final SnoozingAccounts snoozing;
    private final HealthRecords records;
    private final Caller caller;

    public NotificationDeliveryResource(DeliveryStore deliveries, SnoozeStore snoozes, SnoozingAccounts snoozing,
                                        HealthRecords records, Caller caller) {
        this.deliveries = deliveries;
        this.snoozes = snoozes;
        this.snoozing = snoozing;
        this.records = records;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.NOTIFICATIONS_MANAGE)
    @Path("/notification-deliveries")
    @Operation(summary = "Deliveries with every attempt and its outcome, by alert, status or subscription")
    public Paging.Page<DeliveryStore.Delivery> deliveries(@QueryParam("alertId") String alertId,
                                                          @QueryParam("status") String status,
                                                          @QueryParam("subscriptionId") String subscriptionId,
                                                          @BeanParam Paging.Request paging) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.badField("status", "must be one of " + STATUSES);
        }
        return deliveries.list(alertId == null ? null : RequestValues.uuid(alertId, "alertId"), status,
                subscriptionId == null ? null : RequestValues.uuid(subscriptionId, "subscriptionId"), caller.teams(),
                paging.paging());
    }

    @POST
    @RolesAllowed(Roles.NOTIFICATIONS_MANAGE)
    @Path("/notification-snoozes")
    @Operation(operationId = "snoozeNotifications", summary = "Snooze an account's notifications (or one alert type's) until a moment, with a reason")
    @APIResponse(responseCode = "201", description = "Snoozed", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SnoozeRecord.class)))
    public Response snooze(@Valid @NotNull SnoozeRequest body) {
        String team = records.teamOf(body.accountId()).filter(t -> caller.teams().includes(t))
                .orElseThrow(() -> ProblemException.notFound("No account " + body.accountId()));
        if (!body.until().isAfter(Instant.now())) {
            throw ProblemException.badField("until", "must be in the future");
        }
        SnoozeRecord s = snoozing.snooze(body.accountId(), team, body.alertType(), body.until(), body.reason(),
                caller.subject());
        return Response.created(URI.create("/api/v1/notification-snoozes/" + s.snoozeId())).entity(s).build();
    }

    @GET
    @RolesAllowed(Roles.NOTIFICATIONS_MANAGE)
    @Path("/notification-snoozes")
    @Operation(summary = "Snoozes in force, of one account or of every account the caller may see")
    public List<SnoozeRecord> snoozes(@QueryParam("accountId") String accountId) {
        return snoozes.list(accountId == null ? null : RequestValues.uuid(accountId, "accountId"), caller.teams(),
                Instant.now());
    }

    @DELETE
    @RolesAllowed(Roles.NOTIFICATIONS_MANAGE)
    @Path("/notification-snoozes/{snoozeId}")
    @Operation(summary = "End a snooze now")
    @APIResponse(responseCode = "204", description = "Ended")
    public Response endSnooze(@PathParam("snoozeId") String snoozeId) {
        SnoozeRecord s = snoozes.find(RequestValues.uuid(snoozeId, "snoozeId"), caller.teams())
                .orElseThrow(() -> ProblemException.notFound("No snooze " + snoozeId));
        snoozing.endEarly(s, caller.subject());
        return Response.noContent().build();
    }
}
