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

    /** Appends several events to one stream, in order, with one batch for the events and one for their records. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<StoredEvent> appendAll(UUID streamId, String streamType, int expectedVersion, List<Announced> events,
                                       CommandMetadata metadata) {
        List<StoredEvent> stored = store.append(streamId, streamType, expectedVersion,
                events.stream().map(Announced::event).toList(), metadata);
        List<OutboxRecord> records = new ArrayList<>(stored.size());
        for (int i = 0; i < stored.size(); i++) {
            Announcement a = events.get(i).announcement();
            records.add(new OutboxRecord(a.topic(), a.subject(),
                    CloudEvents.toJson(stored.get(i), a.source(), a.typePrefix(), a.subject())));
        }
        outbox.enqueue(records);
        return stored;
    }
}
