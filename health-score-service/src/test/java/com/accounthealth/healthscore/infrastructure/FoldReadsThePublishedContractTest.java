package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.contract.ContractJson;
import com.accounthealth.contract.account.AccountEvent;
import com.accounthealth.contract.opportunity.OpportunityEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published documents and the typed contract agree, and the fold takes every published event. From the writers'
 * AsyncAPI documents (as this service is built with them), every event type is generated whole (every property the
 * schema allows, each enum value in turn) and checked valid against the published contract; it must then decode
 * strictly into its record of {@code platform/event-contract} (a published field the record lacks fails), carry every
 * component of that record (a component the documents do not publish fails: it would read as null), and fold (an
 * enum value this service does not know fails). The compiler keeps the fold and the records together; this keeps the
 * documents, which other consumers read, with both.
 */
class FoldReadsThePublishedContractTest {

    private static final String[] DOCUMENTS = {"contracts/account-service/asyncapi.yaml",
            "contracts/opportunity-service/asyncapi.yaml"};
    private static final UUID ACCOUNT = UUID.randomUUID();
    private static final ObjectMapper STRICT = new ObjectMapper().registerModule(new JavaTimeModule())
            .registerModule(ContractJson.module()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void everyPublishedEventDecodesIntoItsRecordWithEveryComponentAndIsFolded() throws Exception {
        PublishedContract contract = PublishedContract.load();
        List<String> unpublished = new ArrayList<>();
        Set<String> published = new LinkedHashSet<>();
        int folded = 0;
        for (String document : DOCUMENTS) {
            JsonNode root = read(document);
            // By document: both writers publish an ExternalReferenceLinked, each its own record.
            Map<String, Class<?>> records = new HashMap<>();
            (document.contains("opportunity") ? OpportunityEvent.types() : AccountEvent.types())
                    .forEach(t -> records.put(t.getSimpleName(), t));
            for (Iterator<Map.Entry<String, JsonNode>> channels = root.path("channels").fields(); channels.hasNext(); ) {
                Map.Entry<String, JsonNode> channel = channels.next();
                for (Iterator<String> names = channel.getValue().path("messages").fieldNames(); names.hasNext(); ) {
                    String message = names.next();
                    JsonNode payload = root.at("/components/messages/" + message + "/payload");
                    String type = constOf(payload, "type");
                    JsonNode dataSchema = dataSchemaOf(root, payload);
                    Class<?> record = records.get(message);
                    assertThat(record).as("the record of published %s", message).isNotNull();
                    int variants = Math.max(1, largestEnum(root, dataSchema, new LinkedHashSet<>()));
                    for (int variant = 0; variant < variants; variant++) {
                        ObjectNode data = (ObjectNode) instance(root, dataSchema, variant);
                        ObjectNode cloudEvent = envelope(type, constOf(payload, "dataschema"),
                                root.at("/components/schemas/CloudEvent/properties/source/const").asText(), data);
                        assertThat(contract.violation(channel.getValue().path("address").asText(channel.getKey()),
                                ACCOUNT.toString(), cloudEvent, Instant.now()))
                                .as("the generated %s is valid against the published contract", message).isEmpty();
                        assertThat(STRICT.treeToValue(data, record)).as("%s decoded strictly", message).isNotNull();
                        for (RecordComponent component : record.getRecordComponents()) {
                            published.add(message + "." + component.getName());
                            if (!data.has(component.getName())) {
                                unpublished.add(message + "." + component.getName());
                            }
                        }
                        List<Inbox.Event> events = new ArrayList<>();
                        String stream = ACCOUNT.toString();
                        if (type.contains(".opportunity.") && !message.equals("OpportunityOpened")) {
                            // A deal's later events count only after its opening: fold them after one, of that deal.
                            JsonNode openedSchema = dataSchemaOf(root, root.at("/components/messages/OpportunityOpened/payload"));
                            ObjectNode opened = (ObjectNode) instance(root, openedSchema, 0);
                            opened.set("opportunityId", data.get("opportunityId"));
                            stream = data.get("opportunityId").asText();
                            events.add(new Inbox.Event(UUID.randomUUID(), constOf(root.at(
                                    "/components/messages/OpportunityOpened/payload"), "type"), "2026-01-09T10:00:00Z",
                                    stream, 1, opened));
                        }
                        events.add(new Inbox.Event(UUID.randomUUID(), type, "2026-01-10T10:00:00Z", stream,
                                events.size() + 1, data));
                        FactsFromEvents.fold(ACCOUNT, events);
                        folded++;
                    }
                }
            }
        }
        assertThat(folded).as("event variants folded").isGreaterThan(20);
        assertThat(published).as("record components checked").hasSizeGreaterThan(40)
                .contains("ContactAdded.role", "OpportunityLost.missingCapabilities");
        assertThat(unpublished).as("record components the documents do not publish").isEmpty();
    }

    /** A value of the schema with every property it allows; the {@code variant}-th value of each enum (cycling). */
    private static JsonNode instance(JsonNode root, JsonNode schema, int variant) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        schema = resolve(root, schema);
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.has("enum")) {
            List<JsonNode> values = new ArrayList<>();
            schema.get("enum").forEach(v -> {
                if (!v.isNull()) {
                    values.add(v);
                }
            });
            return values.get(variant % values.size());
        }
        for (JsonNode part : schema.path("allOf")) {
            if (part.has("enum")) { // the narrowing part: its values are the ones all parts allow
                return instance(root, part, variant);
            }
        }
        for (String composed : new String[]{"allOf", "oneOf", "anyOf"}) {
            if (schema.has(composed)) {
                return instance(root, schema.get(composed).get(0), variant);
            }
        }
        String type = typeOf(schema);
        return switch (type) {
            case "object" -> {
                ObjectNode o = f.objectNode();
                schema.path("properties").fields().forEachRemaining(p -> o.set(p.getKey(),
                        instance(root, p.getValue(), variant)));
                yield o;
            }
            case "array" -> f.arrayNode().add(instance(root, schema.path("items"), variant));
            case "integer" -> f.numberNode(Math.max(1, schema.path("minimum").asInt(1)));
            case "number" -> f.numberNode(new java.math.BigDecimal("1000.00"));
            case "boolean" -> f.booleanNode(true);
            case "string" -> f.textNode(switch (schema.path("format").asText()) {
                case "uuid" -> UUID.randomUUID().toString();
                case "date" -> "2026-06-30";
                case "date-time" -> "2026-01-10T10:00:00Z";
                default -> schema.has("pattern") ? "EUR" : "text";
            });
            default -> f.nullNode();
        };
    }

    /** The first type that is not null. */
    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
        }
        return type.asText(schema.has("properties") ? "object" : "");
    }

    private static int largestEnum(JsonNode root, JsonNode schema, Set<String> seen) {
        JsonNode s = resolve(root, schema);
        if (!seen.add(s.toString())) {
            return 0;
        }
        int largest = s.has("enum") ? s.get("enum").size() : 0;
        for (JsonNode child : s) {
            if (child.isContainerNode()) {
                largest = Math.max(largest, child.isObject() && (child.has("type") || child.has("$ref")
                        || child.has("enum") || child.has("allOf")) ? largestEnum(root, child, seen)
                        : largestOfChildren(root, child, seen));
            }
        }
        return largest;
    }

    private static int largestOfChildren(JsonNode root, JsonNode node, Set<String> seen) {
        int largest = 0;
        for (JsonNode child : node) {
            if (child.isObject()) {
                largest = Math.max(largest, largestEnum(root, child, seen));
            }
        }
        return largest;
    }

    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        while (schema.has("$ref")) {
            schema = root.at(schema.get("$ref").asText().substring(1));
        }
        return schema;
    }

    private static JsonNode dataSchemaOf(JsonNode root, JsonNode payload) {
        for (JsonNode part : payload.path("allOf")) {
            if (part.path("properties").has("data")) {
                return part.path("properties").path("data");
            }
        }
        throw new IllegalStateException("no data schema in " + payload);
    }

    private static String constOf(JsonNode payload, String attribute) {
        for (JsonNode part : payload.path("allOf")) {
            JsonNode value = part.path("properties").path(attribute).path("const");
            if (value.isTextual()) {
                return value.asText();
            }
        }
        throw new IllegalStateException("no " + attribute + " in " + payload);
    }

    private static ObjectNode envelope(String type, String dataSchema, String source, ObjectNode data) {
        ObjectNode ce = JsonNodeFactory.instance.objectNode();
        ce.put("specversion", "1.0").put("id", UUID.randomUUID().toString()).put("source", source).put("type", type)
                .put("subject", ACCOUNT.toString()).put("time", "2026-01-10T10:00:00Z")
                .put("datacontenttype", "application/json").put("dataschema", dataSchema)
                .put("streamid", ACCOUNT.toString()).put("streamversion", 1)
                .put("recordedat", "2026-01-10T10:00:01Z").put("actor", "contract-test");
        ce.set("data", data);
        return ce;
    }

    private static JsonNode read(String document) throws Exception {
        try (InputStream in = FoldReadsThePublishedContractTest.class.getClassLoader().getResourceAsStream(document)) {
            assertThat(in).as(document).isNotNull();
            return new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }
}
