package com.accounthealth.account.infrastructure;

import com.accounthealth.account.domain.AccountEvent;
import com.accounthealth.eventstore.StoredEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Account events to and from their JSON payloads in the store. */
@ApplicationScoped
public class AccountEventCodec {

    private static final Map<String, Class<? extends AccountEvent>> TYPES = AccountEvent.types().stream()
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private final ObjectMapper json;

    public AccountEventCodec(ObjectMapper json) {
        this.json = json;
    }

    public String encode(AccountEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not encode " + event.type(), e);
        }
    }

    public AccountEvent decode(StoredEvent stored) {
        Class<? extends AccountEvent> type = TYPES.get(stored.type());
        if (type == null || stored.schemaVersion() != AccountEvent.SCHEMA_VERSION) {
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
