package com.accounthealth.healthscore.api;

import com.accounthealth.healthscore.application.RescoringThePortfolio;
import com.accounthealth.healthscore.domain.HealthModel;
import com.accounthealth.webapi.ProblemException;
import com.accounthealth.webapi.RequestValues;
import com.accounthealth.webapi.security.Caller;
import com.accounthealth.webapi.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/**
 * Operations on the whole portfolio: re-scoring under another model. They need {@code health:admin} and a token not
 * limited to some teams.
 */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Administration", description = "Re-scoring the portfolio from the inbox")
public class AdminResource {

    /** The model to re-score with: its version and weights (other numbers as model v1). */
    public record RescoreRequest(@NotBlank @Schema(example = "v2-more-satisfaction") String modelVersion,
                                 @NotNull @Valid Weights weights) {
        public record Weights(@Min(0) @Max(100) @Schema(example = "40") int satisfaction,
                              @Min(0) @Max(100) @Schema(example = "15") int engagement,
                              @Min(0) @Max(100) @Schema(example = "10") int relationships,
                              @Min(0) @Max(100) @Schema(example = "15") int competition,
                              @Min(0) @Max(100) @Schema(example = "10") int commercial,
                              @Min(0) @Max(100) @Schema(example = "10") int support) {
        }
    }

    private final RescoringThePortfolio rescoring;
    private final HealthModel current;

    private final Caller caller;

    public AdminResource(RescoringThePortfolio rescoring, HealthModel current, Caller caller) {
        this.rescoring = rescoring;
        this.current = current;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.HEALTH_ADMIN)
    @Path("/rescore")
    @Operation(summary = "Re-score every account from the inbox under a model; answers 202 with the job to poll")
    public Response rescore(@Valid @NotNull RescoreRequest body) {
        caller.teams().requireEveryTeam("Re-scoring");
        RescoreRequest.Weights w = body.weights();
        if (w.satisfaction() + w.engagement() + w.relationships() + w.competition() + w.commercial() + w.support() == 0) {
            throw ProblemException.badField("weights", "at least one weight must be positive");
        }
        HealthModel model = new HealthModel(body.modelVersion(),
                new HealthModel.Weights(w.satisfaction(), w.engagement(), w.relationships(), w.competition(),
                        w.commercial(), w.support()),
                current.satisfaction(), current.engagement(), current.relationships(), current.competition(),
                current.commercial(), current.support(), current.status(), current.critical(),
                current.growthSignals(), current.newAccount(), current.capabilityCatalogue());
        RescoringThePortfolio.Progress job = rescoring.start(model, caller.subject());
        return Response.accepted(job).location(URI.create("/api/v1/admin/rescore/" + job.jobId())).build();
    }

    @GET
    @RolesAllowed(Roles.HEALTH_ADMIN)
    @Path("/rescore/{jobId}")
    @Operation(summary = "A re-score job's progress: done/total, rate, and how many accounts changed status")
    public RescoringThePortfolio.Progress progress(@PathParam("jobId") String jobId) {
        caller.teams().requireEveryTeam("Re-scoring");
        return rescoring.progress(RequestValues.uuid(jobId, "jobId"))
                .orElseThrow(() -> ProblemException.notFound("No re-score job " + jobId));
    }
}
