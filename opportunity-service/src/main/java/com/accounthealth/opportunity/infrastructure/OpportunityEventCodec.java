package com.accounthealth.opportunity.infrastructure;

import com.accounthealth.eventstore.StoredEvent;
import com.accounthealth.opportunity.domain.OpportunityEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Opportunity events to and from their JSON payloads in the store. */
@ApplicationScoped
public class OpportunityEventCodec {

    private static final Map<String, Class<? extends OpportunityEvent>> TYPES = OpportunityEvent.types().stream()
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private final ObjectMapper json;

    public OpportunityEventCodec(ObjectMapper json) {
        this.json = json;
    }

    public String encode(OpportunityEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not encode " + event.type(), e);
        }
    }

    public OpportunityEvent decode(StoredEvent stored) {
        Class<? extends OpportunityEvent> type = TYPES.get(stored.type());
        if (type == null || stored.schemaVersion() != OpportunityEvent.SCHEMA_VERSION) {
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
