package com.accounthealth.eventstore;

import com.accounthealth.localstack.LocalPostgres;
import com.accounthealth.testsupport.RealServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cache's rules against streams in the real PostgreSQL, without Quarkus: each aggregate here is the list of its
 * stream's event types, and the transactions are this test's own, committed or rolled back by hand.
 */
class AggregateCacheTest {

    private final String database = "aggregates_" + UUID.randomUUID().toString().replace("-", "");
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final Transactions transactions = new Transactions();
    private EventStore store;

    @BeforeEach
    void createSchema() throws Exception {
        LocalPostgres postgres = RealServers.postgres();
        postgres.createDatabaseIfMissing(database);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(postgres.jdbcUrl(database));
        dataSource.setUser(LocalPostgres.SUPERUSER);
        try (Connection c = dataSource.getConnection()) {
            for (String migration : new String[]{"V0_2__event_store.sql", "V0_5__event_store_backfill.sql"}) {
                c.createStatement().execute(resource("/db/event-store/" + migration));
            }
        }
        store = new EventStore(dataSource);
    }

    @Test
    void aKeptAggregateReadsOnlyTheEventsAppendedSinceAndSeesThoseOfOtherWriters() {
        AggregateCache<List<String>> cache = cache(10);
        UUID deal = UUID.randomUUID();
        append(deal, 0, "Opened", "StageChanged");

        List<String> first = command(cache, deal, "AmountChanged", true);
        assertThat(first).containsExactly("Opened", "StageChanged", "AmountChanged");
        append(deal, 3, "StageChanged");  // another replica

        List<String> second = command(cache, deal, "Won", true);
        assertThat(second).as("the kept instance, caught up").isSameAs(first)
                .containsExactly("Opened", "StageChanged", "AmountChanged", "StageChanged", "Won");
        assertThat(loads("kept")).isEqualTo(1);
        assertThat(loads("folded")).isEqualTo(1);
        assertThat(store.read(deal)).extracting(StoredEvent::version).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void aRolledBackCommandLeavesTheStreamUncached() {
        AggregateCache<List<String>> cache = cache(10);
        UUID deal = UUID.randomUUID();
        append(deal, 0, "Opened");
        command(cache, deal, "StageChanged", true);

        command(cache, deal, "Won", false);
        List<String> next = command(cache, deal, "Lost", true);

        assertThat(next).containsExactly("Opened", "StageChanged", "Lost");
        assertThat(loads("folded")).as("first command, and the one after the rollback").isEqualTo(2);
        assertThat(loads("kept")).isEqualTo(1);
    }

    @Test
    void anAggregateInUseIsNotHandedToAnotherCommand() {
        AggregateCache<List<String>> cache = cache(10);
        UUID deal = UUID.randomUUID();
        append(deal, 0, "Opened");
        command(cache, deal, "StageChanged", true);

        transactions.begin();
        List<String> taken = cache.load(deal);
        List<String> meanwhile = cache.load(deal);
        transactions.end(Status.STATUS_ROLLEDBACK);

        assertThat(meanwhile).isNotSameAs(taken).isEqualTo(taken);
        assertThat(loads("kept")).isEqualTo(1);
        assertThat(loads("folded")).isEqualTo(2);
    }

    @Test
    void whenTwoCommandsOnAStreamCommitOutOfOrderTheLaterVersionStays() {
        AggregateCache<List<String>> cache = cache(10);
        UUID deal = UUID.randomUUID();
        append(deal, 0, "Opened", "StageChanged");

        transactions.begin();
        List<String> older = cache.load(deal);
        older.add("Won");
        cache.keepAfterCommit(deal, older);
        List<String> newer = new ArrayList<>(List.of("Opened", "StageChanged", "Won", "Reopened"));
        cache.keepAfterCommit(deal, newer);
        transactions.end(Status.STATUS_COMMITTED);
        append(deal, 2, "Won", "Reopened");

        transactions.begin();
        assertThat(cache.load(deal)).isSameAs(newer);
        transactions.end(Status.STATUS_ROLLEDBACK);
    }

    @Test
    void noMoreStreamsAreKeptThanTheBoundAndAForgottenStreamIsFoldedWhole() {
        AggregateCache<List<String>> cache = cache(2);
        List<UUID> deals = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        for (UUID deal : deals) {
            append(deal, 0, "Opened");
            command(cache, deal, "StageChanged", true);
        }
        assertThat(loads("folded")).isEqualTo(3);
        assertThat(cache.keptStreams()).isLessThanOrEqualTo(2);

        for (UUID deal : deals) {
            assertThat(command(cache, deal, "Won", true)).containsExactly("Opened", "StageChanged", "Won");
        }
        assertThat(loads("folded")).as("at least one of three streams was forgotten").isGreaterThanOrEqualTo(4);
        assertThat(loads("kept") + loads("folded")).isEqualTo(6);
    }

    @Test
    void keptAggregatesHoldNoMoreEventsThanTheirBound() {
        AggregateCache<List<String>> cache = cache(10, 5);
        UUID longer = UUID.randomUUID();
        UUID shorter = UUID.randomUUID();
        append(longer, 0, "Opened", "StageChanged");
        command(cache, longer, "AmountChanged", true);  // kept with 3 events
        append(shorter, 0, "Opened");
        command(cache, shorter, "StageChanged", true);  // 2 more: 5 in all
        assertThat(cache.keptEvents()).isEqualTo(5);
        command(cache, shorter, "Won", true);           // 3: one of them leaves to make room

        assertThat(cache.keptEvents()).isLessThanOrEqualTo(5);
        assertThat(command(cache, longer, "Won", true)).containsExactly("Opened", "StageChanged", "AmountChanged", "Won");
        assertThat(command(cache, shorter, "Reopened", true)).containsExactly("Opened", "StageChanged", "Won", "Reopened");
        assertThat(cache.keptEvents()).isLessThanOrEqualTo(5);
    }

    @Test
    void aBatchLoadsManyStreamsKeptOrNotInOneReadEachCaughtUp() {
        AggregateCache<List<String>> cache = cache(10);
        UUID kept = UUID.randomUUID();
        UUID stored = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        append(kept, 0, "Opened");
        command(cache, kept, "StageChanged", true);
        append(kept, 2, "AmountChanged");  // another replica, after it was kept
        append(stored, 0, "Opened", "Won");

        transactions.begin();
        Map<UUID, List<String>> loaded = cache.loadAll(List.of(fresh, kept, stored));
        transactions.end(Status.STATUS_ROLLEDBACK);

        assertThat(loaded.keySet()).containsExactly(fresh, kept, stored);
        assertThat(loaded.get(kept)).containsExactly("Opened", "StageChanged", "AmountChanged");
        assertThat(loaded.get(stored)).containsExactly("Opened", "Won");
        assertThat(loaded.get(fresh)).isEmpty();
        assertThat(loads("kept")).isEqualTo(1);
        assertThat(loads("folded")).as("the first command's, the stored stream's and the new one's").isEqualTo(3);
    }

    @Test
    void oneBatchAppendsToManyStreamsAndAStaleVersionOfAnyRefusesItWhole() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        append(second, 0, "Opened");
        CommandMetadata metadata = new CommandMetadata("test", null);

        List<List<StoredEvent>> stored = store.appendMany(List.of(
                new EventStore.Appending(first, "Deal", 0, List.of(event("Opened"), event("StageChanged"))),
                new EventStore.Appending(second, "Deal", 1, List.of(event("Won")))), metadata);

        assertThat(stored.get(0)).extracting(StoredEvent::version).containsExactly(1, 2);
        assertThat(stored.get(1)).extracting(StoredEvent::version).containsExactly(2);
        assertThat(stored.get(1).getFirst().globalPosition()).isGreaterThan(stored.get(0).get(1).globalPosition());
        assertThatThrownBy(() -> store.appendMany(List.of(
                new EventStore.Appending(UUID.randomUUID(), "Deal", 0, List.of(event("Opened"))),
                new EventStore.Appending(second, "Deal", 1, List.of(event("Lost")))), metadata))
                .isInstanceOf(ConcurrencyConflict.class);
        assertThat(store.read(second)).extracting(StoredEvent::type).containsExactly("Opened", "Won");
    }

