package com.accounthealth.eventstore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

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

    @Transactional(Transactional.TxType.MANDATORY)
    public StoredEvent append(UUID streamId, String streamType, int expectedVersion, NewEvent event,
                              CommandMetadata metadata, Announcement announcement) {
        StoredEvent stored = store.append(streamId, streamType, expectedVersion, List.of(event), metadata).getFirst();
        outbox.enqueue(List.of(new OutboxRecord(announcement.topic(), announcement.subject(), CloudEvents.toJson(stored,
                announcement.source(), announcement.typePrefix(), announcement.subject()))));
        return stored;
    }
}
