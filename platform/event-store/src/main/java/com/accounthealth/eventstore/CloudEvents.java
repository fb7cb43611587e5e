package com.accounthealth.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The CloudEvents 1.0 JSON documents (structured mode) every topic of ours carries, written with the CloudEvents SDK:
 * a stored event as the writers announce it, or any other event of a service (an alert, a digest). The business time
 * is {@code time}; the schema version is part of {@code type}.
 */
public final class CloudEvents {

    public static final String JSON = "application/json";
    private static final JsonFormat FORMAT = new JsonFormat();
    /** Reads an envelope from a document already parsed (consumers validate the tree against the contract too). */
    private static final ObjectMapper READER = new ObjectMapper().registerModule(JsonFormat.getCloudEventJacksonModule());

    private CloudEvents() {
    }

    /**
     * @param source     the producing service, e.g. {@code /account-service}
     * @param typePrefix e.g. {@code com.accounthealth.account}; the type becomes {@code prefix.EventType.v1}
     * @param subject    the account the event is about (the partition key of every topic)
     */
    public static String toJson(StoredEvent event, String source, String typePrefix, String subject) {
        CloudEventBuilder ce = envelope(event.eventId().toString(), source,
                type(typePrefix, event.type(), event.schemaVersion()), subject, event.occurredAt())
                .withDataSchema(URI.create("asyncapi.yaml#/components/messages/" + event.type()))
                // Extension attributes (lower-case letters and digits only, as CloudEvents requires).
                .withExtension("streamid", event.streamId().toString())
                .withExtension("streamversion", event.version())
                .withExtension("recordedat", event.recordedAt().toString())
                .withExtension("actor", event.actor())
                // The stored payload is JSON already: the SDK writes it as the data object as it is.
                .withData(JSON, event.payload().getBytes(StandardCharsets.UTF_8));
        if (event.correlationId() != null) {
            ce.withExtension("correlationid", event.correlationId());
        }
        if (event.backfill()) {
            ce.withExtension("backfill", true);
        }
        return write(ce.build());
    }

    /** A CloudEvent of a service around JSON {@code data}, with no extensions. */
    public static String toJson(String id, String source, String type, String subject, Instant time, JsonNode data) {
        return write(envelope(id, source, type, subject, time).withData(JSON, JsonCloudEventData.wrap(data)).build());
    }

    /**
     * The CloudEvents 1.0 envelope of a parsed document, its JSON data as a {@link JsonCloudEventData}.
     *
     * @throws IllegalArgumentException saying why, when the document is not a CloudEvents 1.0 event
     */
    public static CloudEvent read(JsonNode document) {
        CloudEvent event;
        try {
            event = READER.treeToValue(document, CloudEvent.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a CloudEvents 1.0 document: " + e.getOriginalMessage());
        } catch (RuntimeException e) {
            // The SDK refuses some attribute values (a source that is no URI reference) with its own exceptions.
            throw new IllegalArgumentException("not a CloudEvents 1.0 document: " + e.getMessage());
        }
        if (event == null || event.getSpecVersion() != SpecVersion.V1) {
            throw new IllegalArgumentException("not a CloudEvents 1.0 document");
        }
        return event;
    }

    /** The JSON data of an event {@link #read} read. */
    public static JsonNode data(CloudEvent event) {
        return event.getData() instanceof JsonCloudEventData json ? json.getNode() : MissingNode.getInstance();
    }

    public static String type(String typePrefix, String eventType, int schemaVersion) {
        return typePrefix + "." + eventType + ".v" + schemaVersion;
    }

    private static CloudEventBuilder envelope(String id, String source, String type, String subject, Instant time) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create(source)).withType(type).withSubject(subject)
                .withTime(time.atOffset(ZoneOffset.UTC));
    }

    private static String write(CloudEvent event) {
        return new String(FORMAT.serialize(event), StandardCharsets.UTF_8);
    }
}