    private static NewEvent event(String type) {
        return new NewEvent(UUID.randomUUID(), type, 1, Instant.now(), "{}");
    }

    @Test
    void aggregatesAreLoadedOnlyForACommandInATransaction() {
        AggregateCache<List<String>> cache = cache(10);
        assertThatThrownBy(() -> cache.load(UUID.randomUUID())).isInstanceOf(IllegalStateException.class);
    }

    /**
     * One command: load the stream's aggregate, record an event, then commit its transaction, or roll it back (its
     * append then never reaches the store).
     */
    private List<String> command(AggregateCache<List<String>> cache, UUID deal, String type, boolean commit) {
        transactions.begin();
        List<String> aggregate = cache.load(deal);
        if (commit) {
            append(deal, aggregate.size(), type);
        }
        aggregate.add(type);
        cache.keepAfterCommit(deal, aggregate);
        transactions.end(commit ? Status.STATUS_COMMITTED : Status.STATUS_ROLLEDBACK);
        return aggregate;
    }

    private void append(UUID deal, int expectedVersion, String... types) {
        List<NewEvent> events = new ArrayList<>();
        for (String type : types) {
            events.add(new NewEvent(UUID.randomUUID(), type, 1, Instant.now(), "{}"));
        }
        store.append(deal, "Deal", expectedVersion, events, new CommandMetadata("test", null));
    }

    private AggregateCache<List<String>> cache(int capacity) {
        return cache(capacity, 1_000);
    }

    private AggregateCache<List<String>> cache(int capacity, long eventsKept) {
        return new AggregateCache<>(store, transactions, meters, "Deal", capacity, eventsKept,
                AggregateCache.Fold.of(ArrayList::new, (types, e) -> types.add(e.type()), List::size));
    }

    private double loads(String outcome) {
        return meters.get("event.store.aggregate.loads").tags("stream_type", "Deal", "outcome", outcome).counter().count();
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = AggregateCacheTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** This thread's transaction: begun, then ended with a status that the registered synchronizations hear. */
    private static final class Transactions implements TransactionSynchronizationRegistry {

        private Object key;
        private final List<Synchronization> registered = new ArrayList<>();

        void begin() {
            key = new Object();
        }

        void end(int status) {
            registered.forEach(s -> s.afterCompletion(status));
            registered.clear();
            key = null;
        }

        @Override
        public Object getTransactionKey() {
            return key;
        }

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
            registered.add(sync);
        }

        @Override
        public int getTransactionStatus() {
            return key == null ? Status.STATUS_NO_TRANSACTION : Status.STATUS_ACTIVE;
        }

        @Override
        public void putResource(Object key, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object getResource(Object key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setRollbackOnly() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }
    }
}
