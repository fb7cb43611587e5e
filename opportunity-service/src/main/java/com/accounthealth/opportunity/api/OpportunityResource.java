package com.accounthealth.opportunity.api;

import com.accounthealth.contract.opportunity.OpportunityEvent;
import com.accounthealth.opportunity.api.OpportunityRequests.ChangeAmount;
import com.accounthealth.opportunity.api.OpportunityRequests.ChangeCloseDate;
import com.accounthealth.opportunity.api.OpportunityRequests.ChangeCompetitor;
import com.accounthealth.opportunity.api.OpportunityRequests.ChangeStage;
import com.accounthealth.opportunity.api.OpportunityRequests.Loss;
import com.accounthealth.opportunity.api.OpportunityRequests.OpenOpportunity;
import com.accounthealth.opportunity.api.OpportunityRequests.Win;
import com.accounthealth.opportunity.api.OpportunityViews.CommandResult;
import com.accounthealth.opportunity.api.OpportunityViews.EventView;
import com.accounthealth.opportunity.api.OpportunityViews.OpportunityView;
import com.accounthealth.opportunity.application.OpportunityChanges;
import com.accounthealth.opportunity.application.OpportunityChanges.Change;
import com.accounthealth.opportunity.application.ReadingThePipeline;
import com.accounthealth.opportunity.domain.Opportunity;
import com.accounthealth.opportunity.domain.Pipeline;
import com.accounthealth.opportunity.infrastructure.OpportunityRepository;
import com.accounthealth.opportunity.infrastructure.OpportunitySummaries;
import com.accounthealth.opportunity.infrastructure.VisibleAccounts;
import com.accounthealth.webapi.CommandContext;
import com.accounthealth.webapi.ExternalReference;
import com.accounthealth.webapi.ReferenceIndex;
import com.accounthealth.webapi.IdempotentRequests;
import com.accounthealth.webapi.Paging;
import com.accounthealth.webapi.Problem;
import com.accounthealth.webapi.ProblemException;
import com.accounthealth.webapi.RequestValues;
import com.accounthealth.webapi.UnconditionalCommands;
import com.accounthealth.webapi.security.Caller;
import com.accounthealth.webapi.security.Roles;
import com.accounthealth.webapi.security.TeamScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The deal pipeline API, thin by design: parse, let {@link OpportunityChanges} decide and append, answer the new
 * version as ETag. Every POST honours Idempotency-Key and If-Match. A caller whose token is limited to some sales
 * teams sees and changes only their deals; others answer 404.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Opportunities", description = "Deals, their stages, wins and losses, and the pipeline they make up")
public class OpportunityResource {

    private static final Set<String> STATUSES = Set.of("OPEN", "WON", "LOST");

    private final OpportunityChanges changes;
    private final OpportunityRepository opportunities;
    private final OpportunitySummaries summaries;
    private final ReadingThePipeline pipeline;
    private final IdempotentRequests idempotent;
    private final ObjectMapper json;
    private final Caller caller;
    private final VisibleAccounts accounts;
    private final ReferenceIndex references;

    @Context
    UriInfo uri;
    @Context
    HttpHeaders headers;

