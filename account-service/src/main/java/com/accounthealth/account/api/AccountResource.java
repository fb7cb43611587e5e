package com.accounthealth.account.api;

import com.accounthealth.account.api.AccountRequests.AddContact;
import com.accounthealth.account.api.AccountRequests.AmendFact;
import com.accounthealth.account.api.AccountRequests.LinkReference;
import com.accounthealth.account.api.AccountRequests.RetractFact;
import com.accounthealth.account.api.AccountRequests.MapClientTeam;
import com.accounthealth.account.api.AccountRequests.OpenAccount;
import com.accounthealth.account.api.AccountRequests.OpenSupportIssue;
import com.accounthealth.account.api.AccountRequests.RecordChurn;
import com.accounthealth.account.api.AccountRequests.RecordClientEvent;
import com.accounthealth.account.api.AccountRequests.RecordCompetitorSighting;
import com.accounthealth.account.api.AccountRequests.RecordDeparture;
import com.accounthealth.account.api.AccountRequests.RecordDowngrade;
import com.accounthealth.account.api.AccountRequests.RecordFeedback;
import com.accounthealth.account.api.AccountRequests.RecordInteraction;
import com.accounthealth.account.api.AccountRequests.RecordRenewal;
import com.accounthealth.account.api.AccountRequests.RecordRenewalLoss;
import com.accounthealth.account.api.AccountRequests.ResolveSupportIssue;
import com.accounthealth.account.api.AccountRequests.UpdateProfile;
import com.accounthealth.account.api.AccountViews.AccountView;
import com.accounthealth.account.api.AccountViews.CommandResult;
import com.accounthealth.account.api.AccountViews.ContactPersonalData;
import com.accounthealth.account.api.AccountViews.ErasureResult;
import com.accounthealth.account.api.AccountViews.EventView;
import com.accounthealth.account.application.AccountChanges;
import com.accounthealth.account.application.AccountChanges.Change;
import com.accounthealth.account.application.PersonalFields;
import com.accounthealth.account.domain.Account;
import com.accounthealth.account.infrastructure.AccountRepository;
import com.accounthealth.account.infrastructure.AccountSummaries;
import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.eventstore.StoredEvent;
import com.accounthealth.kernel.RuleViolation;
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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The account API: thin by design. Each command parses its request, lets {@link AccountChanges} decide and append,
 * and answers the new version as ETag. Every POST honours Idempotency-Key; every write honours If-Match. A caller
 * whose token is limited to some sales teams sees and changes only their accounts; others answer 404.
 */
@Path("/api/v1/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts", description = "Accounts and everything the sales team learns about them")
public class AccountResource {

    /** Ids one list request may ask for: 50 fill about 2,000 characters of the 4,096 a request line may have. */
    static final int MAX_IDS_LISTED = 50;

    private final AccountChanges changes;
    private final AccountRepository accounts;
    private final AccountSummaries summaries;
    private final IdempotentRequests idempotent;
    private final ObjectMapper json;
    private final Caller caller;
    private final PersonalFields personalFields;
    private final ReferenceIndex references;
    private final Validator validator;

    @jakarta.ws.rs.core.Context
    UriInfo uri;
    @jakarta.ws.rs.core.Context
    HttpHeaders headers;

