package com.accounthealth.account.domain;

import com.accounthealth.contract.account.AccountEvent;
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
 * message, on the topic {@link com.accounthealth.account.infrastructure.AccountRepository} publishes it to.
 */
class AsyncApiDocumentTest {

    private static final String RESOURCE = "META-INF/resources/asyncapi.yaml";
    private static final String ACCOUNT_TOPIC = "account-events";
    private static final String FEEDBACK_TOPIC = "feedback-events";

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

        for (Class<? extends AccountEvent> type : AccountEvent.types()) {
            String name = type.getSimpleName();
            assertThat(messages).as("components/messages").containsKey(name);
            assertThat(map(messages, name)).as("components/messages/%s", name).containsEntry("name", name);
        }
        assertThat(messages).as("components/messages (no message without an event type)")
                .hasSameSizeAs(AccountEvent.types());
    }

    @Test
    void feedbackGoesToFeedbackEventsAndEverythingElseToAccountEvents() {
        Map<String, Object> accountMessages = map(document, "channels", ACCOUNT_TOPIC, "messages");
        Map<String, Object> feedbackMessages = map(document, "channels", FEEDBACK_TOPIC, "messages");

        for (Class<? extends AccountEvent> type : AccountEvent.types()) {
            String name = type.getSimpleName();
            boolean feedback = type == AccountEvent.FeedbackReceived.class;
            Map<String, Object> expectedChannel = feedback ? feedbackMessages : accountMessages;
            Map<String, Object> otherChannel = feedback ? accountMessages : feedbackMessages;
            String expectedTopic = feedback ? FEEDBACK_TOPIC : ACCOUNT_TOPIC;
            String otherTopic = feedback ? ACCOUNT_TOPIC : FEEDBACK_TOPIC;

            assertThat(expectedChannel).as("channels/%s/messages", expectedTopic).containsKey(name);
            assertThat(map(expectedChannel, name)).as("channels/%s/messages/%s", expectedTopic, name)
                    .containsEntry("$ref", "#/components/messages/" + name);
            assertThat(otherChannel).as("channels/%s/messages", otherTopic).doesNotContainKey(name);
        }
    }

    @Test
    void eachChannelHasASendOperationForAllItsMessages() {
        Map<String, Object> operations = map(document, "operations");
        for (String topic : List.of(ACCOUNT_TOPIC, FEEDBACK_TOPIC)) {
            String channelRef = "#/channels/" + topic;
            Map<String, Object> operation = operations.values().stream()
                    .map(AsyncApiDocumentTest::asMap)
                    .filter(op -> channelRef.equals(asMap(op.get("channel")).get("$ref")))
                    .findFirst()
                    .orElse(null);
            assertThat(operation).as("an operation on channel %s", topic).isNotNull();
            assertThat(operation).containsEntry("action", "send");

            List<Object> refs = ((List<?>) operation.get("messages")).stream()
                    .map(m -> asMap(m).get("$ref")).toList();
            List<String> expected = map(document, "channels", topic, "messages").keySet().stream()
                    .map(name -> channelRef + "/messages/" + name).toList();
            assertThat(refs).as("messages of the send operation on %s", topic)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
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
