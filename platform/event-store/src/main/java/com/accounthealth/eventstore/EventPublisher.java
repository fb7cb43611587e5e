package com.accounthealth.eventstore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Appends an event to its stream and writes the CloudEvent announcing it to the outbox, in the caller's
 * transaction: the one way a writer service records a change.
 */
@ApplicationScoped
public class EventPublisher {

    /**
     * Where and how an event is announced.
     *
     * @param source     the producing service, e.g. {@code /account-service}
     * @param typePrefix e.g. {@code com.accounthealth.account}
     * @param subject    the account the event is about: the CloudEvent subject and the Kafka key
     */
    public record Announcement(String topic, String source, String typePrefix, String subject) {
    }

    private final EventStore store;
    private final Outbox outbox;

    public EventPublisher(EventStore store, Outbox outbox) {
        this.store = store;
        this.outbox = outbox;
    }

    /** An event to append with where it is announced. */
    public record Announced(NewEvent event, Announcement announcement) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public StoredEvent append(UUID streamId, String streamType, int expectedVersion, NewEvent event,
                              CommandMetadata metadata, Announcement announcement) {
        return appendAll(streamId, streamType, expectedVersion, List.of(new Announced(event, announcement)), metadata)
                .getFirst();
    }

    /** Announced events to append to one stream after {@code expectedVersion}. */
    public record Appending(UUID streamId, String streamType, int expectedVersion, List<Announced> events) {
    }

    /** Appends several events to one stream, in order, with one batch for the events and one for their records. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StoredEvent> appendAll(UUID streamId, String streamType, int expectedVersion, List<Announced> events,
                                       CommandMetadata metadata) {
        return appendMany(List.of(new Appending(streamId, streamType, expectedVersion, events)), metadata).getFirst();
    }

    /** Appends to several streams with one batch for all their events and one for all their records. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<List<StoredEvent>> appendMany(List<Appending> streams, CommandMetadata metadata) {
        List<List<StoredEvent>> stored = store.appendMany(streams.stream().map(s -> new EventStore.Appending(
                s.streamId(), s.streamType(), s.expectedVersion(), s.events().stream().map(Announced::event).toList()))
                .toList(), metadata);
        List<OutboxRecord> records = new ArrayList<>();
        for (int s = 0; s < streams.size(); s++) {
            for (int i = 0; i < stored.get(s).size(); i++) {
                StoredEvent event = stored.get(s).get(i);
                Announcement a = streams.get(s).events().get(i).announcement();
                records.add(new OutboxRecord(a.topic(), a.subject(),
                        CloudEvents.toJson(event, a.source(), a.typePrefix(), a.subject())));
            }
        }
        outbox.enqueue(records);
        return stored;
    }
}
