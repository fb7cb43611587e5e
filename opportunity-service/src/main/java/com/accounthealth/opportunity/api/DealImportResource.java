package com.accounthealth.opportunity.api;

import com.accounthealth.eventstore.CommandMetadata;
import com.accounthealth.opportunity.api.OpportunityRequests.OpenOpportunity;
import com.accounthealth.opportunity.api.OpportunityRequests.Timed;
import com.accounthealth.opportunity.api.OpportunityViews.CommandResult;
import com.accounthealth.opportunity.application.ImportingDeals;
import com.accounthealth.opportunity.application.ImportingDeals.Fact;
import com.accounthealth.opportunity.infrastructure.VisibleAccounts;
import com.accounthealth.webapi.BulkImport;
import com.accounthealth.webapi.BulkImport.Line;
import com.accounthealth.webapi.BulkImport.Outcome;
import com.accounthealth.webapi.BulkImport.Parsed;
import com.accounthealth.webapi.BulkImport.Result;
import com.accounthealth.webapi.CommandContext;
import com.accounthealth.webapi.IdempotentRequests;
import com.accounthealth.webapi.IdempotentRequests.Keyed;
import com.accounthealth.webapi.Problem;
import com.accounthealth.webapi.ProblemException;
import com.accounthealth.webapi.RequestValues;
import com.accounthealth.webapi.security.Caller;
import com.accounthealth.webapi.security.Roles;
import com.accounthealth.webapi.security.TeamScope;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The bulk import of deals (a CRM's pipeline history): NDJSON, one command a line, as {@link BulkImport} reads and
 * answers it. A line carries the body the single request would: a line and a POST with the same key and body are one
 * request. A deal is opened only on an account account-service shows to the caller's token, as for a single request.
 */
@Path("/api/v1/opportunities/import")
@Tag(name = "Opportunities")
public class DealImportResource {

    private static final Set<String> LINE_FIELDS = Set.of("idempotencyKey", "command", "opportunityId", "body");

    private final BulkImport imports;
    private final ImportingDeals importing;
    private final IdempotentRequests idempotent;
    private final VisibleAccounts accounts;
    private final ObjectMapper json;
    private final Validator validator;
    private final Caller caller;

    @jakarta.ws.rs.core.Context
    HttpHeaders headers;

    public DealImportResource(BulkImport imports, ImportingDeals importing, IdempotentRequests idempotent,
                              VisibleAccounts accounts, ObjectMapper json, Validator validator, Caller caller) {
        this.imports = imports;
        this.importing = importing;
        this.idempotent = idempotent;
        this.accounts = accounts;
        this.json = json;
        this.validator = validator;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.OPPORTUNITIES_IMPORT)
    @Consumes(BulkImport.MEDIA_TYPE)
    @Produces(BulkImport.MEDIA_TYPE)
    @Operation(summary = "Import deals in bulk (NDJSON, one command a line): history, which alerts no one",
            description = "Each line: {\"idempotencyKey\": ..., \"command\": ..., \"opportunityId\": ..., \"body\": "
                    + "{...}}, the body as the single request takes it; openOpportunity takes the deal's id in its body "
                    + "(opportunityId), so later lines can name it, and is checked with account-service with the "
                    + "caller's token (which needs accounts:read too). Commands: openOpportunity, changeStage, "
                    + "changeAmount, changeCloseDate, changeCompetitor, win, lose. The answer streams one result per "
                    + "line, in order ({\"line\", \"idempotencyKey\", \"status\", \"result\" or \"problem\", "
                    + "\"replayed\"}), then a summary line. Send the file again to resume after an interruption: stored "
                    + "lines answer as they did. Imported facts are backfill: health counts them and alerts no one.")
    @APIResponse(responseCode = "200", description = "A result per line, in order, then the summary",
            content = @Content(mediaType = BulkImport.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING)))
    public Response importDeals(@RequestBody(content = @Content(mediaType = BulkImport.MEDIA_TYPE,
            schema = @Schema(type = SchemaType.STRING, description = "One command a line"))) InputStream body) {
        TeamScope teams = caller.teams();
        CommandMetadata metadata = CommandContext.metadata(caller, headers);
        String owner = idempotent.owner();
        String token = caller.bearerToken();
        return imports.answer(body, "deals by " + metadata.actor(),
                lines -> applyChunk(lines, teams, metadata, owner, token));
    }

    /** A line's fact, and the account it opens a deal on (null for any other command). */
    private record Planned(Fact fact, UUID opensOn) {
    }

    private List<Result> applyChunk(List<Line> lines, TeamScope teams, CommandMetadata metadata, String owner,
                                    String token) {
        return imports.<Planned, ImportingDeals.Outcome>applyOnce(owner,
                lines.stream().map(l -> parse(l, teams)).toList(),
                (planned, beforeCommit) -> apply(planned, token, metadata, teams, beforeCommit),
                (p, o) -> o.change() == null ? new Outcome(null, 0, o.refused())
                        : new Outcome(CommandResult.of(o.change()), o.change().version(), null));
    }

    /**
     * The lines to apply (not those answered before: a stored line replays whatever account-service says now), with
     * their accounts checked first, together and outside the transaction: an opening on an account the token may not
     * see, or cannot be checked now, is that line's answer.
     */
    private List<ImportingDeals.Outcome> apply(List<Planned> planned, String token, CommandMetadata metadata,
                                               TeamScope teams, Consumer<List<ImportingDeals.Outcome>> beforeCommit) {
        Map<UUID, Problem> refusedAccounts = checkAccounts(planned.stream().map(Planned::opensOn)
                .filter(Objects::nonNull).collect(Collectors.toSet()), token);
        List<Integer> allowed = new ArrayList<>();
        ImportingDeals.Outcome[] outcomes = new ImportingDeals.Outcome[planned.size()];
        for (int i = 0; i < planned.size(); i++) {
            Problem refused = planned.get(i).opensOn() == null ? null : refusedAccounts.get(planned.get(i).opensOn());
            if (refused == null) {
                allowed.add(i);
            } else {
                outcomes[i] = new ImportingDeals.Outcome(null, new ProblemException(refused));
            }
        }
        importing.apply(allowed.stream().map(i -> planned.get(i).fact()).toList(), metadata,
                o -> teams.includes(o.teamId()), applied -> {
                    for (int k = 0; k < applied.size(); k++) {
                        outcomes[allowed.get(k)] = applied.get(k);
                    }
                    beforeCommit.accept(Arrays.asList(outcomes));
                });
        return Arrays.asList(outcomes);
    }

    /** For each account, why a deal may not be opened on it; none for an account the token may see. */
    private Map<UUID, Problem> checkAccounts(Set<UUID> accountIds, String token) {
        Map<UUID, Problem> refused = new HashMap<>();
        try {
            Set<UUID> visible = accountIds.isEmpty() ? Set.of() : accounts.visibleAmong(accountIds, token);
            accountIds.stream().filter(id -> !visible.contains(id))
                    .forEach(id -> refused.put(id, OpportunityProblems.accountNotVisible(id)));
        } catch (VisibleAccounts.Unreachable e) {
            accountIds.forEach(id -> refused.put(id, OpportunityProblems.accountUncheckable()));
        }
        return refused;
    }

    private Parsed<Planned> parse(Line line, TeamScope teams) {
        try {
            line.requireOnly(LINE_FIELDS);
            OpportunityCommands.Command<?> command = OpportunityCommands.named(line.fields().path("command").asText());
            if (command == null) {
                throw ProblemException.badField("command", "must be one of " + OpportunityCommands.names());
            }
            return parse(line, command, teams);
        } catch (RuntimeException e) {
            return Parsed.refused(line, e);
        }
    }

    private <B extends Timed> Parsed<Planned> parse(Line line, OpportunityCommands.Command<B> command,
                                                    TeamScope teams) {
        B body = RequestValues.body(json, validator, line.fields().get("body"), command.body());
        UUID id;
        String path = "/api/v1/opportunities";
        if (body instanceof OpenOpportunity open) {
            line.text("opportunityId", false, false); // the body carries it
            teams.requireForWrite(open.teamId(), "teamId");
            id = open.opportunityId() != null ? open.opportunityId() : UUID.randomUUID();
        } else {
            id = line.uuid("opportunityId", true);
            path += "/" + id + command.path();
        }
        var at = CommandContext.businessTime(body.occurredAt());
        return new Parsed<>(line, new Keyed("POST " + path, line.idempotencyKey(), idempotent.fingerprint(body)),
                new Planned(new Fact(id, at, body instanceof OpenOpportunity, command.decision().of(body, id, at)),
                        body instanceof OpenOpportunity open ? open.accountId() : null), command.status(), null);
    }
}
