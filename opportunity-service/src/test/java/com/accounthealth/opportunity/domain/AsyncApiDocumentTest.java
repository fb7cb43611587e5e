package com.accounthealth.opportunity.domain;

import com.accounthealth.contract.opportunity.OpportunityEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the published AsyncAPI document (served at /asyncapi.yaml) in step with the code: every event type has its
 * message, on the topic {@link com.accounthealth.opportunity.infrastructure.OpportunityRepository} publishes it to.
 */
class AsyncApiDocumentTest {

    private static final String RESOURCE = "META-INF/resources/asyncapi.yaml";
    private static final String OPPORTUNITY_TOPIC = "opportunity-events";

    private static Map<String, Object> document;

    @BeforeAll
    static void load() throws IOException {
        String text;
        try (InputStream in = AsyncApiDocumentTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertThat(in).as("classpath resource %s", RESOURCE).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        document = new Yaml().load(text);
        assertThat(document).as("parsed %s", RESOURCE).isNotNull();
    }

    @Test
    void isAnAsyncApi3Document() {
        assertThat(document.get("asyncapi")).asString().startsWith("3.");
    }

    @Test
    void everyEventTypeHasAMessageNamedAfterIt() {
        Map<String, Object> messages = map(document, "components", "messages");

        for (Class<? extends OpportunityEvent> type : OpportunityEvent.types()) {
            String name = type.getSimpleName();
            assertThat(messages).as("components/messages").containsKey(name);
            assertThat(map(messages, name)).as("components/messages/%s", name).containsEntry("name", name);
        }
        assertThat(messages).as("components/messages (no message without an event type)")
                .hasSameSizeAs(OpportunityEvent.types());
    }

    @Test
    void everyEventTypeGoesToOpportunityEvents() {
        Map<String, Object> channelMessages = map(document, "channels", OPPORTUNITY_TOPIC, "messages");

        for (Class<? extends OpportunityEvent> type : OpportunityEvent.types()) {
            String name = type.getSimpleName();
            assertThat(channelMessages).as("channels/%s/messages", OPPORTUNITY_TOPIC).containsKey(name);
            assertThat(map(channelMessages, name)).as("channels/%s/messages/%s", OPPORTUNITY_TOPIC, name)
                    .containsEntry("$ref", "#/components/messages/" + name);
        }
        assertThat(channelMessages).as("channels/%s/messages (no message without an event type)", OPPORTUNITY_TOPIC)
                .hasSameSizeAs(OpportunityEvent.types());
    }

    @Test
    void theChannelHasASendOperationForAllItsMessages() {
        Map<String, Object> operations = map(document, "operations");
        String channelRef = "#/channels/" + OPPORTUNITY_TOPIC;
        Map<String, Object> operation = operations.values().stream()
                .map(AsyncApiDocumentTest::asMap)
                .filter(op -> channelRef.equals(asMap(op.get("channel")).get("$ref")))
                .findFirst()
                .orElse(null);
        assertThat(operation).as("an operation on channel %s", OPPORTUNITY_TOPIC).isNotNull();
        assertThat(operation).containsEntry("action", "send");

        List<Object> refs = ((List<?>) operation.get("messages")).stream()
                .map(m -> asMap(m).get("$ref")).toList();
        List<String> expected = OpportunityEvent.types().stream()
                .map(type -> channelRef + "/messages/" + type.getSimpleName()).toList();
        assertThat(refs).as("messages of the send operation on %s", OPPORTUNITY_TOPIC)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static Map<String, Object> map(Map<String, Object> root, String... path) {
        Map<String, Object> node = root;
        StringBuilder at = new StringBuilder();
        for (String key : path) {
            at.append('/').append(key);
            assertThat(node).as(at.toString()).containsKey(key);
            node = asMap(node.get(key));
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
