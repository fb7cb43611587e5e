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

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

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

    /**
     * One batch of upserts of the accounts' list rows. Written with plain JDBC: through Hibernate, each write was an
     * HQL update translated anew, then an insert for a new account, about a fifth of an account import's CPU.
     */
    @Override
    protected void project(List<Account> accounts) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO account_summary (account_id, name, owner_id, team_id, tier, status, version, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, now())
                     ON CONFLICT (account_id) DO UPDATE SET name = EXCLUDED.name, owner_id = EXCLUDED.owner_id,
                         team_id = EXCLUDED.team_id, tier = EXCLUDED.tier, status = EXCLUDED.status,
                         version = EXCLUDED.version, updated_at = EXCLUDED.updated_at""")) {
            for (Account a : accounts) {
                ps.setObject(1, a.id());
                ps.setString(2, a.profile().name());
                ps.setString(3, a.profile().ownerId());
                ps.setString(4, a.profile().teamId());
                ps.setString(5, a.profile().tier().name());
                ps.setString(6, a.status().name());
                ps.setInt(7, a.version());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not write the list rows of " + accounts.size() + " accounts", e);
        }
    }
}
