package com.accounthealth.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a stored event into a CloudEvents 1.0 JSON document (structured mode): the envelope every consumer of our
 * topics reads. The event's business time is {@code time}; its schema version is part of {@code type}.
 */
@ApplicationScoped
public class CloudEvents {

    public static final String SPEC_VERSION = "1.0";

    private final ObjectMapper json;

    public CloudEvents(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param source     the producing service, e.g. {@code /account-service}
     * @param typePrefix e.g. {@code com.accounthealth.account}; the type becomes {@code prefix.EventType.v1}
     * @param subject    the account the event is about (the partition key of every topic)
     */
    public String toJson(StoredEvent event, String source, String typePrefix, String subject) {
        ObjectNode ce = json.createObjectNode()
                .put("specversion", SPEC_VERSION)
                .put("id", event.eventId().toString())
                .put("source", source)
                .put("type", type(typePrefix, event.type(), event.schemaVersion()))
                .put("subject", subject)
                .put("time", event.occurredAt().toString())
                .put("datacontenttype", "application/json")
                .put("dataschema", "asyncapi.yaml#/components/messages/" + event.type())
                // Extension attributes (lower-case letters and digits only, as CloudEvents requires).
                .put("streamid", event.streamId().toString())
                .put("streamversion", event.version())
                .put("recordedat", event.recordedAt().toString())
                .put("actor", event.actor());
        if (event.correlationId() != null) {
            ce.put("correlationid", event.correlationId());
        }
        try {
            ce.set("data", json.readTree(event.payload()));
            return json.writeValueAsString(ce);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + event.eventId() + " has a payload that is not JSON", e);
        }
    }

    public static String type(String typePrefix, String eventType, int schemaVersion) {
        return typePrefix + "." + eventType + ".v" + schemaVersion;
    }
}
