package com.accounthealth.eventstore;

import com.accounthealth.kernel.RuleViolation;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * One kind of aggregate in the event store, as both writers keep theirs. Loading rebuilds an aggregate from its stream
 * (for a command: from the copy kept since its last command, caught up with the events appended since, see
 * {@link AggregateCache}); saving appends the decided event, the CloudEvent announcing it (outbox) and the service's
 * own read rows ({@link #project}), all in the caller's transaction, so none of them exists without the others.
 * <p>
 * A service's repository extends this with where its events are announced and which rows it keeps; beans that extend
 * it are {@code @Singleton} (no client proxy, so no no-argument constructor is needed).
 */
public abstract class EventSourcedRepository<A, E> {

    /** Applies one stored event, with the business time it happened at, to the aggregate in place. */
    @FunctionalInterface
    public interface Applier<A, E> {
        void apply(A aggregate, E event, Instant occurredAt);
    }

    /**
     * What the store needs to know of an aggregate: its stream type, the event records and their schema version, the
     * aggregate of an empty stream, how an event applies, and the version (events applied) of an aggregate.
     */
    public record Stream<A, E>(String type, List<Class<? extends E>> eventTypes, int schemaVersion, Supplier<A> none,
                               Applier<A, E> apply, ToIntFunction<A> version) {
    }

    private final EventStore store;
    private final EventPublisher publisher;
    private final Stream<A, E> stream;
    private final EventCodec<E> codec;
    private final AggregateCache<A> kept;

    protected EventSourcedRepository(Stream<A, E> stream, EventStore store, EventPublisher publisher, ObjectMapper json,
                                     AggregateCaches caches) {
        this.store = store;
        this.publisher = publisher;
        this.stream = stream;
        this.codec = new EventCodec<>(json, stream.eventTypes(), stream.schemaVersion());
        this.kept = caches.of(stream.type(), AggregateCache.Fold.of(stream.none(), this::apply, stream.version()));
    }

    /** Where the CloudEvent announcing {@code event} goes: topic, source, type prefix and partition key. */
    protected abstract EventPublisher.Announcement announcement(E event, A after);

    /**
     * Writes the service's read rows for the aggregates as they are after their events, in the caller's transaction,
     * in one batch (an import chunk changes about a hundred streams).
     */
    protected abstract void project(List<A> after);

    /** The aggregate as it is now, for reading. */
    public A load(UUID streamId) {
        A aggregate = stream.none().get();
        for (StoredEvent event : store.read(streamId)) {
            apply(aggregate, event);
        }
        return aggregate;
    }

    /** The aggregate as it is now, for a command in the caller's transaction that then {@link #save}s it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public A loadForChange(UUID streamId) {
        return kept.load(streamId);
    }

    public List<StoredEvent> history(UUID streamId) {
        return store.read(streamId);
    }

    /** The event of the stream with this id, decoded, with when it happened, if the stream has it. */
    public java.util.Optional<Decided<E>> event(UUID streamId, UUID eventId) {
        return store.read(streamId).stream().filter(e -> e.eventId().equals(eventId)).findFirst()
                .map(e -> new Decided<>(codec.decode(e), e.occurredAt()));
    }

    /**
     * Appends the decided event after {@code expectedVersion}; the aggregate ({@code after}, with the event applied)
     * is then at {@code expectedVersion + 1}, and is kept for the next command once the transaction commits.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public StoredEvent save(UUID streamId, int expectedVersion, E event, Instant occurredAt, CommandMetadata metadata,
                            A after) {
        StoredEvent stored = publisher.append(streamId, stream.type(), expectedVersion,
                codec.toNewEvent(event, occurredAt), metadata, announcement(event, after));
        project(List.of(after));
        kept.keepAfterCommit(streamId, after);
        return stored;
    }

    /** An event an aggregate decided, with the business time it happened at. */
    public record Decided<E>(E event, Instant occurredAt) {
    }

    /**
     * Appends several decided events after {@code expectedVersion} in one batch: the aggregate ({@code after}, with all
     * of them applied) has its read rows written once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StoredEvent> saveAll(UUID streamId, int expectedVersion, List<Decided<E>> events,
                                     CommandMetadata metadata, A after) {
        List<StoredEvent> stored = publisher.appendAll(streamId, stream.type(), expectedVersion, events.stream()
                .map(d -> announced(d, after)).toList(), metadata);
        project(List.of(after));
        kept.keepAfterCommit(streamId, after);
        return stored;
    }

    /** Decides a fact of a batch on its aggregate as the batch has left it; throws a RuleViolation to refuse it. */
    @FunctionalInterface
    public interface BatchDecision<A, E, F> {
        Decided<E> decide(A aggregate, F fact);
    }

    /** What a fact of a batch came to: its stored event and its aggregate after the batch, or why it was refused. */
    public record BatchOutcome<A>(StoredEvent stored, A after, RuleViolation refused) {
    }

    /**
     * Appends a batch of facts on many streams (a chunk of a bulk import), in the caller's transaction: each stream's
     * facts are decided in order on its aggregate, then every stream's events are appended in one batch, and their read
     * rows written in another. A fact its aggregate refuses is that fact's outcome alone. Streams are locked in id
     * order, so two batches on the same streams take their locks in the same order.
     *
     * @return an outcome per fact, in order
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <F> List<BatchOutcome<A>> appendBatch(List<F> facts, Function<F, UUID> streamOf,
                                                  BatchDecision<A, E, F> decision, CommandMetadata metadata) {
        Map<UUID, List<Integer>> byStream = new TreeMap<>();
        for (int i = 0; i < facts.size(); i++) {
            byStream.computeIfAbsent(streamOf.apply(facts.get(i)), id -> new ArrayList<>()).add(i);
        }
        // One lock statement, one read, one batch of events and one of outbox records for all the streams: a deal
        // import's chunk touches about a hundred.
        Map<UUID, A> aggregates = kept.loadAll(new ArrayList<>(byStream.keySet()));
        List<BatchOutcome<A>> outcomes = new ArrayList<>(Collections.nCopies(facts.size(), null));
        List<EventPublisher.Appending> appending = new ArrayList<>();
        List<List<Integer>> appendedFacts = new ArrayList<>();
        for (Map.Entry<UUID, List<Integer>> entry : byStream.entrySet()) {
            A aggregate = aggregates.get(entry.getKey());
            int expectedVersion = stream.version().applyAsInt(aggregate);
            List<EventPublisher.Announced> decided = new ArrayList<>();
            List<Integer> decidedFacts = new ArrayList<>();
            for (int i : entry.getValue()) {
                try {
                    Decided<E> d = decision.decide(aggregate, facts.get(i));
                    stream.apply().apply(aggregate, d.event(), d.occurredAt());
                    decided.add(announced(d, aggregate));
                    decidedFacts.add(i);
                } catch (RuleViolation refused) {
                    outcomes.set(i, new BatchOutcome<>(null, aggregate, refused));
                }
            }
            if (!decided.isEmpty()) {
                appending.add(new EventPublisher.Appending(entry.getKey(), stream.type(), expectedVersion, decided));
                appendedFacts.add(decidedFacts);
            }
        }
        if (appending.isEmpty()) {
            return outcomes;
        }
        List<List<StoredEvent>> stored = publisher.appendMany(appending, metadata);
        project(appending.stream().map(a -> aggregates.get(a.streamId())).toList());
        for (int s = 0; s < appending.size(); s++) {
            UUID streamId = appending.get(s).streamId();
            A aggregate = aggregates.get(streamId);
            kept.keepAfterCommit(streamId, aggregate);
            for (int k = 0; k < stored.get(s).size(); k++) {
                outcomes.set(appendedFacts.get(s).get(k), new BatchOutcome<>(stored.get(s).get(k), aggregate, null));
            }
        }
        return outcomes;
    }

    private EventPublisher.Announced announced(Decided<E> decided, A after) {
        return new EventPublisher.Announced(codec.toNewEvent(decided.event(), decided.occurredAt()),
                announcement(decided.event(), after));
    }

    private void apply(A aggregate, StoredEvent stored) {
        stream.apply().apply(aggregate, codec.decode(stored), stored.occurredAt());
    }
}
