package com.accounthealth.healthscore.api;

import com.accounthealth.healthscore.application.RescoringThePortfolio;
import com.accounthealth.webapi.ProblemException;
import com.accounthealth.webapi.RequestValues;
import com.accounthealth.webapi.security.Caller;
import com.accounthealth.webapi.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The portfolio's re-score jobs (a model's activation, a projection build): their progress from any replica. They need
 * {@code health:admin} and a token not limited to some teams.
 */
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration", description = "Re-score jobs over the whole portfolio")
public class AdminResource {

    private final RescoringThePortfolio rescoring;
    private final Caller caller;

    public AdminResource(RescoringThePortfolio rescoring, Caller caller) {
        this.rescoring = rescoring;
        this.caller = caller;
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
