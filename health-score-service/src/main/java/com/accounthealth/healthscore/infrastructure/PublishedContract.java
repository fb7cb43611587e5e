package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.webapi.DateBounds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the writers publish, as their AsyncAPI documents say (copied into this service at build time from
 * account-service and opportunity-service): per topic, the CloudEvent types it carries and each one's JSON Schema.
 * Ingest applies only records these allow; anything else is not a fact a writer produced and is dead-lettered.
 */
public final class PublishedContract {

    /** The earliest time the writers accept (backfills back to 1900): an earlier one is no fact they published. */
    static final Instant EARLIEST = DateBounds.FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    /** Clocks of writer and consumer may differ by this much; a time further ahead is not a recorded fact. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final String[] DOCUMENTS = {"contracts/account-service/asyncapi.yaml",
            "contracts/opportunity-service/asyncapi.yaml"};

    /** Per topic, per CloudEvent type, the schema of the whole record value. */
    private final Map<String, Map<String, JsonSchema>> schemas;

    private PublishedContract(Map<String, Map<String, JsonSchema>> schemas) {
        this.schemas = schemas;
    }

    /** The contract of the writers' AsyncAPI documents on the classpath. */
    public static PublishedContract load() {
        return of(DOCUMENTS);
    }

    /** The contract of these AsyncAPI documents on the classpath (this service's own, for its tests). */
    public static PublishedContract of(String... documents) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        // Formats (uuid, date-time, date) are assertions here: a malformed id or time is a broken contract.
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        Map<String, Map<String, JsonSchema>> schemas = new HashMap<>();
        for (String document : documents) {
            JsonNode root = read(yaml, document);
            for (Iterator<Map.Entry<String, JsonNode>> channels = root.path("channels").fields(); channels.hasNext(); ) {
                Map.Entry<String, JsonNode> channel = channels.next();
                String topic = channel.getValue().path("address").asText(channel.getKey());
                for (Iterator<String> names = channel.getValue().path("messages").fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    String pointer = "/components/messages/" + name + "/payload";
                    String type = typeOf(root.at(pointer), document + "#" + pointer);
                    JsonSchema schema = factory.getSchema(SchemaLocation.of("classpath:" + document + "#" + pointer), config);
                    schema.initializeValidators();
                    schemas.computeIfAbsent(topic, t -> new HashMap<>()).put(type, schema);
                }
            }
        }
        return new PublishedContract(schemas);
    }

    /** The topics the writers publish to. */
    public Set<String> topics() {
        return schemas.keySet();
    }

    /** The CloudEvent types a topic carries. */
    public Set<String> types(String topic) {
        return schemas.getOrDefault(topic, Map.of()).keySet();
    }

    /**
     * Why the record breaks the contract, or empty when it keeps it: its topic carries its type, its key is its
     * subject, its value (envelope and data) is valid for its type, and its times lie between 1900 and now.
     */
    public Optional<String> violation(String topic, String key, JsonNode cloudEvent, Instant now) {
        Map<String, JsonSchema> types = schemas.get(topic);
        if (types == null) {
            return Optional.of("topic '" + topic + "' is not one the writers publish to");
        }
        String type = cloudEvent.path("type").asText();
        JsonSchema schema = types.get(type);
        if (schema == null) {
            return Optional.of("type '" + type + "' is not published on " + topic);
        }
        Set<ValidationMessage> errors = schema.validate(cloudEvent);
        if (!errors.isEmpty()) {
            return Optional.of("not a valid " + type + ": " + errors.stream().map(ValidationMessage::getMessage)
                    .sorted().limit(5).reduce((a, b) -> a + "; " + b).orElseThrow());
        }
        if (!cloudEvent.path("subject").asText().equals(key)) {
            return Optional.of("record key '" + key + "' is not the CloudEvent subject");
        }
        for (String attribute : new String[]{"time", "recordedat"}) {
            if (!cloudEvent.hasNonNull(attribute)) {
                continue; // recordedat is the writers' own (the schema says which require it)
            }
            Instant at = FactsFromEvents.instant(cloudEvent.path(attribute).asText());
            if (at.isBefore(EARLIEST) || at.isAfter(now.plus(CLOCK_SKEW))) {
                return Optional.of(attribute + " " + at + " lies outside " + EARLIEST + " .. now");
            }
        }
        return Optional.empty();
    }

    private static JsonNode read(ObjectMapper yaml, String document) {
        try (InputStream in = PublishedContract.class.getClassLoader().getResourceAsStream(document)) {
            if (in == null) {
                throw new IllegalStateException("The published contract " + document + " is not on the classpath");
            }
            return yaml.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A message's CloudEvent type: the {@code const} its payload gives {@code type}. */
    private static String typeOf(JsonNode payload, String where) {
        for (JsonNode part : payload.path("allOf")) {
            JsonNode type = part.path("properties").path("type").path("const");
            if (type.isTextual()) {
                return type.asText();
            }
        }
        throw new IllegalStateException(where + " names no CloudEvent type (allOf[].properties.type.const)");
    }
}