    public AccountResource(AccountChanges changes, AccountRepository accounts, AccountSummaries summaries,
                           IdempotentRequests idempotent, ObjectMapper json, Caller caller,
                           PersonalFields personalFields, ReferenceIndex references, Validator validator) {
        this.changes = changes;
        this.accounts = accounts;
        this.summaries = summaries;
        this.idempotent = idempotent;
        this.json = json;
        this.caller = caller;
        this.personalFields = personalFields;
        this.references = references;
        this.validator = validator;
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    @GET
    @RolesAllowed(Roles.ACCOUNTS_READ)
    @Path("/{accountId}")
    @Operation(summary = "The account's current state", description = "ETag carries the stream version for If-Match.")
    @APIResponse(responseCode = "200", description = "The account", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AccountView.class)))
    public Response get(@PathParam("accountId") String accountId) {
        return current(RequestValues.uuid(accountId, "accountId"));
    }

    /** The account as GET answers it (not through {@link #get}: a call to it would check its scope again). */
    private Response current(UUID accountId) {
        Account account = visible(accountId);
        return Response.ok(AccountView.of(account, personalFields))
                .header(HttpHeaders.ETAG, RequestValues.etag(account.version())).build();
    }

    @GET
    @RolesAllowed(Roles.ACCOUNTS_READ)
    @Operation(summary = "Accounts by owner, sales team, name, reference or id, a page at a time (page from 0, size up "
            + "to 200)", description = "name: part of the account's name, any case (2 to 200 characters); reference: "
            + "<system>:<id>, an id of the account in another system; id (repeatable, up to " + MAX_IDS_LISTED
            + "): the accounts with these ids, of those the token may see (which of them exist, in one call).")
    public Paging.Page<AccountSummaries.Summary> list(@QueryParam("ownerId") String ownerId,
                                                     @QueryParam("teamId") String teamId,
                                                     @QueryParam("name") String name,
                                                     @QueryParam("reference") String reference,
                                                     @QueryParam("id") List<String> ids,
                                                     @BeanParam Paging.Request paging) {
        if (name != null && (name.length() < 2 || name.length() > 200)) {
            throw ProblemException.badField("name", "2 to 200 characters");
        }
        if (ids != null && ids.size() > MAX_IDS_LISTED) {
            throw ProblemException.badField("id", "at most " + MAX_IDS_LISTED + " ids");
        }
        Set<UUID> accountIds = ids == null || ids.isEmpty() ? null
                : ids.stream().map(id -> RequestValues.uuid(id, "id")).collect(Collectors.toSet());
        if (reference != null) {
            Optional<ReferenceIndex.Target> found = references.find(AccountChanges.ACCOUNT,
                    ExternalReference.parse(reference, "reference"));
            if (found.isEmpty() || accountIds != null && !accountIds.contains(found.get().accountId())) {
                return paging.paging().page(List.of(), 0);
            }
            accountIds = Set.of(found.get().accountId());
        }
        return summaries.find(ownerId, teamId, name, accountIds, caller.teams(), paging.paging());
    }

    @GET
    @RolesAllowed(Roles.ACCOUNTS_READ)
    @Path("/by-reference/{system}/{externalId}")
    @Operation(summary = "The account another system knows by this id", description = "The same answer as "
            + "GET /accounts/{accountId}; 404 if no account of the caller's teams carries the reference.")
    @APIResponse(responseCode = "200", description = "The account", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AccountView.class)))
    public Response getByReference(@PathParam("system") String system, @PathParam("externalId") String externalId) {
        ExternalReference ref = ExternalReference.of(system, externalId);
        // One answer whether no account carries it or one the caller may not see: existence stays unknown.
        Account account = references.find(AccountChanges.ACCOUNT, ref).map(t -> accounts.load(t.accountId()))
                .filter(a -> a.exists() && caller.teams().includes(a.profile().teamId()))
                .orElseThrow(() -> ProblemException.notFound("No account carries " + ref.system() + " id "
                        + ref.externalId()));
        return current(account.id());
    }

    @GET
    @RolesAllowed(Roles.ACCOUNTS_READ)
    @Path("/{accountId}/events")
    @Operation(summary = "The account's event stream, in order")
    public List<EventView> events(@PathParam("accountId") String accountId) {
        Account account = visible(RequestValues.uuid(accountId, "accountId"));
        Set<UUID> erased = PersonalFields.erasedContacts(account);
        return accounts.history(account.id()).stream().map(e -> {
            JsonNode data = read(e);
            if (data instanceof ObjectNode fields) {
                personalFields.reveal(account.id(), e.type(), fields, erased);
            }
            return AccountViews.event(e, data);
        }).toList();
    }

    @GET
    @RolesAllowed(Roles.PERSONAL_DATA_READ)
    @Path("/{accountId}/contacts/{contactId}/personal-data")
    @Operation(summary = "Everything held about one contact (an access request)",
            description = "Name, title, the interactions they took part in and the feedback they gave, in the clear "
                    + "while their key exists; after an erasure the same answer with those fields null.")
    public ContactPersonalData personalData(@PathParam("accountId") String accountId,
                                            @PathParam("contactId") String contactId) {
        Account account = visible(RequestValues.uuid(accountId, "accountId"));
        UUID contact = RequestValues.uuid(contactId, "contactId");
        Set<UUID> erased = PersonalFields.erasedContacts(account);
        List<StoredEvent> history = accounts.history(account.id());
        Set<String> retracted = new HashSet<>();
        List<AccountViews.HeldFact> facts = new ArrayList<>();
        for (StoredEvent e : history) {
            JsonNode data = read(e);
            if (e.type().equals("FactRetracted")) {
                retracted.add(data.path("retractedEventId").asText());
            } else if (concerns(e.type(), data, contact) && data instanceof ObjectNode fields) {
                personalFields.reveal(account.id(), e.type(), fields, erased);
                facts.add(new AccountViews.HeldFact(e.eventId(), e.type(), e.occurredAt(), e.recordedAt(), false,
                        fields));
            }
        }
        return ContactPersonalData.of(AccountView.of(account, personalFields), contact, facts.stream()
                .map(f -> retracted.contains(f.eventId().toString()) ? new AccountViews.HeldFact(f.eventId(),
                        f.type(), f.occurredAt(), f.recordedAt(), true, f.data()) : f).toList());
    }

    /** Whether an interaction or feedback event is about the contact. */
    private static boolean concerns(String type, JsonNode data, UUID contact) {
        return (type.equals("InteractionRecorded") || type.equals("FeedbackReceived"))
                && PersonalFields.contactsNamed(data).contains(contact);
    }

    private JsonNode read(StoredEvent e) {
        try {
            return json.readTree(e.payload());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    // ---- commands ------------------------------------------------------------------------------------------------

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Operation(summary = "Open an account", description = "accountId may be given (e.g. the CRM's id); otherwise one is assigned.")
    @APIResponse(responseCode = "201", description = "Opened", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response open(@HeaderParam(IdempotentRequests.HEADER) String key, @Valid @NotNull OpenAccount body) {
        UUID id = body.accountId() != null ? body.accountId() : UUID.randomUUID();
        TeamScope teams = caller.teams();
        teams.requireForWrite(body.teamId(), "teamId");
        return once(key, body, () -> {
            Change change = changes.open(id, body.profile(), CommandContext.businessTime(body.occurredAt()),
                    CommandContext.metadata(caller, headers), a -> teams.includes(a.profile().teamId()));
            return answer(Response.created(URI.create("/api/v1/accounts/" + id)), change, null);
        });
    }

    @PUT
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/by-reference/{system}/{externalId}")
    @Operation(summary = "Create-or-get by another system's id",
            description = "Opens the account with this reference (201) unless an account already carries it: then "
                    + "answers that account as it is (200), changing nothing. Either way the body is the account. "
                    + "Safe to repeat: the reference, not an Idempotency-Key, makes it so. accountId in the body is "
                    + "not allowed (the service assigns one).")
    @APIResponse(responseCode = "201", description = "Opened", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "200", description = "Already carried by this account", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AccountView.class)))
    public Response openByReference(@PathParam("system") String system, @PathParam("externalId") String externalId,
                                    @Valid @NotNull OpenAccount body) {
        ExternalReference ref = ExternalReference.of(system, externalId);
        if (body.accountId() != null) {
            throw ProblemException.badField("accountId", "is assigned by the service when opening by reference");
        }
        TeamScope teams = caller.teams();
        teams.requireForWrite(body.teamId(), "teamId");
        UUID id = UUID.randomUUID();
        try {
            changes.openByReference(id, body.profile(), ref, CommandContext.businessTime(body.occurredAt()),
                    CommandContext.metadata(caller, headers));
            Account opened = accounts.load(id);
            return Response.created(URI.create("/api/v1/accounts/" + id))
                    .entity(AccountView.of(opened, personalFields))
                    .header(HttpHeaders.ETAG, RequestValues.etag(opened.version())).build();
        } catch (ReferenceIndex.ReferenceTaken taken) {
            return referenceTaken(taken, () -> current(taken.owner().accountId()));
        }
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/external-references")
    @Operation(summary = "Link the account to its id in another system",
            description = "201 when linked, 200 when the account already carried it, 409 when another account does.")
    @APIResponse(responseCode = "201", description = "Linked", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    @APIResponse(responseCode = "200", description = "Already linked", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response linkReference(@PathParam("accountId") String accountId, @Valid @NotNull LinkReference body) {
        UUID id = RequestValues.uuid(accountId, "accountId");
        ExternalReference ref = ExternalReference.of(body.system(), body.externalId());
        TeamScope teams = caller.teams();
        try {
            Optional<Change> linked = UnconditionalCommands.decideOn(() -> changes.linkReference(id, ref,
                    CommandContext.metadata(caller, headers), a -> teams.includes(a.profile().teamId())));
            if (linked.isPresent()) {
                return answer(Response.status(201), linked.get(), null);
            }
            Account account = accounts.load(id);
            return Response.ok(new CommandResult(id, account.version(), null, null, null))
                    .header(HttpHeaders.ETAG, RequestValues.etag(account.version())).build();
        } catch (ReferenceIndex.ReferenceTaken taken) {
            return referenceTaken(taken, () -> {
                throw new ProblemException(Problem.of(409, "Reference taken", ref.system() + " id "
                        + ref.externalId() + " already names account " + taken.owner().accountId())
                        .withErrors(List.of(new Problem.FieldError("externalId", "names account "
                                + taken.owner().accountId()))));
            });
        }
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/facts/{eventId}/retraction")
    @Operation(summary = "Retract a recorded fact that was a mistake, with the reason",
            description = "For an interaction, client event, competitor sighting, support issue or feedback: it stops "
                    + "counting from now on (health names the retraction as the cause of the change), and the stream "
                    + "keeps both the fact and its retraction. To record the right fact in the same step, amend it. "
                    + "409 if already retracted or not a retractable fact.")
    @APIResponse(responseCode = "200", description = "Retracted", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response retract(@PathParam("accountId") String accountId, @PathParam("eventId") String eventId,
                            @HeaderParam(IdempotentRequests.HEADER) String key, @Valid @NotNull RetractFact body) {
        UUID id = RequestValues.uuid(accountId, "accountId");
        UUID event = RequestValues.uuid(eventId, "eventId");
        TeamScope teams = caller.teams();
        return UnconditionalCommands.decide(OptionalInt.empty(), () -> once(key, body, () -> answer(Response.ok(),
                changes.retract(id, event, body.reason(), CommandContext.metadata(caller, headers),
                        a -> teams.includes(a.profile().teamId())), null)));
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/facts/{eventId}/amendment")
    @Operation(summary = "Amend a recorded fact: retract it with the reason and record the right one, in one step",
            description = "For the facts a retraction takes. replacement is the body the fact's own command takes; "
                    + "both the retraction and the right fact are appended in one transaction (the stream keeps all "
                    + "three), and health names them as the cause of the change. Answers the right fact's event, with "
                    + "its id as createdId. 409 if already retracted or not an amendable fact.")
    @APIResponse(responseCode = "201", description = "Retracted, and the right fact recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response amend(@PathParam("accountId") String accountId, @PathParam("eventId") String eventId,
                          @HeaderParam(IdempotentRequests.HEADER) String key, @Valid @NotNull AmendFact body) {
        UUID id = RequestValues.uuid(accountId, "accountId");
        UUID event = RequestValues.uuid(eventId, "eventId");
        UUID created = UUID.randomUUID();
        TeamScope teams = caller.teams();
        return UnconditionalCommands.decide(OptionalInt.empty(), () -> once(key, body, () -> answer(Response.status(201),
                changes.amend(id, event, body.reason(), CommandContext.metadata(caller, headers),
                        a -> teams.includes(a.profile().teamId()), (factType, factTime) -> {
                            String recording = AccountCommands.recording(factType);
                            if (recording == null) {
                                throw new RuleViolation(RuleViolation.Kind.CONFLICT, "eventId", factType
                                        + " cannot be amended: only interactions, client events, competitor "
                                        + "sightings, support issues and feedback can");
                            }
                            return replacement(AccountCommands.named(recording), body.replacement(), id, created,
                                    factTime);
                        }), created)));
    }

    private <B extends AccountRequests.Timed> AccountChanges.Replacement.Decision replacement(
            AccountCommands.Command<B> command, JsonNode node, UUID accountId, UUID created, Instant factTime) {
        B right = RequestValues.body(json, validator, node, command.body());
        Instant at = right.occurredAt() != null ? CommandContext.businessTime(right.occurredAt()) : factTime;
        return new AccountChanges.Replacement.Decision(command.decision().of(right,
                new AccountCommands.Ids(accountId, created, null, null)), at);
    }

    /**
     * A reference that names another account: what {@code visible} answers if the caller may see that account,
     * otherwise a 409 that does not say which account it is.
     */
    private Response referenceTaken(ReferenceIndex.ReferenceTaken taken, Supplier<Response> visible) {
        Account owner = accounts.load(taken.owner().accountId());
        if (owner.exists() && caller.teams().includes(owner.profile().teamId())) {
            return visible.get();
        }
        throw new ProblemException(Problem.of(409, "Reference taken",
                "The reference names an account of a sales team outside your token's teams"));
    }

    @PUT
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/profile")
    @Operation(summary = "Replace the account's profile (name, industry, tier, owner, team, ARR, renewal, growth target)")
    @APIResponse(responseCode = "200", description = "Changed", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response updateProfile(@PathParam("accountId") String accountId, @HeaderParam("If-Match") String ifMatch,
                                  @Valid @NotNull UpdateProfile body) {
        return change(accountId, ifMatch, null, body, body.occurredAt(), Response.ok(), null, a -> {
            // Only once the account is known to be visible: moving it to a team outside the token's is refused.
            caller.teams().requireForWrite(body.teamId(), "teamId");
            return a.updateProfile(body.profile());
        });
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/teams")
    @Operation(summary = "Map a team of the client's organisation (Finance, IT, ...)")
    @APIResponse(responseCode = "201", description = "Recorded; createdId is the new id", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response mapClientTeam(@PathParam("accountId") String accountId, @HeaderParam("If-Match") String ifMatch,
                                  @HeaderParam(IdempotentRequests.HEADER) String key, @Valid @NotNull MapClientTeam body) {
        UUID teamId = UUID.randomUUID();
        return change(accountId, ifMatch, key, body, body.occurredAt(), Response.status(201), teamId,
                a -> a.mapClientTeam(teamId, body.name()));
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/contacts")
    @Operation(summary = "Add a contact (stakeholder) with a role")
    @APIResponse(responseCode = "201", description = "Recorded; createdId is the new id", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response addContact(@PathParam("accountId") String accountId, @HeaderParam("If-Match") String ifMatch,
                               @HeaderParam(IdempotentRequests.HEADER) String key, @Valid @NotNull AddContact body) {
        UUID contactId = UUID.randomUUID();
        return change(accountId, ifMatch, key, body, body.occurredAt(), Response.status(201), contactId,
                a -> a.addContact(contactId, body.name(), body.title(), body.clientTeamId(), body.role()));
    }

    @PUT
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/contacts/by-reference/{system}/{externalId}")
    @Operation(summary = "Create-or-get a contact by another system's id",
            description = "Adds the contact with this reference (201) unless a contact of the account already carries "
                    + "it: then answers it as it is (200, createdId its id), changing nothing; 409 if a contact of "
                    + "another account does. Safe to repeat: the reference makes it so.")
    @APIResponse(responseCode = "201", description = "Added; createdId is the contact", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    @APIResponse(responseCode = "200", description = "Already carried by a contact of the account (createdId)", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response addContactByReference(@PathParam("accountId") String accountId, @PathParam("system") String system,
                                          @PathParam("externalId") String externalId, @Valid @NotNull AddContact body) {
        UUID id = RequestValues.uuid(accountId, "accountId");
        ExternalReference ref = ExternalReference.of(system, externalId);
        TeamScope teams = caller.teams();
        UUID contactId = UUID.randomUUID();
        try {
            return answer(Response.status(201), changes.addContactByReference(id, contactId, ref,
                    CommandContext.businessTime(body.occurredAt()), CommandContext.metadata(caller, headers),
                    a -> teams.includes(a.profile().teamId()),
                    a -> a.addContact(contactId, body.name(), body.title(), body.clientTeamId(), body.role())), contactId);
        } catch (ReferenceIndex.ReferenceTaken taken) {
            if (!taken.owner().accountId().equals(id)) {
                return referenceTaken(taken, () -> {
                    throw new ProblemException(Problem.of(409, "Reference taken", ref.system() + " id "
                            + ref.externalId() + " already names a contact of account " + taken.owner().accountId()));
                });
            }
            Account account = visible(id);
            return Response.ok(new CommandResult(id, account.version(), null, null, taken.owner().targetId()))
                    .header(HttpHeaders.ETAG, RequestValues.etag(account.version())).build();
        }
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/contacts/{contactId}/departure")
    @Operation(summary = "Record that a contact left the client")
    @APIResponse(responseCode = "200", description = "Recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response recordDeparture(@PathParam("accountId") String accountId, @PathParam("contactId") String contactId,
                                    @HeaderParam("If-Match") String ifMatch,
                                    @HeaderParam(IdempotentRequests.HEADER) String key, @Valid @NotNull RecordDeparture body) {
        UUID contact = RequestValues.uuid(contactId, "contactId");
        return change(accountId, ifMatch, key, body, body.occurredAt(), Response.ok(), null,
                a -> a.recordDeparture(contact));
    }

    @POST
    @RolesAllowed(Roles.PERSONAL_DATA_ERASE)
    @Path("/{accountId}/contacts/{contactId}/erasure")
    @Consumes(MediaType.WILDCARD) // no body: a request without Content-Type is fine
    @Operation(summary = "Erase a contact's personal data (GDPR article 17)",
            description = "Destroys the contact's key and records ContactErased: their name, title and the free text "
                    + "about them can no longer be read anywhere, in events, topics or consumers. Scores stay as they "
                    + "were. Repeating the request changes nothing and answers the same.")
    @APIResponse(responseCode = "200", description = "Erased (now or before)", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ErasureResult.class)))
    public Response eraseContact(@PathParam("accountId") String accountId, @PathParam("contactId") String contactId,
                                 @HeaderParam(IdempotentRequests.HEADER) String key) {
        UUID id = RequestValues.uuid(accountId, "accountId");
        UUID contact = RequestValues.uuid(contactId, "contactId");
        TeamScope teams = caller.teams();
        return UnconditionalCommands.decide(OptionalInt.empty(), () -> once(key, contact, () -> {
            changes.eraseContact(id, contact, CommandContext.metadata(caller, headers),
                    a -> teams.includes(a.profile().teamId()));
            Account erased = accounts.load(id);
            Account.Contact c = erased.contacts().stream().filter(k -> k.id().equals(contact)).findFirst()
                    .orElseThrow();
            return Response.ok(new ErasureResult(id, contact, erased.version(), c.erasedAt()))
                    .header(HttpHeaders.ETAG, RequestValues.etag(erased.version())).build();
        }));
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/interactions")
    @Operation(summary = "Record a meeting, call, e-mail or business review")
    @APIResponse(responseCode = "201", description = "Recorded; createdId is the new id", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response recordInteraction(@PathParam("accountId") String accountId, @HeaderParam("If-Match") String ifMatch,
                                      @HeaderParam(IdempotentRequests.HEADER) String key,
                                      @Valid @NotNull RecordInteraction body) {
        UUID interactionId = UUID.randomUUID();
        return change(accountId, ifMatch, key, body, body.occurredAt(), Response.status(201), interactionId,
                a -> a.recordInteraction(interactionId, body.type(), body.contactIds(), body.clientTeamId(), body.summary()));
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/client-events")
    @Operation(summary = "Record a compelling event at the client (acquisition, funding round, new executive, ...)")
    @APIResponse(responseCode = "201", description = "Recorded; createdId is the new id", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response recordClientEvent(@PathParam("accountId") String accountId, @HeaderParam("If-Match") String ifMatch,
                                      @HeaderParam(IdempotentRequests.HEADER) String key,
                                      @Valid @NotNull RecordClientEvent body) {
        UUID eventId = UUID.randomUUID();
        return change(accountId, ifMatch, key, body, body.occurredAt(), Response.status(201), eventId,
                a -> a.recordClientEvent(eventId, body.type(), body.description()));
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/competitor-sightings")
    @Operation(summary = "Record a competitor seen at the account, with the capabilities it offers there")
    @APIResponse(responseCode = "201", description = "Recorded; createdId is the new id", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response recordCompetitorSighting(@PathParam("accountId") String accountId,
                                             @HeaderParam("If-Match") String ifMatch,
                                             @HeaderParam(IdempotentRequests.HEADER) String key,
                                             @Valid @NotNull RecordCompetitorSighting body) {
        UUID sightingId = UUID.randomUUID();
        return change(accountId, ifMatch, key, body, body.occurredAt(), Response.status(201), sightingId,
                a -> a.recordCompetitorSighting(sightingId, body.competitor(), body.clientTeamId(), body.capabilities()));
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/support-issues")
    @Operation(summary = "Record a support issue the client opened")
    @APIResponse(responseCode = "201", description = "Recorded; createdId is the new id", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response openSupportIssue(@PathParam("accountId") String accountId, @HeaderParam("If-Match") String ifMatch,
                                     @HeaderParam(IdempotentRequests.HEADER) String key,
                                     @Valid @NotNull OpenSupportIssue body) {
        UUID issueId = UUID.randomUUID();
        return change(accountId, ifMatch, key, body, body.occurredAt(), Response.status(201), issueId,
                a -> a.openSupportIssue(issueId, body.severity(), body.title()));
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/support-issues/{issueId}/resolution")
    @Operation(summary = "Record that a support issue was resolved (409 if unknown or already resolved)")
    @APIResponse(responseCode = "200", description = "Recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response resolveSupportIssue(@PathParam("accountId") String accountId, @PathParam("issueId") String issueId,
                                        @HeaderParam("If-Match") String ifMatch,
                                        @HeaderParam(IdempotentRequests.HEADER) String key,
                                        @Valid @NotNull ResolveSupportIssue body) {
        UUID issue = RequestValues.uuid(issueId, "issueId");
        return change(accountId, ifMatch, key, body, body.occurredAt(), Response.ok(), null,
                a -> a.resolveSupportIssue(issue));
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/feedback")
    @Operation(summary = "Record customer feedback graded A+ to F")
    @APIResponse(responseCode = "201", description = "Recorded; createdId is the new id", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response recordFeedback(@PathParam("accountId") String accountId, @HeaderParam("If-Match") String ifMatch,
                                   @HeaderParam(IdempotentRequests.HEADER) String key, @Valid @NotNull RecordFeedback body) {
        UUID feedbackId = UUID.randomUUID();
        return change(accountId, ifMatch, key, body, body.occurredAt(), Response.status(201), feedbackId,
                a -> a.recordFeedback(feedbackId, body.grade(), body.question(), body.comment(), body.contactId()));
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/renewals")
    @Operation(summary = "Record a renewal with the new ARR")
    @APIResponse(responseCode = "200", description = "Recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response recordRenewal(@PathParam("accountId") String accountId, @HeaderParam("If-Match") String ifMatch,
                                  @HeaderParam(IdempotentRequests.HEADER) String key, @Valid @NotNull RecordRenewal body) {
        return change(accountId, ifMatch, key, body, body.occurredAt(), Response.ok(), null,
                a -> a.renew(AccountRequests.money(body.newArr()), body.nextRenewalDate()));
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/downgrades")
    @Operation(summary = "Record a contraction before the renewal: the new, lower ARR in the account's currency")
    @APIResponse(responseCode = "200", description = "Recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response recordDowngrade(@PathParam("accountId") String accountId, @HeaderParam("If-Match") String ifMatch,
                                    @HeaderParam(IdempotentRequests.HEADER) String key,
                                    @Valid @NotNull RecordDowngrade body) {
        return change(accountId, ifMatch, key, body, body.occurredAt(), Response.ok(), null,
                a -> a.downgrade(AccountRequests.money(body.newArr()), body.reason()));
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/renewal-loss")
    @Operation(summary = "Record that the client did not renew; like a churn, the account accepts no further changes")
    @APIResponse(responseCode = "200", description = "Recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response recordRenewalLoss(@PathParam("accountId") String accountId, @HeaderParam("If-Match") String ifMatch,
                                      @HeaderParam(IdempotentRequests.HEADER) String key,
                                      @Valid @NotNull RecordRenewalLoss body) {
        return change(accountId, ifMatch, key, body, body.occurredAt(), Response.ok(), null,
                a -> a.loseRenewal(body.reason(), body.competitor()));
    }

    @POST
    @RolesAllowed(Roles.ACCOUNTS_WRITE)
    @Path("/{accountId}/churn")
    @Operation(summary = "Record that the client left; the account accepts no further changes")
    @APIResponse(responseCode = "200", description = "Recorded", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CommandResult.class)))
    public Response recordChurn(@PathParam("accountId") String accountId, @HeaderParam("If-Match") String ifMatch,
                                @HeaderParam(IdempotentRequests.HEADER) String key, @Valid @NotNull RecordChurn body) {
        return change(accountId, ifMatch, key, body, body.occurredAt(), Response.ok(), null, a -> a.churn(body.reason()));
    }

    // ---- shared by every command ---------------------------------------------------------------------------------

    private Response change(String accountId, String ifMatch, String key, Object body, Instant occurredAt,
                            Response.ResponseBuilder status, UUID createdId, Function<Account, AccountEvent> decide) {
        UUID id = RequestValues.uuid(accountId, "accountId");
        var expected = RequestValues.ifMatch(ifMatch);
        Instant at = CommandContext.businessTime(occurredAt);
        TeamScope teams = caller.teams();
        return UnconditionalCommands.decide(expected, () -> once(key, body, () -> answer(status, changes.change(id,
                expected, at, CommandContext.metadata(caller, headers), a -> teams.includes(a.profile().teamId()),
                decide), createdId)));
    }

    /** The account, if it exists and the caller's teams include it: otherwise 404, so its existence stays unknown. */
    private Account visible(UUID accountId) {
        Account account = accounts.load(accountId);
        if (!account.exists() || !caller.teams().includes(account.profile().teamId())) {
            throw ProblemException.notFound("No account " + accountId);
        }
        return account;
    }

    private Response once(String key, Object body, Supplier<Response> action) {
        return idempotent.once("POST " + uri.getPath(), key, body, action);
    }

    private static Response answer(Response.ResponseBuilder status, Change change, UUID createdId) {
        return status.entity(CommandResult.of(change, createdId))
                .header(HttpHeaders.ETAG, RequestValues.etag(change.version())).build();
    }
}
