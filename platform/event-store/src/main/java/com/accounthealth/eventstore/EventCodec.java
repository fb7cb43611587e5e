package com.accounthealth.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A service's domain events to and from their JSON payloads in the store. The event type is the record's simple
 * name; a payload of another schema version, or a type this build does not know, is an error, never a guess.
 */
public final class EventCodec<E> {

    private final ObjectMapper json;
    private final Map<String, Class<? extends E>> types;
    private final int schemaVersion;

    public EventCodec(ObjectMapper json, List<Class<? extends E>> types, int schemaVersion) {
        this.json = json;
        this.types = types.stream().collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));
        this.schemaVersion = schemaVersion;
    }

    public NewEvent toNewEvent(E event, Instant occurredAt) {
        try {
            return new NewEvent(UUID.randomUUID(), event.getClass().getSimpleName(), schemaVersion, occurredAt,
                    json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not encode " + event.getClass().getSimpleName(), e);
        }
    }

    public E decode(StoredEvent stored) {
        Class<? extends E> type = types.get(stored.type());
        if (type == null || stored.schemaVersion() != schemaVersion) {
            throw new IllegalStateException("Unknown event " + stored.type() + " v" + stored.schemaVersion()
                    + " in stream " + stored.streamId());
        }
        try {
            return json.readValue(stored.payload(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not decode event " + stored.eventId(), e);
        }
    }
}
