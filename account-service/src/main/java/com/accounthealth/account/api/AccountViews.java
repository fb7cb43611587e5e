package com.accounthealth.account.api;

import com.accounthealth.account.application.AccountChanges;
import com.accounthealth.account.application.PersonalFields;
import com.accounthealth.account.domain.Account;
import com.accounthealth.account.domain.AccountStatus;
import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.eventstore.StoredEvent;
import com.accounthealth.contract.account.ContactRole;
import com.accounthealth.webapi.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.Set;

/** What the account API answers. */
public final class AccountViews {

    private AccountViews() {
    }

    public record AccountView(UUID accountId, int version, AccountStatus status, Instant openedAt, Instant churnedAt,
                              AccountEvent.Profile profile, List<Account.ExternalReference> externalReferences,
                              List<Account.ClientTeam> clientTeams,
                              List<Account.Contact> contacts, List<Account.Interaction> interactions,
                              List<Account.ClientEvent> clientEvents,
                              List<Account.CompetitorSighting> competitorSightings,
                              List<Account.SupportIssue> supportIssues, List<Account.Feedback> feedback) {
        /** With its personal fields in the clear, where their keys exist and their contacts were not erased. */
        static AccountView of(Account a, PersonalFields personal) {
            Set<UUID> erased = PersonalFields.erasedContacts(a);
            return new AccountView(a.id(), a.version(), a.status(), a.openedAt(), a.churnedAt(), a.profile(),
                    a.externalReferences(), a.clientTeams(),
                    a.contacts().stream().map(c -> personal.reveal(a.id(), c)).toList(),
                    a.interactions().stream().map(i -> personal.reveal(a.id(), i, erased)).toList(),
                    a.clientEvents(), a.competitorSightings(), a.supportIssues(),
                    a.feedback().stream().map(f -> personal.reveal(a.id(), f, erased)).toList());
        }
    }

    /**
     * Every piece of personal data the system holds about one contact (an access request, GDPR article 15), in the
     * clear while it can be read: the contact, and every interaction they took part in and feedback they gave as the
     * stream holds them, retracted ones too (marked). Elsewhere the contact appears only by id or sealed.
     */
    public record ContactPersonalData(UUID accountId, UUID contactId, String name, String title,
                                      ContactRole role, UUID clientTeamId, Instant addedAt, Instant departedAt,
                                      Instant erasedAt, List<HeldFact> facts, List<String> heldElsewhere) {
        static ContactPersonalData of(AccountView account, UUID contactId, List<HeldFact> facts) {
            Account.Contact c = account.contacts().stream().filter(k -> k.id().equals(contactId)).findFirst()
                    .orElseThrow(() -> ProblemException.notFound("Account " + account.accountId()
                            + " has no contact " + contactId));
            return new ContactPersonalData(account.accountId(), contactId, c.name(), c.title(), c.role(),
                    c.clientTeamId(), c.addedAt(), c.departedAt(), c.erasedAt(), facts,
                    List.of("account-service event store and Kafka topics account-events and feedback-events: the "
                                    + "fields above, sealed under the contact's key",
                            "health-score-service: the contact's id, role, client team and dates (no name, title or "
                                    + "free text); its copies of the events, sealed"));
        }
    }

    /** An interaction or feedback about the contact as recorded (personal fields revealed), and whether retracted. */
    public record HeldFact(UUID eventId, String type, Instant occurredAt, Instant recordedAt, boolean retracted,
                           JsonNode data) {
    }

    /** The answer to an erasure request: the account's version after it, and when the contact was erased. */
    public record ErasureResult(UUID accountId, UUID contactId, int version, Instant erasedAt) {
    }

    /**
     * The answer to a command: the account's new version (also the ETag), the event recorded and, for commands that
     * create something inside the account (a contact, an issue, ...), its id.
     */
    public record CommandResult(UUID accountId, int version, UUID eventId, String eventType, UUID createdId) {
        static CommandResult of(AccountChanges.Change change, UUID createdId) {
            return new CommandResult(change.accountId(), change.version(), change.event().eventId(),
                    change.event().type(), createdId);
        }
    }

    public record EventView(int version, UUID eventId, String type, int schemaVersion, Instant occurredAt,
                            Instant recordedAt, String actor, String correlationId, JsonNode data) {
    }

    static EventView event(StoredEvent e, JsonNode data) {
        return new EventView(e.version(), e.eventId(), e.type(), e.schemaVersion(), e.occurredAt(), e.recordedAt(),
                e.actor(), e.correlationId(), data);
    }
}
