package com.accounthealth.account.infrastructure;

import com.accounthealth.account.domain.Account;
import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.eventstore.AggregateCaches;
import com.accounthealth.eventstore.EventPublisher;
import com.accounthealth.eventstore.EventSourcedRepository;
import com.accounthealth.eventstore.EventStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.panache.common.Parameters;
import jakarta.inject.Singleton;

import java.time.Instant;

/** Accounts in the event store; each save also keeps the account's list row (account_summary). */
@Singleton
public class AccountRepository extends EventSourcedRepository<Account, AccountEvent> {

    public static final String STREAM_TYPE = "Account";
    public static final String ACCOUNT_TOPIC = "account-events";
    public static final String FEEDBACK_TOPIC = "feedback-events";
    static final String SOURCE = "/account-service";
    static final String TYPE_PREFIX = "com.accounthealth.account";

    public AccountRepository(EventStore store, EventPublisher publisher, ObjectMapper json, AggregateCaches caches) {
        super(new Stream<>(STREAM_TYPE, AccountEvent.types(), AccountEvent.SCHEMA_VERSION, Account::none,
                (account, event, at) -> account.apply(new Account.Recorded(event, at)), Account::version),
                store, publisher, json, caches);
    }

    @Override
    protected EventPublisher.Announcement announcement(AccountEvent event, Account after) {
        // Feedback has a topic of its own (survey analytics reads only that); every other fact goes to account-events.
        String topic = event instanceof AccountEvent.FeedbackReceived ? FEEDBACK_TOPIC : ACCOUNT_TOPIC;
        return new EventPublisher.Announcement(topic, SOURCE, TYPE_PREFIX, after.id().toString());
    }

    /** One UPDATE for an account that has its row (every command but the opening), an INSERT for a new one. */
    @Override
    protected void project(Account a) {
        Instant now = Instant.now();
        int updated = AccountSummaryRow.update("name = :name, ownerId = :ownerId, teamId = :teamId, tier = :tier, "
                + "status = :status, version = :version, updatedAt = :now where accountId = :id", Parameters
                .with("name", a.profile().name()).and("ownerId", a.profile().ownerId())
                .and("teamId", a.profile().teamId()).and("tier", a.profile().tier().name())
                .and("status", a.status().name()).and("version", a.version()).and("now", now).and("id", a.id()));
        if (updated == 0) {
            AccountSummaryRow row = new AccountSummaryRow();
            row.accountId = a.id();
            row.name = a.profile().name();
            row.ownerId = a.profile().ownerId();
            row.teamId = a.profile().teamId();
            row.tier = a.profile().tier().name();
            row.status = a.status().name();
            row.version = a.version();
            row.updatedAt = now;
            row.persist();
        }
    }
}