    public OpportunityResource(OpportunityChanges changes, OpportunityRepository opportunities,
                               OpportunitySummaries summaries, ReadingThePipeline pipeline,
                               IdempotentRequests idempotent, ObjectMapper json, Caller caller,
                               VisibleAccounts accounts, ReferenceIndex references) {
        this.changes = changes;
        this.opportunities = opportunities;
        this.summaries = summaries;
        this.pipeline = pipeline;
        this.idempotent = idempotent;
        this.json = json;
        this.caller = caller;
        this.accounts = accounts;
        this.references = references;
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    @GET
    @RolesAllowed(Roles.OPPORTUNITIES_READ)
    @Path("/opportunities/{opportunityId}")
    @Operation(summary = "The deal's current state", description = "ETag carries the stream version for If-Match.")
    @APIResponse(responseCode = "200", description = "The deal", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OpportunityView.class)))
    public Response get(@PathParam("opportunityId") String opportunityId) {
        Opportunity o = visible(RequestValues.uuid(opportunityId, "opportunityId"));
        return Response.ok(OpportunityView.of(o)).header(HttpHeaders.ETAG, RequestValues.etag(o.version())).build();
    }

    @GET
    @RolesAllowed(Roles.OPPORTUNITIES_READ)
    @Path("/opportunities")
    @Operation(summary = "An account's deals, open and closed, filterable by status (OPEN, WON, LOST), a page at a time")
    public Paging.Page<OpportunitySummaries.Summary> list(@QueryParam("accountId") String accountId,
                                                         @QueryParam("status") String status,
                                                         @BeanParam Paging.Request paging) {
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.badField("status", "'" + status + "' is not one of " + STATUSES);
        }
        return summaries.byAccount(RequestValues.uuid(accountId, "accountId"), status, caller.teams(),
                paging.paging());
    }

    @GET
    @RolesAllowed(Roles.OPPORTUNITIES_READ)
    @Path("/opportunities/{opportunityId}/events")
    @Operation(summary = "The deal's event stream, in order")
    public List<EventView> events(@PathParam("opportunityId") String opportunityId) {
        UUID id = visible(RequestValues.uuid(opportunityId, "opportunityId")).id();
        return opportunities.history(id).stream().map(e -> {
            try {
                return EventView.of(e, json.readTree(e.payload()));
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }).toList();
    }

    @GET
    @RolesAllowed(Roles.OPPORTUNITIES_READ)
    @Path("/pipeline")
    @Operation(summary = "Pipeline of an owner and/or a sales team",
            description = "Open count and value by stage, weighted value, average days in stage, slipped deals and "
                    + "win rate, computed from the deals' events. See Pipeline for each figure's definition.")
    public Pipeline pipeline(@QueryParam("ownerId") String ownerId, @QueryParam("teamId") String teamId) {
        return pipeline.of(ownerId, teamId, caller.teams());
    }

    // ---- commands ------------------------------------------------------------------------------------------------

    @POST
    @RolesAllowed(Roles.OPPORTUNITIES_WRITE)
    @Path("/opportunities")
    @Operation(summary = "Open a deal for an account")
    @APIResponse(responseCode = "201", description = "Opened", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response open(@HeaderParam(IdempotentRequests.HEADER) String key, @Valid @NotNull OpenOpportunity body) {
        UUID id = body.opportunityId() != null ? body.opportunityId() : UUID.randomUUID();
        Instant at = CommandContext.businessTime(body.occurredAt());
        TeamScope teams = caller.teams();
        requireAccount(body, teams);
        return once(key, body, () -> answer(Response.created(URI.create("/api/v1/opportunities/" + id)),
                changes.open(id, at, CommandContext.metadata(caller, headers), o -> teams.includes(o.teamId()),
                        OpportunityCommands.open(id, body))));
    }

    @PUT
    @RolesAllowed(Roles.OPPORTUNITIES_WRITE)
    @Path("/opportunities/by-reference/{system}/{externalId}")
    @Operation(summary = "Create-or-get a deal by another system's id",
            description = "Opens the deal with this reference (201) unless a deal already carries it: then answers "
                    + "that deal as it is (200), changing nothing. Either way the body is the deal. Safe to repeat: "
                    + "the reference makes it so. opportunityId in the body is not allowed (the service assigns one).")
    @APIResponse(responseCode = "201", description = "Opened", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OpportunityView.class)))
    @APIResponse(responseCode = "200", description = "Already carried by this deal", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OpportunityView.class)))
    public Response openByReference(@PathParam("system") String system, @PathParam("externalId") String externalId,
                                    @Valid @NotNull OpenOpportunity body) {
        ExternalReference ref = ExternalReference.of(system, externalId);
        if (body.opportunityId() != null) {
            throw ProblemException.badField("opportunityId", "is assigned by the service when opening by reference");
        }
        TeamScope teams = caller.teams();
        requireAccount(body, teams);
        UUID id = UUID.randomUUID();
        try {
            changes.openByReference(id, ref, CommandContext.businessTime(body.occurredAt()),
                    CommandContext.metadata(caller, headers), OpportunityCommands.open(id, body));
            Opportunity opened = opportunities.load(id);
            return Response.created(URI.create("/api/v1/opportunities/" + id)).entity(OpportunityView.of(opened))
                    .header(HttpHeaders.ETAG, RequestValues.etag(opened.version())).build();
        } catch (ReferenceIndex.ReferenceTaken taken) {
            Opportunity owner = opportunities.load(taken.owner().targetId());
            if (!owner.exists() || !teams.includes(owner.teamId())) {
                throw new ProblemException(Problem.of(409, "Reference taken",
                        "The reference names a deal of a sales team outside your token's teams"));
            }
            return Response.ok(OpportunityView.of(owner)).header(HttpHeaders.ETAG, RequestValues.etag(owner.version()))
                    .build();
        }
    }

    @GET
    @RolesAllowed(Roles.OPPORTUNITIES_READ)
    @Path("/opportunities/by-reference/{system}/{externalId}")
    @Operation(summary = "The deal another system knows by this id", description = "The same answer as "
            + "GET /opportunities/{opportunityId}; 404 if no deal of the caller's teams carries the reference.")
    @APIResponse(responseCode = "200", description = "The deal", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OpportunityView.class)))
    public Response getByReference(@PathParam("system") String system, @PathParam("externalId") String externalId) {
        ExternalReference ref = ExternalReference.of(system, externalId);
        Opportunity o = references.find(OpportunityChanges.OPPORTUNITY, ref).map(t -> opportunities.load(t.targetId()))
                .filter(d -> d.exists() && caller.teams().includes(d.teamId()))
                .orElseThrow(() -> ProblemException.notFound("No deal carries " + ref.system() + " id "
                        + ref.externalId()));
        return Response.ok(OpportunityView.of(o)).header(HttpHeaders.ETAG, RequestValues.etag(o.version())).build();
    }

    /** A deal moves its account's score and notifies its team's leaders: only on an account the caller may see. */
    private void requireAccount(OpenOpportunity body, TeamScope teams) {
        teams.requireForWrite(body.teamId(), "teamId");
        if (!accounts.includes(body.accountId(), caller.bearerToken())) {
            throw new ProblemException(OpportunityProblems.accountNotVisible(body.accountId()));
        }
    }

    @POST
    @RolesAllowed(Roles.OPPORTUNITIES_WRITE)
    @Path("/opportunities/{opportunityId}/stage")
    @Operation(summary = "Move the deal to another open stage, forward or backward")
    @APIResponse(responseCode = "200", description = "Changed", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response changeStage(@PathParam("opportunityId") String opportunityId, @HeaderParam("If-Match") String ifMatch,
                                @HeaderParam(IdempotentRequests.HEADER) String key, @Valid @NotNull ChangeStage body) {
        Instant at = CommandContext.businessTime(body.occurredAt());
        return change(opportunityId, ifMatch, key, body, at, OpportunityCommands.changeStage(body, at));
    }

    @POST
    @RolesAllowed(Roles.OPPORTUNITIES_WRITE)
    @Path("/opportunities/{opportunityId}/amount")
    @Operation(summary = "Change the deal's amount")
    @APIResponse(responseCode = "200", description = "Changed", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response changeAmount(@PathParam("opportunityId") String opportunityId, @HeaderParam("If-Match") String ifMatch,
                                 @HeaderParam(IdempotentRequests.HEADER) String key, @Valid @NotNull ChangeAmount body) {
        return change(opportunityId, ifMatch, key, body, CommandContext.businessTime(body.occurredAt()),
                OpportunityCommands.changeAmount(body));
    }

    @POST
    @RolesAllowed(Roles.OPPORTUNITIES_WRITE)
    @Path("/opportunities/{opportunityId}/close-date")
    @Operation(summary = "Change the expected close date (a later date counts as a slip)")
    @APIResponse(responseCode = "200", description = "Changed", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response changeCloseDate(@PathParam("opportunityId") String opportunityId,
                                    @HeaderParam("If-Match") String ifMatch,
                                    @HeaderParam(IdempotentRequests.HEADER) String key,
                                    @Valid @NotNull ChangeCloseDate body) {
        return change(opportunityId, ifMatch, key, body, CommandContext.businessTime(body.occurredAt()),
                OpportunityCommands.changeCloseDate(body));
    }

    @POST
    @RolesAllowed(Roles.OPPORTUNITIES_WRITE)
    @Path("/opportunities/{opportunityId}/competitors")
    @Operation(summary = "Record a competitor engaged in the deal (engaged=false: no longer engaged)")
    @APIResponse(responseCode = "200", description = "Changed", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response changeCompetitor(@PathParam("opportunityId") String opportunityId,
                                     @HeaderParam("If-Match") String ifMatch,
                                     @HeaderParam(IdempotentRequests.HEADER) String key,
                                     @Valid @NotNull ChangeCompetitor body) {
        return change(opportunityId, ifMatch, key, body, CommandContext.businessTime(body.occurredAt()),
                OpportunityCommands.changeCompetitor(body));
    }

    @POST
    @RolesAllowed(Roles.OPPORTUNITIES_WRITE)
    @Path("/opportunities/{opportunityId}/win")
    @Operation(summary = "Record the deal as won; it accepts no further change")
    @APIResponse(responseCode = "200", description = "Won", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response win(@PathParam("opportunityId") String opportunityId, @HeaderParam("If-Match") String ifMatch,
                        @HeaderParam(IdempotentRequests.HEADER) String key, @Valid @NotNull Win body) {
        Instant at = CommandContext.businessTime(body.occurredAt());
        return change(opportunityId, ifMatch, key, body, at, OpportunityCommands.win(at));
    }

    @POST
    @RolesAllowed(Roles.OPPORTUNITIES_WRITE)
    @Path("/opportunities/{opportunityId}/loss")
    @Operation(summary = "Record the deal as lost, with the reason, the competitor it went to and the capabilities we lacked")
    @APIResponse(responseCode = "200", description = "Lost", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response lose(@PathParam("opportunityId") String opportunityId, @HeaderParam("If-Match") String ifMatch,
                         @HeaderParam(IdempotentRequests.HEADER) String key, @Valid @NotNull Loss body) {
        Instant at = CommandContext.businessTime(body.occurredAt());
        return change(opportunityId, ifMatch, key, body, at, OpportunityCommands.lose(body, at));
    }

    // ---- shared by every command ---------------------------------------------------------------------------------

    private Response change(String opportunityId, String ifMatch, String key, Object body, Instant at,
                            Function<Opportunity, OpportunityEvent> decide) {
        UUID id = RequestValues.uuid(opportunityId, "opportunityId");
        var expected = RequestValues.ifMatch(ifMatch);
        TeamScope teams = caller.teams();
        return UnconditionalCommands.decide(expected, () -> once(key, body, () -> answer(Response.ok(),
                changes.change(id, expected, at, CommandContext.metadata(caller, headers), o -> teams.includes(o.teamId()),
                        decide))));
    }

    /** The deal, if it exists and the caller's teams include it: otherwise 404, so its existence stays unknown. */
    private Opportunity visible(UUID opportunityId) {
        Opportunity o = opportunities.load(opportunityId);
        if (!o.exists() || !caller.teams().includes(o.teamId())) {
            throw ProblemException.notFound("No opportunity " + opportunityId);
        }
        return o;
    }

    private Response once(String key, Object body, Supplier<Response> action) {
        return idempotent.once("POST " + uri.getPath(), key, body, action);
    }

    private static Response answer(Response.ResponseBuilder status, Change change) {
        return status.entity(CommandResult.of(change)).header(HttpHeaders.ETAG, RequestValues.etag(change.version()))
                .build();
    }
}
