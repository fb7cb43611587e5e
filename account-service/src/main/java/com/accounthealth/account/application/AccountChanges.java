package com.accounthealth.account.application;

import com.accounthealth.account.domain.Account;
import com.accounthealth.account.infrastructure.AccountRepository;
import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.eventstore.CommandMetadata;
import com.accounthealth.eventstore.ConcurrencyConflict;
import com.accounthealth.eventstore.EventSourcedRepository.Decided;
import com.accounthealth.eventstore.StoredEvent;
import com.accounthealth.kernel.RuleViolation;
import com.accounthealth.webapi.ExternalReference;
import com.accounthealth.webapi.ReferenceIndex;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Every change to an account, in one transaction: load the account as its stream has it now, check the caller's
 * {@code If-Match}, let the account decide, append its event with the outbox record and the list row. A decision
 * taken on a stale stream fails to append (409) and leaves nothing behind.
 */
@ApplicationScoped
public class AccountChanges {

    private static final Logger LOG = Logger.getLogger(AccountChanges.class);
    /** The kinds of references account-service keeps in the shared index. */
    public static final String ACCOUNT = "account";
    public static final String CONTACT = "contact";

    /** What a command did: the account's new version and the event that records it. */
    public record Change(UUID accountId, int version, StoredEvent event) {
    }

    private final AccountRepository accounts;
    private final PersonalFields personalFields;
    private final ReferenceIndex references;

    public AccountChanges(AccountRepository accounts, PersonalFields personalFields, ReferenceIndex references) {
        this.accounts = accounts;
        this.personalFields = personalFields;
        this.references = references;
    }

    /**
     * Create-or-get by another system's id: opens the account and links the reference in one transaction, unless the
     * reference already names an account.
     *
     * @throws ReferenceIndex.ReferenceTaken naming the account the reference already names (also when another
     *                                       request linked it meanwhile: this one then rolls back whole)
     */
    @Transactional
    public Change openByReference(UUID accountId, AccountEvent.Profile profile, ExternalReference reference,
                                  Instant occurredAt, CommandMetadata metadata) {
        Optional<ReferenceIndex.Target> existing = references.find(ACCOUNT, reference);
        if (existing.isPresent()) {
            throw new ReferenceIndex.ReferenceTaken(existing.get());
        }
        Account account = accounts.loadForChange(accountId);
        commit(account, account.open(accountId, profile), occurredAt, metadata);
        references.link(ACCOUNT, reference, new ReferenceIndex.Target(accountId, accountId));
        return commit(account, account.linkReference(reference.system(), reference.externalId()).orElseThrow(),
                occurredAt, metadata);
    }

    /**
     * Create-or-get of a contact by another system's id: adds the contact and links the reference in one
     * transaction, unless the reference already names a contact.
     *
     * @throws ReferenceIndex.ReferenceTaken naming the contact (and its account) the reference already names
     */
    @Transactional
    public Change addContactByReference(UUID accountId, UUID contactId, ExternalReference reference, Instant occurredAt,
                                        CommandMetadata metadata, Predicate<Account> visible,
                                        Function<Account, AccountEvent> addContact) {
        Optional<ReferenceIndex.Target> existing = references.find(CONTACT, reference);
        if (existing.isPresent()) {
            throw new ReferenceIndex.ReferenceTaken(existing.get());
        }
        Account account = visibleForChange(accountId, visible);
        Change added = commit(account, addContact.apply(account), occurredAt, metadata);
        references.link(CONTACT, reference, new ReferenceIndex.Target(contactId, accountId));
        commit(account, account.linkContactReference(contactId, reference.system(), reference.externalId()),
                occurredAt, metadata);
        return added;
    }

    /**
     * Retracts the fact event {@code eventId} recorded on the account, with the reason; the retraction is the cause
     * health-score's history names for what changes.
     */
    @Transactional
    public Change retract(UUID accountId, UUID eventId, String reason, CommandMetadata metadata,
                          Predicate<Account> visible) {
        Account account = visibleForChange(accountId, visible);
        AccountEvent fact = fact(accountId, eventId).event();
        return commit(account, account.retract(eventId, fact, reason), Instant.now(), metadata);
    }

    /**
     * Amends a recorded fact: retracts it with the reason and records the right one in its place, both in one
     * transaction, so the account never counts both or neither.
     *
     * @param replacement given the retracted fact's event type and when it happened, the decision recording the right
     *                    fact and the business time it happened at
     * @return the change that recorded the replacement
     */
    @Transactional
    public Change amend(UUID accountId, UUID eventId, String reason, CommandMetadata metadata,
                        Predicate<Account> visible, Replacement replacement) {
        Account account = visibleForChange(accountId, visible);
        Decided<AccountEvent> fact = fact(accountId, eventId);
        int expectedVersion = account.version();
        Instant now = Instant.now();
        AccountEvent retraction = account.retract(eventId, fact.event(), reason);
        account.apply(new Account.Recorded(retraction, now));
        Replacement.Decision right = replacement.of(fact.event().type(), fact.occurredAt());
        AccountEvent recorded = personalFields.sealed(right.decide().apply(account), accountId, right.occurredAt());
        account.apply(new Account.Recorded(recorded, right.occurredAt()));
        List<StoredEvent> stored = accounts.saveAll(accountId, expectedVersion, List.of(new Decided<>(retraction, now),
                new Decided<>(recorded, right.occurredAt())), metadata, account);
        LOG.infof("Account %s: %s amended by %s (version %d) by %s", accountId, eventId, recorded.type(),
                account.version(), metadata.actor());
        return new Change(accountId, account.version(), stored.getLast());
    }

