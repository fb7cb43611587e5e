package com.accounthealth.account.infrastructure;

import com.accounthealth.account.domain.Account;
import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.eventstore.AggregateCaches;
import com.accounthealth.eventstore.EventPublisher;
import com.accounthealth.eventstore.EventSourcedRepository;
import com.accounthealth.eventstore.EventStore;
import com.accounthealth.eventstore.EventStoreFailure;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Accounts in the event store; each save also keeps the account's list row (account_summary). */
@Singleton
public class AccountRepository extends EventSourcedRepository<Account, AccountEvent> {

    public static final String STREAM_TYPE = "Account";
    public static final String ACCOUNT_TOPIC = "account-events";
    public static final String FEEDBACK_TOPIC = "feedback-events";
    static final String SOURCE = "/account-service";
    static final String TYPE_PREFIX = "com.accounthealth.account";

    private final DataSource dataSource;

    public AccountRepository(EventStore store, EventPublisher publisher, ObjectMapper json, AggregateCaches caches,
                             DataSource dataSource) {
        super(new Stream<>(STREAM_TYPE, AccountEvent.types(), AccountEvent.SCHEMA_VERSION, Account::none,
                (account, event, at) -> account.apply(new Account.Recorded(event, at)), Account::version),
                store, publisher, json, caches);
        this.dataSource = dataSource;
    }

    @Override
    protected EventPublisher.Announcement announcement(AccountEvent event, Account after) {
        // Feedback has a topic of its own (survey analytics reads only that); every other fact goes to account-events.
        String topic = event instanceof AccountEvent.FeedbackReceived ? FEEDBACK_TOPIC : ACCOUNT_TOPIC;
        return new EventPublisher.Announcement(topic, SOURCE, TYPE_PREFIX, after.id().toString());
    }

    @Override
    protected void project(Account a) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO account_summary (account_id, name, owner_id, team_id, tier, status, version)
                     VALUES (?, ?, ?, ?, ?, ?, ?)
                     ON CONFLICT (account_id) DO UPDATE SET name = excluded.name, owner_id = excluded.owner_id,
                         team_id = excluded.team_id, tier = excluded.tier, status = excluded.status,
                         version = excluded.version, updated_at = now()""")) {
            ps.setObject(1, a.id());
            ps.setString(2, a.profile().name());
            ps.setString(3, a.profile().ownerId());
            ps.setString(4, a.profile().teamId());
            ps.setString(5, a.profile().tier().name());
            ps.setString(6, a.status().name());
            ps.setInt(7, a.version());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not update the summary of account " + a.id(), e);
        }
    }
}
