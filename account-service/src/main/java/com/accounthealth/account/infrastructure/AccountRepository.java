package com.accounthealth.account.infrastructure;

import com.accounthealth.account.domain.Account;
import com.accounthealth.account.domain.AccountEvent;
import com.accounthealth.eventstore.AggregateCache;
import com.accounthealth.eventstore.AggregateCaches;
import com.accounthealth.eventstore.CommandMetadata;
import com.accounthealth.eventstore.EventStore;
import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.eventstore.EventCodec;
import com.accounthealth.eventstore.EventPublisher;
import com.accounthealth.eventstore.StoredEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Accounts in the event store: loading rebuilds one from its stream (for a command: from the account kept since its
 * last command, caught up with the events appended since); saving appends its new event, the CloudEvent announcing it
 * (outbox) and the list row (account_summary), all in the caller's transaction.
 */
@ApplicationScoped
public class AccountRepository {

    public static final String STREAM_TYPE = "Account";
    public static final String ACCOUNT_TOPIC = "account-events";
    public static final String FEEDBACK_TOPIC = "feedback-events";
    static final String SOURCE = "/account-service";
    static final String TYPE_PREFIX = "com.accounthealth.account";

    private final EventStore store;
    private final EventPublisher publisher;
    private final EventCodec<AccountEvent> codec;
    private final AggregateCache<Account> kept;
    private final DataSource dataSource;

    public AccountRepository(EventStore store, EventPublisher publisher, ObjectMapper json, AggregateCaches caches,
                             DataSource dataSource) {
        this.store = store;
        this.publisher = publisher;
        this.codec = new EventCodec<>(json, AccountEvent.types(), AccountEvent.SCHEMA_VERSION);
        this.kept = caches.of(STREAM_TYPE, AggregateCache.Fold.of(Account::none,
                (account, e) -> account.apply(recorded(e)), Account::version));
        this.dataSource = dataSource;
    }

    /** The account as it is now, for reading. */
    public Account load(UUID accountId) {
        return Account.rebuild(history(accountId).stream().map(this::recorded).toList());
    }

    /** The account as it is now, for a command in the caller's transaction that then {@link #save}s it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Account loadForChange(UUID accountId) {
        return kept.load(accountId);
    }

    private Account.Recorded recorded(StoredEvent e) {
        return new Account.Recorded(codec.decode(e), e.occurredAt());
    }

    public List<StoredEvent> history(UUID accountId) {
        return store.read(accountId);
    }

    /**
     * Appends the decided event after {@code expectedVersion}; the account ({@code after}, with the event applied) is
     * then at {@code expectedVersion + 1}, and is kept for the next command once the transaction commits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public StoredEvent save(UUID accountId, int expectedVersion, AccountEvent event, Instant occurredAt,
                            CommandMetadata metadata, Account after) {
        // Feedback has a topic of its own (survey analytics reads only that); every other fact goes to account-events.
        String topic = event instanceof AccountEvent.FeedbackReceived ? FEEDBACK_TOPIC : ACCOUNT_TOPIC;
        StoredEvent stored = publisher.append(accountId, STREAM_TYPE, expectedVersion, codec.toNewEvent(event, occurredAt),
                metadata, new EventPublisher.Announcement(topic, SOURCE, TYPE_PREFIX, accountId.toString()));
        updateSummary(after);
        kept.keepAfterCommit(accountId, after);
        return stored;
    }

    private void updateSummary(Account a) {
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
