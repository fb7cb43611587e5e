package com.accounthealth.account.domain;

import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.contract.account.AccountEvent.AccountChurned;
import com.accounthealth.contract.account.AccountEvent.AccountDowngraded;
import com.accounthealth.contract.account.AccountEvent.AccountOpened;
import com.accounthealth.contract.account.AccountEvent.AccountRenewed;
import com.accounthealth.contract.account.AccountEvent.ClientEventRecorded;
import com.accounthealth.contract.account.AccountEvent.ClientTeamMapped;
import com.accounthealth.contract.account.AccountEvent.CompetitorSighted;
import com.accounthealth.contract.account.AccountEvent.ContactAdded;
import com.accounthealth.contract.account.AccountEvent.ContactDeparted;
import com.accounthealth.contract.account.AccountEvent.ContactErased;
import com.accounthealth.contract.account.AccountEvent.ExternalReferenceLinked;
import com.accounthealth.contract.account.AccountEvent.FactRetracted;
import com.accounthealth.contract.account.AccountEvent.FeedbackReceived;
import com.accounthealth.contract.account.AccountEvent.InteractionRecorded;
import com.accounthealth.contract.account.AccountEvent.Profile;
import com.accounthealth.contract.account.AccountEvent.ProfileUpdated;
import com.accounthealth.contract.account.AccountEvent.RenewalLost;
import com.accounthealth.contract.account.AccountEvent.SupportIssueOpened;
import com.accounthealth.contract.account.AccountEvent.SupportIssueResolved;
import com.accounthealth.contract.account.ClientEventType;
import com.accounthealth.contract.account.ContactRole;
import com.accounthealth.contract.account.Grade;
import com.accounthealth.contract.account.InteractionType;
import com.accounthealth.contract.account.Severity;
import com.accounthealth.kernel.Money;
import com.accounthealth.kernel.RuleViolation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static com.accounthealth.kernel.RuleViolation.Kind.CONFLICT;
import static com.accounthealth.kernel.RuleViolation.Kind.INVALID;
import static com.accounthealth.kernel.RuleViolation.Kind.NOT_FOUND;

/**
 * A client account, rebuilt from its events. Each decision method checks the account's rules and returns the event
 * to append; state changes only by applying events, so what is stored is exactly what was decided.
 */
public final class Account {

    public record ClientTeam(UUID id, String name) {
    }

    /** The account's id in another system, e.g. {@code salesforce} / {@code 0015g00000XyZ}. */
    public record ExternalReference(String system, String externalId, Instant linkedAt) {
    }

    /** Name and title as stored: sealed (see docs/personal-data.md); once erased, no longer readable. */
    public record Contact(UUID id, String name, String title, UUID clientTeamId, ContactRole role, Instant addedAt,
                          Instant departedAt, Instant erasedAt) {
    }

    public record Interaction(UUID id, InteractionType type, Instant occurredAt, List<UUID> contactIds,
                              UUID clientTeamId, String summary) {
    }

    public record ClientEvent(UUID id, ClientEventType type, Instant occurredAt, String description) {
    }

    public record CompetitorSighting(UUID id, String competitor, UUID clientTeamId, List<String> capabilities,
                                     Instant seenAt) {
    }

    public record SupportIssue(UUID id, Severity severity, String title, Instant openedAt, Instant resolvedAt) {
    }

    public record Feedback(UUID id, Grade grade, String question, String comment, UUID contactId, Instant givenAt) {
    }

    private UUID id;
    private Profile profile;
    private AccountStatus status;
    private Instant openedAt;
    private Instant churnedAt;
    private int version;
    private final Map<UUID, ClientTeam> clientTeams = new LinkedHashMap<>();
    private final List<ExternalReference> externalReferences = new ArrayList<>();
    private final Map<UUID, Contact> contacts = new LinkedHashMap<>();
    private final List<Interaction> interactions = new ArrayList<>();
    private final List<ClientEvent> clientEvents = new ArrayList<>();
    private final List<CompetitorSighting> competitorSightings = new ArrayList<>();
    private final Map<UUID, SupportIssue> supportIssues = new LinkedHashMap<>();
    private final List<Feedback> feedback = new ArrayList<>();
    private final Set<UUID> retracted = new HashSet<>();