    /** How an amendment records the right fact, once the wrong one's type and time are known. */
    @FunctionalInterface
    public interface Replacement {
        record Decision(Function<Account, AccountEvent> decide, Instant occurredAt) {
        }

        Decision of(String factType, Instant factOccurredAt);
    }

    /** The account for a command, if it exists and the caller may see it: otherwise 404, so its existence stays unknown. */
    private Account visibleForChange(UUID accountId, Predicate<Account> visible) {
        Account account = accounts.loadForChange(accountId);
        if (!account.exists() || !visible.test(account)) {
            throw new RuleViolation(RuleViolation.Kind.NOT_FOUND, null, "No account " + accountId);
        }
        return account;
    }

    private Decided<AccountEvent> fact(UUID accountId, UUID eventId) {
        return accounts.event(accountId, eventId).orElseThrow(() -> new RuleViolation(
                RuleViolation.Kind.NOT_FOUND, "eventId", "Account " + accountId + " has no event " + eventId));
    }

    /**
     * Links the account to its id in another system; empty if it already carries it.
     *
     * @throws ReferenceIndex.ReferenceTaken if the reference names another account
     */
    @Transactional
    public Optional<Change> linkReference(UUID accountId, ExternalReference reference, CommandMetadata metadata,
                                          Predicate<Account> visible) {
        Account account = visibleForChange(accountId, visible);
        Optional<AccountEvent.ExternalReferenceLinked> linked = account.linkReference(reference.system(),
                reference.externalId());
        references.link(ACCOUNT, reference, new ReferenceIndex.Target(accountId, accountId));
        return linked.map(event -> commit(account, event, Instant.now(), metadata));
    }

    /** @param visible whether the caller may see an account that already has this id (if not: 404, not 409) */
    @Transactional
    public Change open(UUID accountId, AccountEvent.Profile profile, Instant occurredAt, CommandMetadata metadata,
                       Predicate<Account> visible) {
        Account account = accounts.loadForChange(accountId);
        if (account.exists() && !visible.test(account)) {
            throw new RuleViolation(RuleViolation.Kind.NOT_FOUND, null, "No account " + accountId);
        }
        return commit(account, account.open(accountId, profile), occurredAt, metadata);
    }

    /**
     * @param ifMatch the version the caller's decision is based on, if it made the write conditional
     * @param visible whether the caller may see the account (its token's teams): if not, it is not found, before any
     *                other check can tell it exists
     * @param decide  the account's decision, e.g. {@code account -> account.recordFeedback(...)}
     */
    @Transactional
    public Change change(UUID accountId, OptionalInt ifMatch, Instant occurredAt, CommandMetadata metadata,
                         Predicate<Account> visible, Function<Account, AccountEvent> decide) {
        Account account = visibleForChange(accountId, visible);
        if (ifMatch.isPresent() && ifMatch.getAsInt() != account.version()) {
            throw new ConcurrencyConflict(accountId, ifMatch.getAsInt());
        }
        return commit(account, decide.apply(account), occurredAt, metadata);
    }

    /**
     * Erases a contact's personal data: destroys their key and records {@code ContactErased}, in one transaction. A
     * second request for the same contact changes nothing and answers the account as it is.
     *
     * @return the change, or empty if the contact was already erased
     */
    @Transactional
    public Optional<Change> eraseContact(UUID accountId, UUID contactId, CommandMetadata metadata,
                                         Predicate<Account> visible) {
        Account account = visibleForChange(accountId, visible);
        Optional<AccountEvent.ContactErased> erased = account.eraseContact(contactId);
        personalFields.erase(contactId);
        return erased.map(event -> commit(account, event, Instant.now(), metadata));
    }

    private Change commit(Account account, AccountEvent decided, Instant occurredAt, CommandMetadata metadata) {
        // The account keeps the sealed event too: the aggregate cache holds no personal field in the clear.
        AccountEvent event = personalFields.sealed(decided, account.id(), occurredAt);
        int expectedVersion = account.version();
        account.apply(new Account.Recorded(event, occurredAt));
        StoredEvent stored = accounts.save(account.id(), expectedVersion, event, occurredAt, metadata, account);
        LOG.infof("Account %s: %s (version %d) by %s", account.id(), event.type(), account.version(), metadata.actor());
        return new Change(account.id(), account.version(), stored);
    }
}
