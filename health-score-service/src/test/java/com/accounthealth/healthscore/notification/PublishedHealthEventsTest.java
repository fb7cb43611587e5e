package com.accounthealth.healthscore.notification;

import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.infrastructure.PublishedContract;
import com.accounthealth.testsupport.TopicReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.accounthealth.healthscore.notification.Leaders.account;
import static com.accounthealth.healthscore.notification.Leaders.goesAtRisk;
import static com.accounthealth.healthscore.notification.Leaders.healthReader;
import static com.accounthealth.healthscore.notification.Leaders.recovers;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What this service publishes keeps its AsyncAPI document (served at /asyncapi.yaml): the records on
 * {@code account-health-alerts} and {@code account-health-changes} are read back from the real broker and validated
 * against it, and every change the account's history records is on the changes topic, in order, once.
 */
@QuarkusTest
class PublishedHealthEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PublishedContract DOCUMENT = PublishedContract.of("META-INF/resources/asyncapi.yaml");

    @Test
    void theDocumentHasAMessageForEveryAlertTypeAndForHealthChanges() {
        assertThat(DOCUMENT.topics()).containsExactlyInAnyOrder("account-health-alerts", "account-health-changes");
        assertThat(DOCUMENT.types("account-health-alerts")).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(AlertType.values()).map(t -> "com.accounthealth.health." + t.name() + ".v1").toList());
        assertThat(DOCUMENT.types("account-health-changes"))
                .containsExactly("com.accounthealth.health.HealthChanged.v1");
    }

    @Test
    void everyChangeOfScoreOrStatusAndEveryAlertIsPublishedAsTheDocumentSays() throws Exception {
        String team = "team-" + UUID.randomUUID();
        String account = account(team, "Published Industries", 80_000, "EUR");
        goesAtRisk(account);
        recovers(account);
        List<Map<String, Object>> history = healthReader().get("/api/v1/health/accounts/" + account + "/history")
                .then().statusCode(200).extract().path("$");

        try (TopicReader topics = new TopicReader(List.of("account-health-changes", "account-health-alerts"))) {
            List<ConsumerRecord<String, String>> changes = topics.awaitRecords(
                    r -> r.topic().equals("account-health-changes") && account.equals(r.key()), history.size(),
                    Duration.ofSeconds(60));
            List<ConsumerRecord<String, String>> alerts = topics.awaitRecords(
                    r -> r.topic().equals("account-health-alerts") && account.equals(r.key()), 2, Duration.ofSeconds(60));

            for (ConsumerRecord<String, String> r : concat(changes, alerts)) {
                assertThat(DOCUMENT.violation(r.topic(), r.key(), JSON.readTree(r.value()), Instant.now()))
                        .as("%s on %s", r.value(), r.topic()).isEmpty();
            }
            List<JsonNode> published = changes.stream().map(r -> read(r.value()).path("data")).toList();
            assertThat(published.stream().map(d -> d.path("status").asText()).toList())
                    .isEqualTo(history.stream().map(h -> h.get("status")).toList());
            assertThat(published.stream().map(d -> d.path("score").asInt()).toList())
                    .isEqualTo(history.stream().map(h -> h.get("score")).toList());
            assertThat(published).allSatisfy(d -> assertThat(d.path("teamId").asText()).isEqualTo(team));
            assertThat(alerts.stream().map(r -> read(r.value()).path("type").asText()).toList())
                    .containsExactly("com.accounthealth.health.ACCOUNT_AT_RISK.v1",
                            "com.accounthealth.health.ACCOUNT_RECOVERED.v1");
        }
    }

    private static List<ConsumerRecord<String, String>> concat(List<ConsumerRecord<String, String>> a,
                                                               List<ConsumerRecord<String, String>> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static JsonNode read(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
