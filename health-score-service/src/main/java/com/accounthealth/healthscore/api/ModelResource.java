package com.accounthealth.healthscore.api;

import com.accounthealth.healthscore.application.ManagingModels;
import com.accounthealth.healthscore.application.RescoringThePortfolio;
import com.accounthealth.healthscore.infrastructure.RescoreJobs;
import com.accounthealth.healthscore.infrastructure.WhatIfChanges;
import com.accounthealth.healthscore.domain.ModelCheck;
import com.accounthealth.healthscore.infrastructure.model.HealthModels;
import com.accounthealth.webapi.IdempotentRequests;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.Problem;
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

import java.net.URI;
import java.util.UUID;

/**
 * Health models as data: list and read them ({@code health:read}); draft one from another and put it in force
 * ({@code health:admin} with a token for every team: a model scores every team's accounts).
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models", description = "Versioned health models: every weight, threshold and rule parameter")
public class ModelResource {

    /** A draft: a stored model with changes (a partial model, objects merged field by field). */
    public record Draft(@NotBlank @Size(max = 40) @SingleLine @Schema(example = "v2") String version,
                        @NotBlank @Size(max = 2000) @Schema(example = "Satisfaction weighs more") String description,
                        @Size(max = 40) @SingleLine @Schema(example = "v1", description = "Default: the model in force")
                        String derivedFrom,
                        @Schema(example = "{\"weights\":{\"satisfaction\":35,\"support\":0}}",
                                description = "Fields of the model to change; omitted ones are derivedFrom's")
                        JsonNode changes) {
    }

    private final ManagingModels managing;
    private final HealthModels models;
    private final RescoringThePortfolio rescoring;
    private final WhatIfChanges whatIfs;
    private final Caller caller;
    private final IdempotentRequests idempotent;

    public ModelResource(ManagingModels managing, HealthModels models, RescoringThePortfolio rescoring,
                         WhatIfChanges whatIfs, Caller caller, IdempotentRequests idempotent) {
        this.idempotent = idempotent;
        this.managing = managing;
        this.models = models;
        this.rescoring = rescoring;
        this.whatIfs = whatIfs;
        this.caller = caller;
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Operation(operationId = "listModels", summary = "Every stored model, oldest first, with the one in force marked")
    public Paging.Page<HealthModels.ModelSummary> list(@BeanParam Paging.Request paging) {
        return models.list(paging.paging());
    }

    @GET
    @RolesAllowed(Roles.HEALTH_READ)
    @Path("/{version}")
    @Operation(operationId = "getModel", summary = "A stored model with every number")
    public HealthModels.Stored get(@PathParam("version") String version) {
        return models.find(known(version)).orElseThrow(() -> ProblemException.notFound("No model " + version));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.HEALTH_ADMIN)
    @Operation(summary = "Store a draft derived from a model with changes; it scores nothing until activated")
    @APIResponse(responseCode = "201", description = "The stored draft", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = HealthModels.Stored.class)))
    public Response draft(@Valid @NotNull Draft body) {
        caller.teams().requireEveryTeam("Changing the model");
        try {
            HealthModels.Stored stored = managing.draft(body.version(), body.description(), body.derivedFrom(),
                    body.changes(), caller.subject());
            return Response.created(URI.create("/api/v1/models/" + stored.summary().version())).entity(stored).build();
        } catch (ManagingModels.ModelRejected e) {
            throw new ProblemException(Problem.of(400, "Invalid request", "The model is not usable: " + e.getMessage())
                    .withErrors(e.violations().stream()
                            .map(v -> new Problem.FieldError("changes." + v.field(), v.message())).toList()));
        }
    }

    @POST
    @RolesAllowed(Roles.HEALTH_ADMIN)
    @Path("/{version}/activate")
    @Operation(summary = "Put a model in force on every replica and re-score every account under it in the "
            + "background (202 with the re-score job); its changes are recorded with cause MODEL_CHANGE")
    @APIResponse(responseCode = "202", description = "In force; the re-score job started", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ManagingModels.Activation.class)))
    public Response activate(@PathParam("version") String version) {
        caller.teams().requireEveryTeam("Changing the model");
        ManagingModels.Activation activation = managing.activate(known(version), caller.subject());
        return Response.accepted(activation).location(URI.create("/api/v1/admin/rescore/" + activation.jobId()))
                .build();
    }

    /** A what-if: its progress (as a re-score job's) and a page of the accounts the draft would change. */
    public record WhatIfReport(RescoringThePortfolio.Progress progress, Paging.Page<WhatIfChanges.Change> changes) {
    }

    @POST
    @RolesAllowed(Roles.HEALTH_ADMIN)
    @Path("/{version}/what-if")
    @Operation(summary = "Score today's portfolio under a model, changing nothing, in the background (202): which "
            + "accounts would change status or score, before and after, with the reasons that differ; a retry with the "
            + "same Idempotency-Key answers the first job")
    @APIResponse(responseCode = "202", description = "Started (or the first job, for a repeated Idempotency-Key)", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RescoringThePortfolio.Progress.class)))
    public Response whatIf(@PathParam("version") String version,
                           @HeaderParam(IdempotentRequests.HEADER) String key) {
        caller.teams().requireEveryTeam("A what-if");
        // A start retried with its Idempotency-Key answers the first job instead of starting a second one.
        return idempotent.once("POST /api/v1/models/" + version + "/what-if", key, version, () -> {
            RescoreJobs.Job job = managing.whatIf(known(version), caller.subject());
            return Response.accepted(RescoringThePortfolio.Progress.of(job))
                    .location(URI.create("/api/v1/models/" + version + "/what-if/" + job.jobId())).build();
        });
    }

    @GET
    @RolesAllowed(Roles.HEALTH_ADMIN)
    @Path("/{version}/what-if/{jobId}")
    @Operation(summary = "A what-if's progress and the accounts it found the model would change: status changes "
            + "first, then the largest moves of score (statusChanges=true: status changes only)")
    public WhatIfReport whatIfReport(@PathParam("version") String version, @PathParam("jobId") String jobId,
                                     @QueryParam("statusChanges") String statusChanges,
                                     @BeanParam Paging.Request paging) {
        caller.teams().requireEveryTeam("A what-if");
        UUID id = RequestValues.uuid(jobId, "jobId");
        boolean statusChangesOnly = RequestValues.flag(statusChanges, "statusChanges");
        RescoringThePortfolio.Progress progress = rescoring.progress(id)
                .filter(p -> p.modelVersion().equals(version))
                .orElseThrow(() -> ProblemException.notFound("No what-if " + jobId + " of model " + version));
        return new WhatIfReport(progress, whatIfs.of(id, statusChangesOnly, paging.paging()));
    }

    /** A path that cannot be a version names no model (and never reaches the database). */
    private static String known(String version) {
        if (!ModelCheck.isVersion(version)) {
            throw ProblemException.notFound("No model " + version);
        }
        return version;
    }
}
