package com.accounthealth.eventstore;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The aggregates of one stream type that this instance's commands changed lately, kept in memory so that the next
 * command on a stream reads and decodes only the events appended since (by this or any other replica) instead of its
 * whole history, which made every command slower the longer its stream grew.
 * <p>
 * Aggregates are mutable, so a command takes its aggregate out of the cache and it goes back only once the command's
 * transaction has committed: no two commands ever share one, and a refused append ({@link ConcurrencyConflict}), a
 * rule violation or any other rollback leaves the stream uncached, so the next command folds it whole. Correctness
 * never depends on the cache: the append's version check stays the guard against concurrent writers. Caffeine decides
 * which streams are forgotten when more are kept than {@code event-store.aggregates-kept} or their aggregates hold
 * more events together than {@code event-store.events-kept} (see {@link WeighedCache}). Each load is counted in
 * {@code event_store_aggregate_loads_total{stream_type, outcome=kept|folded}}.
 */
public final class AggregateCache<A> {

    /** How a stream folds into its (mutable) aggregate. */
    public interface Fold<A> {

        /** The aggregate of a stream with no events (version 0). */
        A empty();

        /** Applies the stream's next event to the aggregate in place. */
        void apply(A aggregate, StoredEvent event);

        /** The version of the last event applied. */
        int version(A aggregate);

        static <A> Fold<A> of(Supplier<A> empty, BiConsumer<A, StoredEvent> apply, ToIntFunction<A> version) {
            return new Fold<>() {
                @Override
                public A empty() {
                    return empty.get();
                }

                @Override
                public void apply(A aggregate, StoredEvent event) {
                    apply.accept(aggregate, event);
                }

                @Override
                public int version(A aggregate) {
                    return version.applyAsInt(aggregate);
                }
            };
        }
    }

    private final EventStore store;
    private final TransactionSynchronizationRegistry transactions;
    private final Fold<A> fold;
    private final Cache<UUID, A> kept;
    private final Counter keptLoads;
    private final Counter foldedLoads;

    AggregateCache(EventStore store, TransactionSynchronizationRegistry transactions, MeterRegistry meters,
                   String streamType, int capacity, long eventsKept, Fold<A> fold) {
        this.store = store;
        this.transactions = transactions;
        this.fold = fold;
        this.kept = WeighedCache.of(capacity, eventsKept, fold::version);
        this.keptLoads = loads(meters, streamType, "kept");
        this.foldedLoads = loads(meters, streamType, "folded");
    }

    private static Counter loads(MeterRegistry meters, String streamType, String outcome) {
        return Counter.builder("event.store.aggregate.loads").tag("stream_type", streamType).tag("outcome", outcome)
                .description("Aggregates loaded for a command: caught up from the cache (kept) or folded from the whole stream")
                .register(meters);
    }

    /**
     * The stream's current aggregate, for a command in the caller's transaction, to be changed and then handed to
     * {@link #keepAfterCommit}. The stream stays locked until that transaction ends ({@link EventStore#lockStream}),
     * so another command on it waits and then sees this one's event.
     */
    public A load(UUID streamId) {
        requireTransaction();
        store.lockStream(streamId);
        A aggregate = taken(streamId);
        for (StoredEvent event : store.readAfter(streamId, fold.version(aggregate))) {
            fold.apply(aggregate, event);
        }
        return aggregate;
    }

    /**
     * {@link #load} for several streams (a chunk of a bulk import), with one lock statement and one read: the streams
     * are locked in the order given.
     */
    public Map<UUID, A> loadAll(List<UUID> streamIds) {
        requireTransaction();
        store.lockStreams(streamIds);
        Map<UUID, A> loaded = new LinkedHashMap<>();
        Map<UUID, Integer> versions = new HashMap<>();
        for (UUID streamId : streamIds) {
            A aggregate = taken(streamId);
            loaded.put(streamId, aggregate);
            versions.put(streamId, fold.version(aggregate));
        }
        store.readAfter(versions).forEach((streamId, events) -> events.forEach(e -> fold.apply(loaded.get(streamId), e)));
        return loaded;
    }

    /**
     * The kept aggregate, taken out of the cache while a command changes it, or a new empty one to fold the stream
     * into; counted as kept or folded.
     */
    private A taken(UUID streamId) {
        A aggregate = kept.asMap().remove(streamId);
        (aggregate == null ? foldedLoads : keptLoads).increment();
        return aggregate == null ? fold.empty() : aggregate;
    }

    /**
     * Keeps the aggregate, its new events appended in the caller's transaction, for the stream's next command once
     * that transaction commits; after a rollback it is dropped. The caller must not change it afterwards.
     */
    public void keepAfterCommit(UUID streamId, A aggregate) {
        requireTransaction();
        AfterCommit.run(transactions, () -> keep(streamId, aggregate));
    }

    /**
     * Two commands on one stream may commit in either order: the later version stays. An aggregate weighs its
     * version: the events it applied.
     */
    private void keep(UUID streamId, A aggregate) {
        kept.asMap().merge(streamId, aggregate, (now, mine) -> fold.version(mine) > fold.version(now) ? mine : now);
    }

    /** The events the kept aggregates hold (each counted as at least the floor, see {@link WeighedCache}). */
    long keptEvents() {
        return WeighedCache.weight(kept);
    }

    long keptStreams() {
        kept.cleanUp();
        return kept.estimatedSize();
    }

    private void requireTransaction() {
        if (transactions.getTransactionKey() == null) {
            throw new IllegalStateException("Aggregates are loaded and kept for a command, inside its transaction");
        }
    }
}