    private Account() {
    }

    /** An account that does not exist yet (version 0): the only thing it accepts is {@link #open}. */
    public static Account none() {
        return new Account();
    }

    public static Account rebuild(List<Recorded> history) {
        Account account = new Account();
        history.forEach(account::apply);
        return account;
    }

    /** An event with the business time it happened at, as the stream holds it. */
    public record Recorded(AccountEvent event, Instant occurredAt) {
    }

    public AccountOpened open(UUID accountId, Profile initial) {
        if (exists()) {
            throw new RuleViolation(CONFLICT, null, "Account " + id + " is already open");
        }
        return new AccountOpened(accountId, initial);
    }

    public ProfileUpdated updateProfile(Profile updated) {
        requireActive();
        return new ProfileUpdated(updated);
    }

    public ClientTeamMapped mapClientTeam(UUID clientTeamId, String name) {
        requireActive();
        requireNew(clientTeams.containsKey(clientTeamId), "client team", clientTeamId);
        if (clientTeams.values().stream().anyMatch(t -> t.name().equalsIgnoreCase(name))) {
            throw new RuleViolation(CONFLICT, "name", "The client team '" + name + "' is already mapped");
        }
        return new ClientTeamMapped(clientTeamId, name);
    }

    /**
     * Links the account to its id in another system; any account, ended ones too (a sync of history). Uniqueness across
     * accounts is the reference index's to check, in the same transaction.
     *
     * @return the event, or empty if the account already carries this reference
     */
    public Optional<ExternalReferenceLinked> linkReference(String system, String externalId) {
        if (!exists()) {
            throw new RuleViolation(NOT_FOUND, null, "No account");
        }
        boolean known = externalReferences.stream()
                .anyMatch(r -> r.system().equals(system) && r.externalId().equals(externalId));
        return known ? Optional.empty() : Optional.of(new ExternalReferenceLinked(system, externalId, null));
    }

    /** Links one of the account's contacts to its id in another system (uniqueness: the reference index). */
    public ExternalReferenceLinked linkContactReference(UUID contactId, String system, String externalId) {
        if (!contacts.containsKey(contactId)) {
            throw new RuleViolation(NOT_FOUND, "contactId", "Account " + id + " has no contact " + contactId);
        }
        return new ExternalReferenceLinked(system, externalId, contactId);
    }

    public ContactAdded addContact(UUID contactId, String name, String title, UUID clientTeamId, ContactRole role) {
        requireActive();
        requireNew(contacts.containsKey(contactId), "contact", contactId);
        requireClientTeam(clientTeamId, "clientTeamId");
        return new ContactAdded(contactId, name, title, clientTeamId, role);
    }

    public ContactDeparted recordDeparture(UUID contactId) {
        requireActive();
        Contact contact = contacts.get(contactId);
        if (contact == null) {
            throw new RuleViolation(NOT_FOUND, "contactId", "Account " + id + " has no contact " + contactId);
        }
        requireNotErased(contact, "contactId");
        if (contact.departedAt() != null) {
            throw new RuleViolation(CONFLICT, "contactId", "Contact " + contactId + " already left on "
                    + contact.departedAt());
        }
        return new ContactDeparted(contactId);
    }

