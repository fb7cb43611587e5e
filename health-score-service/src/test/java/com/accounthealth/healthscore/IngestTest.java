package com.accounthealth.healthscore;

import com.accounthealth.healthscore.infrastructure.EventIngest;
import com.accounthealth.testsupport.RealServers;
import com.accounthealth.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.accounthealth.healthscore.Callers.healthReader;
import static com.accounthealth.healthscore.Callers.accountService;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Ingest against the real writers and broker: the contract, dead letters, isolation, redelivery and replays. */
@QuarkusTest
class IngestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EventIngest ingest;

    static String openAccount(String tier) {
        return accountService()
                .body("""
                        {"name":"Ingest Ltd","tier":"%s","ownerId":"ae-9","teamId":"ingest-team",
                         "arr":{"amount":100000,"currency":"EUR"}}""".formatted(tier))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
    }

    static void awaitHealth(String accountId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                healthReader().get("/api/v1/health/accounts/" + accountId).then().statusCode(200));
    }

    @Test
    void anUndecodableRecordIsDeadLetteredWithItsReasonAndIngestGoesOn() {
        String key = UUID.randomUUID().toString();
        try (TopicReader deadLetters = new TopicReader(List.of("health-score-dead-letters"));
             var producer = new KafkaProducer<>(Map.<String, Object>of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafka().bootstrapServers()),
                     new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("account-events", key, "{not json")).get();
            producer.send(new ProducerRecord<>("account-events", key, "{\"specversion\":\"0.3\"}")).get();
            // A whole CloudEvent with more after it: one JSON document is expected, and the rest would break the
            // statement that stores the batch, again on every retry.
            producer.send(new ProducerRecord<>("account-events", key, """
                    {"specversion":"1.0","id":"%s","type":"com.accounthealth.account.AccountOpened.v1","source":"/test",
                     "subject":"%s","time":"2026-01-01T00:00:00Z","data":{}} {"more":true}"""
                    .formatted(UUID.randomUUID(), UUID.randomUUID()))).get();
            List<ConsumerRecord<String, String>> dead = deadLetters.awaitRecords(r -> key.equals(r.key()), 3,
                    Duration.ofSeconds(60));
            assertThat(dead).extracting(r -> new String(r.headers().lastHeader("dlt-reason").value(), StandardCharsets.UTF_8))
                    .satisfiesExactly(
                            reason -> assertThat(reason).isEqualTo("value is not JSON"),
                            // The CloudEvents SDK says what is missing: "...: Missing mandatory id attribute".
                            reason -> assertThat(reason).startsWith("not a CloudEvents 1.0 document"),
                            reason -> assertThat(reason).isEqualTo("value is not JSON"));
            assertThat(dead).allSatisfy(r -> assertThat(new String(r.headers().lastHeader("dlt-original-topic").value(),
                    StandardCharsets.UTF_8)).isEqualTo("account-events"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        String account = openAccount("SMB");
        awaitHealth(account);
    }

    @Test
    void redeliveringEveryRecordFromOffsetZeroChangesNothing() {
        String account = openAccount("ENTERPRISE");
        accountService()
                .body("{\"grade\":\"C\",\"question\":\"Overall satisfaction\"}")
                .post("/api/v1/accounts/" + account + "/feedback").then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200)
                        .body("components.find { it.component == 'satisfaction' }.score", equalTo(0)));
        List<Object> history = healthReader().get("/api/v1/health/accounts/" + account + "/history").then().extract().path("id");
        int alerts = healthReader().get("/api/v1/alerts?since=2000-01-01&size=200").then().extract().path("total");
        long duplicatesBefore = ingest.duplicatesSeen();
        long appliedBefore = ingest.appliedCount();

        ingest.replayFromStart();
        await().atMost(Duration.ofSeconds(60)).until(() -> ingest.duplicatesSeen() >= duplicatesBefore + appliedBefore);

        assertThat(ingest.appliedCount()).as("nothing applied twice").isEqualTo(appliedBefore);
        List<Object> historyAfter = healthReader().get("/api/v1/health/accounts/" + account + "/history").then().extract().path("id");
        assertThat(historyAfter).isEqualTo(history);
        healthReader().get("/api/v1/alerts?since=2000-01-01&size=200").then().body("total", equalTo(alerts));
    }

    @Test
    void aDatabaseOutageIsRetriedFromTheSameOffsetsNeverDeadLettered() throws Exception {
        String account = openAccount("MID_MARKET");
        awaitHealth(account);
        long retriedBefore = ingest.retriedBatches();
        long deadBefore = deadLettersNow();
        // A fact published while this service's database is down (written as the account service writes it).
        String event = """
                {"specversion":"1.0","id":"%s","source":"/account-service","type":"com.accounthealth.account.FeedbackReceived.v1",
                 "subject":"%s","time":"%s","datacontenttype":"application/json",
                 "dataschema":"asyncapi.yaml#/components/messages/FeedbackReceived","streamid":"%s","streamversion":99,
                 "recordedat":"%s","actor":"survey-tool",
                 "data":{"feedbackId":"%s","grade":"F","question":"During the outage","comment":null,"contactId":null}}"""
                .formatted(UUID.randomUUID(), account, Instant.now(), account, Instant.now(), UUID.randomUUID());
        RealServers.stopPostgres();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("feedback-events", account, event)).get();
            await().atMost(Duration.ofSeconds(60)).until(() -> ingest.retriedBatches() > retriedBefore);
            // The partition holding it does not advance: visible to alerting while it lasts.
            await().atMost(Duration.ofSeconds(60)).until(() -> longestStallSeconds("feedback-events") >= 2);
        } finally {
            RealServers.postgres();
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200)
                        .body("components.find { it.component == 'satisfaction' }.score", equalTo(0)));
        assertThat(deadLettersNow()).as("an outage is not bad data").isEqualTo(deadBefore);
        await().atMost(Duration.ofSeconds(30)).until(() -> longestStallSeconds("feedback-events") == 0);
    }

    @Test
    void aRecordWhoseApplicationFailsIsDeadLetteredAloneAndTheRestOfItsBatchIsApplied() throws Exception {
        String before = UUID.randomUUID().toString();
        String poisoned = UUID.randomUUID().toString();
        String after = UUID.randomUUID().toString();
        try (TopicReader deadLetters = new TopicReader(List.of("health-score-dead-letters"));
             var producer = new KafkaProducer<>(Map.<String, Object>of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafka().bootstrapServers(),
                     ProducerConfig.LINGER_MS_CONFIG, 200), new StringSerializer(), new StringSerializer())) {
            // One partition, sent together, so they reach ingest in one batch. The middle one keeps the contract, but
            // PostgreSQL refuses its NUL character: before, it held back every later record of its partition.
            producer.send(new ProducerRecord<>("account-events", 0, before, accountOpened(before, "Before Ltd")));
            producer.send(new ProducerRecord<>("account-events", 0, poisoned, accountOpened(poisoned, "Nul\\u0000 Ltd")));
            producer.send(new ProducerRecord<>("account-events", 0, after, accountOpened(after, "After Ltd")));
            producer.flush();
            awaitHealth(before);
            awaitHealth(after);
            ConsumerRecord<String, String> dead = deadLetters.awaitRecords(r -> poisoned.equals(r.key()), 1,
                    Duration.ofSeconds(60)).getFirst();
            assertThat(reason(dead)).startsWith("could not be applied: ");
        }
        healthReader().get("/api/v1/health/accounts/" + poisoned).then().statusCode(404);
    }

    @Test
    void recordsNoWriterProducedAreDeadLetteredWithTheirReasonAndNotApplied() throws Exception {
        String account = UUID.randomUUID().toString();
        ObjectNode valid = (ObjectNode) JSON.readTree(accountOpened(account, "Forged Ltd"));
        Map<String, ObjectNode> forged = new LinkedHashMap<>();
        forged.put("source", valid.deepCopy().put("source", "/crm-import"));
        forged.put("type", valid.deepCopy().put("type", "com.accounthealth.account.AccountMerged.v1"));
        forged.put("data", (ObjectNode) valid.deepCopy().set("data", JSON.createObjectNode()));
        forged.put("1899", valid.deepCopy().put("time", "1899-12-31T00:00:00Z"));
        forged.put("2999", valid.deepCopy().put("time", "2999-01-01T00:00:00Z"));
        try (TopicReader deadLetters = new TopicReader(List.of("health-score-dead-letters"));
             var producer = new KafkaProducer<>(Map.<String, Object>of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafka().bootstrapServers()),
                     new StringSerializer(), new StringSerializer())) {
            for (ObjectNode event : forged.values()) {
                producer.send(new ProducerRecord<>("account-events", account, event.put("id", UUID.randomUUID().toString())
                        .toString())).get();
            }
            // A valid event under a key that is not its subject.
            String otherKey = UUID.randomUUID().toString();
            producer.send(new ProducerRecord<>("account-events", otherKey, valid.toString())).get();
            List<String> reasons = deadLetters.awaitRecords(r -> account.equals(r.key()), 5, Duration.ofSeconds(60))
                    .stream().map(IngestTest::reason).toList();
            assertThat(reasons).satisfiesExactly(
                    source -> assertThat(source).contains("/source"),
                    type -> assertThat(type).isEqualTo("type 'com.accounthealth.account.AccountMerged.v1' is not published on account-events"),
                    data -> assertThat(data).contains("required property 'accountId' not found"),
                    old -> assertThat(old).startsWith("time 1899-12-31T00:00:00Z lies outside"),
                    future -> assertThat(future).startsWith("time 2999-01-01T00:00:00Z lies outside"));
            assertThat(reason(deadLetters.awaitRecords(r -> otherKey.equals(r.key()), 1, Duration.ofSeconds(60)).getFirst()))
                    .isEqualTo("record key '" + otherKey + "' is not the CloudEvent subject");
        }
        healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(404);
    }

    private static String reason(ConsumerRecord<String, String> deadLetter) {
        return new String(deadLetter.headers().lastHeader("dlt-reason").value(), StandardCharsets.UTF_8);
    }

    /** An AccountOpened as account-service publishes it, with {@code name} as written into the JSON text. */
    static String accountOpened(String account, String name) {
        Instant now = Instant.now();
        return """
                {"specversion":"1.0","id":"%s","source":"/account-service","type":"com.accounthealth.account.AccountOpened.v1",
                 "subject":"%s","time":"%s","datacontenttype":"application/json",
                 "dataschema":"asyncapi.yaml#/components/messages/AccountOpened","streamid":"%s","streamversion":1,
                 "recordedat":"%s","actor":"crm-sync",
                 "data":{"accountId":"%s","profile":{"name":"%s","industry":null,"tier":"SMB","ownerId":"ae-9",
                         "teamId":"ingest-team","arr":{"amount":1000,"currency":"EUR"},"renewalDate":null,
                         "growthTargetPercent":null}}}"""
                .formatted(UUID.randomUUID(), account, now, account, now, account, name);
    }

    /** The longest any partition of {@code topic} has had records waiting without advancing, from the metrics. */
    private static double longestStallSeconds(String topic) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("health_ingest_partition_stalled_seconds{")
                        && l.contains("topic=\"" + topic + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(0);
    }

    private static long deadLettersNow() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("health_ingest_dead_lettered_total"))
                .map(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0L);
    }
}
