package com.accounthealth.account.api;

import com.accounthealth.account.api.AccountRequests.OpenAccount;
import com.accounthealth.account.api.AccountRequests.Timed;
import com.accounthealth.account.api.AccountRequests.UpdateProfile;
import com.accounthealth.account.api.AccountViews.CommandResult;
import com.accounthealth.account.application.ImportingFacts;
import com.accounthealth.account.application.ImportingFacts.Fact;
import com.accounthealth.eventstore.CommandMetadata;
import com.accounthealth.webapi.BulkImport;
import com.accounthealth.webapi.BulkImport.Line;
import com.accounthealth.webapi.BulkImport.Outcome;
import com.accounthealth.webapi.BulkImport.Parsed;
import com.accounthealth.webapi.BulkImport.Result;
import com.accounthealth.webapi.CommandContext;
import com.accounthealth.webapi.IdempotentRequests;
import com.accounthealth.webapi.IdempotentRequests.Keyed;
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
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The bulk import of account facts (a CRM's year of history): NDJSON, one command a line, as {@link BulkImport}
 * reads and answers it. A line names its command and carries the body the single request would: a line and a POST with
 * the same key and body are one request (either answers for the other).
 */
@Path("/api/v1/accounts/import")
@Tag(name = "Accounts")
public class AccountImportResource {

    private static final Set<String> LINE_FIELDS = Set.of("idempotencyKey", "command", "accountId", "id", "contactId",
            "issueId", "body");

    /** A line's fact, and the id of what it creates (its answer names it). */
    private record Planned(Fact fact, UUID createdId) {
    }

    private final BulkImport imports;
    private final ImportingFacts importing;
    private final IdempotentRequests idempotent;
    private final ObjectMapper json;
    private final Validator validator;
    private final Caller caller;

    @jakarta.ws.rs.core.Context
    HttpHeaders headers;

    public AccountImportResource(BulkImport imports, ImportingFacts importing, IdempotentRequests idempotent,
                                 ObjectMapper json, Validator validator, Caller caller) {
        this.imports = imports;
        this.importing = importing;
        this.idempotent = idempotent;
        this.json = json;
        this.validator = validator;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_IMPORT)
    @Consumes(BulkImport.MEDIA_TYPE)
    @Produces(BulkImport.MEDIA_TYPE)
    @Operation(summary = "Import account facts in bulk (NDJSON, one command a line): history, which alerts no one",
            description = "Each line: {\"idempotencyKey\": ..., \"command\": ..., \"accountId\": ..., \"body\": {...}}, "
                    + "the body as the single request takes it; \"id\" gives the id of what the line creates (a contact, "
                    + "client team, support issue, ...) so later lines can name it; \"contactId\" and \"issueId\" stand "
                    + "for the single request's path ids. Commands: " + "openAccount, updateProfile, mapClientTeam, "
                    + "addContact, recordDeparture, recordInteraction, recordClientEvent, recordCompetitorSighting, "
                    + "openSupportIssue, resolveSupportIssue, recordFeedback, recordRenewal, recordDowngrade, "
                    + "recordRenewalLoss, recordChurn. The answer streams one result per line, in order, once its chunk "
                    + "is stored ({\"line\", \"idempotencyKey\", \"status\", \"result\" or \"problem\", \"replayed\"}), "
                    + "then a summary line. Send the file again to resume after an interruption: stored lines answer "
                    + "as they did. Imported facts are backfill: health counts them and alerts no one.")
    @APIResponse(responseCode = "200", description = "A result per line, in order, then the summary",
            content = @Content(mediaType = BulkImport.MEDIA_TYPE, schema = @Schema(type = SchemaType.STRING)))
    public Response importFacts(@RequestBody(content = @Content(mediaType = BulkImport.MEDIA_TYPE,
            schema = @Schema(type = SchemaType.STRING, description = "One command a line"))) InputStream body) {
        TeamScope teams = caller.teams();
        CommandMetadata metadata = CommandContext.metadata(caller, headers);
        String owner = idempotent.owner();
        return imports.answer(body, "account facts by " + metadata.actor(),
                lines -> applyChunk(lines, teams, metadata, owner));
    }

    private List<Result> applyChunk(List<Line> lines, TeamScope teams, CommandMetadata metadata, String owner) {
        return imports.<Planned, ImportingFacts.Outcome>applyOnce(owner, lines.stream().map(l -> parse(l, teams)).toList(),
                (planned, beforeCommit) -> importing.apply(planned.stream().map(Planned::fact).toList(), metadata,
                        a -> teams.includes(a.profile().teamId()), beforeCommit),
                (p, o) -> o.change() == null ? new Outcome(null, 0, o.refused())
                        : new Outcome(new CommandResult(o.change().accountId(), o.change().version(),
                        o.change().event().eventId(), o.change().event().type(), p.fact().createdId()),
                        o.change().version(), null));
    }

    private Parsed<Planned> parse(Line line, TeamScope teams) {
        try {
            line.requireOnly(LINE_FIELDS);
            String name = line.fields().path("command").asText();
            AccountCommands.Command<?> command = AccountCommands.named(name);
            if (command == null) {
                throw ProblemException.badField("command", "must be one of " + AccountCommands.names());
            }
            return parse(line, command, teams);
        } catch (RuntimeException e) {
            return Parsed.refused(line, e);
        }
    }

    private <B extends Timed> Parsed<Planned> parse(Line line, AccountCommands.Command<B> command, TeamScope teams) {
        B body = RequestValues.body(json, validator, line.fields().get("body"), command.body());
        UUID accountId;
        if (body instanceof OpenAccount open) {
            teams.requireForWrite(open.teamId(), "teamId");
            line.text("accountId", false, false); // the body carries it
            accountId = open.accountId() != null ? open.accountId() : UUID.randomUUID();
        } else {
            accountId = line.uuid("accountId", true);
        }
        if (body instanceof UpdateProfile update) {
            teams.requireForWrite(update.teamId(), "teamId");
        }
        String given = line.text("id", command.takesId(), false);
        UUID created = given != null ? RequestValues.uuid(given, "id")
                : command.status() == 201 && !(body instanceof OpenAccount) ? UUID.randomUUID() : null;
        UUID contactId = line.uuid("contactId", command.path().contains("{contactId}"));
        UUID issueId = line.uuid("issueId", command.path().contains("{issueId}"));
        String path = "/api/v1/accounts" + (body instanceof OpenAccount ? "" : "/" + accountId + command.path()
                .replace("{contactId}", String.valueOf(contactId)).replace("{issueId}", String.valueOf(issueId)));
        // A line naming the id it creates is not the POST that lets the service choose one.
        String scope = "POST " + path + (given != null ? " id=" + created : "");
        AccountCommands.Ids ids = new AccountCommands.Ids(accountId, created, contactId, issueId);
        Fact fact = new Fact(accountId, CommandContext.businessTime(body.occurredAt()), body instanceof OpenAccount,
                given != null && body instanceof AccountRequests.AddContact ? created : null,
                command.decision().of(body, ids));
        return new Parsed<>(line, new Keyed(scope, line.idempotencyKey(), idempotent.fingerprint(body)),
                new Planned(fact, created), command.status(), null);
    }
}