    /**
     * Erasure of a contact's personal data. Allowed on an ended account too: a person's right to erasure outlives the
     * contract.
     *
     * @return the event, or empty if the contact was already erased (an erasure request is idempotent)
     */
    public Optional<ContactErased> eraseContact(UUID contactId) {
        if (!exists()) {
            throw new RuleViolation(NOT_FOUND, null, "No account");
        }
        Contact contact = contacts.get(contactId);
        if (contact == null) {
            throw new RuleViolation(NOT_FOUND, "contactId", "Account " + id + " has no contact " + contactId);
        }
        return contact.erasedAt() != null ? Optional.empty() : Optional.of(new ContactErased(contactId));
    }

    private static void requireNotErased(Contact contact, String field) {
        if (contact.erasedAt() != null) {
            throw new RuleViolation(CONFLICT, field, "Contact " + contact.id() + " was erased on " + contact.erasedAt()
                    + ": nothing more is recorded about them");
        }
    }

    public InteractionRecorded recordInteraction(UUID interactionId, InteractionType type, List<UUID> contactIds,
                                                 UUID clientTeamId, String summary) {
        requireActive();
        for (int i = 0; i < contactIds.size(); i++) {
            if (!contacts.containsKey(contactIds.get(i))) {
                throw new RuleViolation(INVALID, "contactIds[" + i + "]",
                        "Account " + id + " has no contact " + contactIds.get(i));
            }
            requireNotErased(contacts.get(contactIds.get(i)), "contactIds[" + i + "]");
        }
        requireClientTeam(clientTeamId, "clientTeamId");
        return new InteractionRecorded(interactionId, type, List.copyOf(contactIds), clientTeamId, summary);
    }

    public ClientEventRecorded recordClientEvent(UUID clientEventId, ClientEventType type, String description) {
        requireActive();
        return new ClientEventRecorded(clientEventId, type, description);
    }

    public CompetitorSighted recordCompetitorSighting(UUID sightingId, String competitor, UUID clientTeamId,
                                                      List<String> capabilities) {
        requireActive();
        requireClientTeam(clientTeamId, "clientTeamId");
        return new CompetitorSighted(sightingId, competitor, clientTeamId, List.copyOf(capabilities));
    }

    public SupportIssueOpened openSupportIssue(UUID issueId, Severity severity, String title) {
        requireActive();
        requireNew(supportIssues.containsKey(issueId), "support issue", issueId);
        return new SupportIssueOpened(issueId, severity, title);
    }

    public SupportIssueResolved resolveSupportIssue(UUID issueId) {
        requireActive();
        SupportIssue issue = supportIssues.get(issueId);
        if (issue == null) {
            throw new RuleViolation(CONFLICT, "issueId", "Account " + id + " has no support issue " + issueId);
        }
        if (issue.resolvedAt() != null) {
            throw new RuleViolation(CONFLICT, "issueId", "Support issue " + issueId + " was already resolved on "
                    + issue.resolvedAt());
        }
        return new SupportIssueResolved(issueId);
    }

    public FeedbackReceived recordFeedback(UUID feedbackId, Grade grade, String question, String comment, UUID contactId) {
        requireActive();
        if (contactId != null && !contacts.containsKey(contactId)) {
            throw new RuleViolation(INVALID, "contactId", "Account " + id + " has no contact " + contactId);
        }
        if (contactId != null) {
            requireNotErased(contacts.get(contactId), "contactId");
        }
        return new FeedbackReceived(feedbackId, grade, question, comment, contactId);
    }

    /**
     * Retracts a recorded fact that was a mistake (a sighting on the wrong account, a wrong grade): it stops counting,
     * and the stream keeps both it and the retraction. Commercial facts (renewals, churn) and the people on the account
     * are corrected by their own commands, not retracted.
     *
     * @param eventId the event that recorded the fact
     * @param fact    that event, as the stream holds it
     */
    public FactRetracted retract(UUID eventId, AccountEvent fact, String reason) {
        if (!exists()) {
            throw new RuleViolation(NOT_FOUND, null, "No account");
        }
        if (retracted.contains(eventId)) {
            throw new RuleViolation(CONFLICT, "eventId", "Event " + eventId + " was already retracted");
        }
        UUID factId = switch (fact) {
            case InteractionRecorded e -> e.interactionId();
            case ClientEventRecorded e -> e.clientEventId();
            case CompetitorSighted e -> e.sightingId();
            case SupportIssueOpened e -> e.issueId();
            case FeedbackReceived e -> e.feedbackId();
            default -> throw new RuleViolation(CONFLICT, "eventId", fact.type() + " cannot be retracted: only "
                    + "interactions, client events, competitor sightings, support issues and feedback can");
        };
        return new FactRetracted(eventId, fact.type(), factId, reason);
    }

