package com.accounthealth.account.api;

import com.accounthealth.account.application.AccountChanges;
import com.accounthealth.account.domain.Account;
import com.accounthealth.account.domain.AccountStatus;
import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.eventstore.StoredEvent;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the account API answers. */
public final class AccountViews {

    private AccountViews() {
    }

    public record AccountView(UUID accountId, int version, AccountStatus status, Instant openedAt, Instant churnedAt,
                              AccountEvent.Profile profile, List<Account.ClientTeam> clientTeams,
                              List<Account.Contact> contacts, List<Account.Interaction> interactions,
                              List<Account.ClientEvent> clientEvents,
                              List<Account.CompetitorSighting> competitorSightings,
                              List<Account.SupportIssue> supportIssues, List<Account.Feedback> feedback) {
        static AccountView of(Account a) {
            return new AccountView(a.id(), a.version(), a.status(), a.openedAt(), a.churnedAt(), a.profile(),
                    a.clientTeams(), a.contacts(), a.interactions(), a.clientEvents(), a.competitorSightings(),
                    a.supportIssues(), a.feedback());
        }
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
