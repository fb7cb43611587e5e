package com.accounthealth.leaderweb.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.concurrent.CompletionStage;

/** health-score-service's REST API, as the workspace reads and works it (its OpenAPI document is the reference). */
@RegisterRestClient(configKey = "health-score")
@RegisterClientHeaders(LeaderToken.class)
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface HealthScoreApi {

    // The portfolio page's five reads go out at once (CompletionStage): the page takes as long as the slowest.

    @GET
    @Path("/portfolio/status")
    CompletionStage<JsonNode> standing(@QueryParam("teamId") String teamId);

    @GET
    @Path("/portfolio/status-over-time")
    CompletionStage<JsonNode> statusOverTime(@QueryParam("teamId") String teamId, @QueryParam("months") int months);

    @GET
    @Path("/health/accounts")
    CompletionStage<JsonNode> accounts(@QueryParam("status") String status, @QueryParam("teamId") String teamId,
                                       @QueryParam("ownerId") String ownerId, @QueryParam("tier") String tier,
                                       @QueryParam("renewalWithinDays") Integer renewalWithinDays,
                                       @QueryParam("sort") String sort, @QueryParam("size") int size);

    @GET
    @Path("/health/accounts/{accountId}")
    JsonNode health(@PathParam("accountId") String accountId);

    @GET
    @Path("/health/accounts/{accountId}/history")
    JsonNode history(@PathParam("accountId") String accountId);

    @GET
    @Path("/health/accounts/{accountId}/competitive-gaps")
    JsonNode competitiveGaps(@PathParam("accountId") String accountId);

    @GET
    @Path("/health/accounts/{accountId}/growth-signals")
    JsonNode growthSignals(@PathParam("accountId") String accountId);

    @GET
    @Path("/models/{version}")
    JsonNode model(@PathParam("version") String version);

    @GET
    @Path("/models")
    JsonNode models(@QueryParam("size") int size);

    @POST
    @Path("/models/{version}/what-if")
    JsonNode whatIf(@PathParam("version") String version, @HeaderParam("Idempotency-Key") String requestId);

    @GET
    @Path("/models/{version}/what-if/{jobId}")
    JsonNode whatIfReport(@PathParam("version") String version, @PathParam("jobId") String jobId,
                          @QueryParam("size") int size);

    @GET
    @Path("/backtests")
    JsonNode backtests();

    @POST
    @Path("/backtests")
    JsonNode startBacktest(@HeaderParam("Idempotency-Key") String requestId, JsonNode request);

    @GET
    @Path("/backtests/{jobId}")
    JsonNode backtest(@PathParam("jobId") String jobId);

    @GET
    @Path("/alerts/next-steps")
    JsonNode nextSteps();

    @GET
    @Path("/competitive-gaps")
    JsonNode portfolioGaps();

    @GET
    @Path("/competitive-gaps/over-time")
    JsonNode competitionOverTime(@QueryParam("months") int months);

    @GET
    @Path("/alerts/inbox")
    JsonNode inbox(@QueryParam("state") String state, @QueryParam("teamId") String teamId,
                   @QueryParam("snoozed") boolean snoozed, @QueryParam("size") int size);

    @GET
    @Path("/alerts/{alertId}")
    JsonNode alert(@PathParam("alertId") String alertId);

    @POST
    @Path("/alerts/{alertId}/acknowledge")
    JsonNode acknowledge(@PathParam("alertId") String alertId);

    @POST
    @Path("/alerts/{alertId}/assignment")
    JsonNode assign(@PathParam("alertId") String alertId, JsonNode assignment);

    @POST
    @Path("/alerts/{alertId}/comments")
    JsonNode comment(@PathParam("alertId") String alertId, @HeaderParam("Idempotency-Key") String requestId,
                     JsonNode comment);

    @POST
    @Path("/alerts/{alertId}/snooze")
    JsonNode snooze(@PathParam("alertId") String alertId, JsonNode snooze);

    @POST
    @Path("/alerts/{alertId}/resolution")
    JsonNode resolve(@PathParam("alertId") String alertId, JsonNode resolution);
}