    /** The renewal carries the ARR it replaces, so its outcome (flat, expansion, contraction) needs no other state. */
    public AccountRenewed renew(Money newArr, java.time.LocalDate nextRenewalDate) {
        requireActive();
        return new AccountRenewed(newArr, nextRenewalDate, profile.arr());
    }

    /** A contraction before the renewal: the new ARR must be below the current one, in the same currency. */
    public AccountDowngraded downgrade(Money newArr, String reason) {
        requireActive();
        Money current = profile.arr();
        if (!current.currency().equals(newArr.currency())) {
            throw new RuleViolation(INVALID, "newArr", "Account " + id + " is billed in " + current.currency()
                    + "; a downgrade is stated in the same currency");
        }
        if (newArr.amount().compareTo(current.amount()) >= 0) {
            throw new RuleViolation(INVALID, "newArr", "A downgrade lowers the ARR: " + newArr.amount()
                    + " is not below the current " + current.amount() + " " + current.currency());
        }
        return new AccountDowngraded(newArr, current, reason);
    }

    /** The client did not renew: like a churn, the account accepts no further changes. */
    public RenewalLost loseRenewal(String reason, String competitor) {
        requireActive();
        return new RenewalLost(profile.arr(), reason, competitor);
    }

    public AccountChurned churn(String reason) {
        requireActive();
        return new AccountChurned(reason);
    }

    private void requireActive() {
        if (!exists()) {
            throw new RuleViolation(NOT_FOUND, null, "No such account");
        }
        if (status == AccountStatus.CHURNED) {
            throw new RuleViolation(CONFLICT, null, "Account " + id + " churned on " + churnedAt
                    + "; it accepts no further changes");
        }
    }

    private void requireClientTeam(UUID clientTeamId, String field) {
        if (clientTeamId != null && !clientTeams.containsKey(clientTeamId)) {
            throw new RuleViolation(INVALID, field, "Account " + id + " has no client team " + clientTeamId
                    + "; map it first (POST /accounts/" + id + "/teams)");
        }
    }

    /** Applies a recorded event; the only way the state changes. */
    /** An id a client chose (a bulk import names what it creates) must be new on the account. */
    private void requireNew(boolean known, String what, UUID id) {
        if (known) {
            throw new RuleViolation(CONFLICT, "id", "Account " + this.id + " already has a " + what + " " + id);
        }
    }

    public void apply(Recorded recorded) {
        Instant at = recorded.occurredAt();
        switch (recorded.event()) {
            case AccountOpened e -> {
                id = e.accountId();
                profile = e.profile();
                status = AccountStatus.ACTIVE;
                openedAt = at;
            }
            case ProfileUpdated e -> profile = e.profile();
            case ClientTeamMapped e -> clientTeams.put(e.clientTeamId(), new ClientTeam(e.clientTeamId(), e.name()));
            case ExternalReferenceLinked e -> {
                // A contact's id elsewhere lives in the reference index only: nothing here decides on it.
                if (e.contactId() == null) {
                    externalReferences.add(new ExternalReference(e.system(), e.externalId(), at));
                }
            }
            case ContactAdded e -> contacts.put(e.contactId(),
                    new Contact(e.contactId(), e.name(), e.title(), e.clientTeamId(), e.role(), at, null, null));
            case ContactDeparted e -> contacts.computeIfPresent(e.contactId(), (k, c) ->
                    new Contact(c.id(), c.name(), c.title(), c.clientTeamId(), c.role(), c.addedAt(), at, c.erasedAt()));
            case ContactErased e -> contacts.computeIfPresent(e.contactId(), (k, c) ->
                    new Contact(c.id(), c.name(), c.title(), c.clientTeamId(), c.role(), c.addedAt(), c.departedAt(), at));
            case InteractionRecorded e -> interactions.add(new Interaction(e.interactionId(), e.interactionType(), at,
                    e.contactIds(), e.clientTeamId(), e.summary()));
            case ClientEventRecorded e -> clientEvents.add(new ClientEvent(e.clientEventId(), e.clientEventType(), at,
                    e.description()));
            case CompetitorSighted e -> competitorSightings.add(new CompetitorSighting(e.sightingId(), e.competitor(),
                    e.clientTeamId(), e.capabilities(), at));
            case SupportIssueOpened e -> supportIssues.put(e.issueId(),
                    new SupportIssue(e.issueId(), e.severity(), e.title(), at, null));
            case SupportIssueResolved e -> supportIssues.computeIfPresent(e.issueId(), (k, i) ->
                    new SupportIssue(i.id(), i.severity(), i.title(), i.openedAt(), at));
            case AccountRenewed e -> repriced(e.newArr(),
                    e.nextRenewalDate() != null ? e.nextRenewalDate() : profile.renewalDate());
            case AccountDowngraded e -> repriced(e.newArr(), profile.renewalDate());
            case RenewalLost e -> ended(at);
            case AccountChurned e -> ended(at);
            case FeedbackReceived e -> feedback.add(new Feedback(e.feedbackId(), e.grade(), e.question(), e.comment(),
                    e.contactId(), at));
            case FactRetracted e -> {
                retracted.add(e.retractedEventId());
                interactions.removeIf(i -> i.id().equals(e.factId()));
                clientEvents.removeIf(c -> c.id().equals(e.factId()));
                competitorSightings.removeIf(c -> c.id().equals(e.factId()));
                feedback.removeIf(f -> f.id().equals(e.factId()));
                supportIssues.remove(e.factId());
            }
        }
        version++;
    }

    /** The profile with a new ARR and renewal date (a renewal, a downgrade). */
    private void repriced(Money arr, java.time.LocalDate renewalDate) {
        profile = new Profile(profile.name(), profile.industry(), profile.tier(), profile.ownerId(), profile.teamId(),
                arr, renewalDate, profile.growthTargetPercent());
    }

    /** The client left (churned, or lost at renewal): the account accepts no further changes. */
    private void ended(Instant at) {
        status = AccountStatus.CHURNED;
        churnedAt = at;
    }

    public boolean exists() {
        return id != null;
    }

    public UUID id() {
        return id;
    }

    public Profile profile() {
        return profile;
    }

    public AccountStatus status() {
        return status;
    }

    public Instant openedAt() {
        return openedAt;
    }

    public Instant churnedAt() {
        return churnedAt;
    }

    public int version() {
        return version;
    }

    public List<ExternalReference> externalReferences() {
        return List.copyOf(externalReferences);
    }

    public List<ClientTeam> clientTeams() {
        return List.copyOf(clientTeams.values());
    }

    public List<Contact> contacts() {
        return List.copyOf(contacts.values());
    }

    public List<Interaction> interactions() {
        return List.copyOf(interactions);
    }

    public List<ClientEvent> clientEvents() {
        return List.copyOf(clientEvents);
    }

    public List<CompetitorSighting> competitorSightings() {
        return List.copyOf(competitorSightings);
    }

    public List<SupportIssue> supportIssues() {
        return List.copyOf(supportIssues.values());
    }

    public List<Feedback> feedback() {
        return List.copyOf(feedback);
    }
}
