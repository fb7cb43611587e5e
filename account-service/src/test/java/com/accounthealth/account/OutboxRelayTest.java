package com.accounthealth.account;

import com.accounthealth.testsupport.RealServers;
import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.testsupport.TopicReader;
import com.accounthealth.webapi.security.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.accounthealth.account.AccountApiTest.JSON;
import static com.accounthealth.account.AccountApiTest.openAccount;
import static com.accounthealth.account.AccountApiTest.post;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The relay against the real broker: every committed event published once, in per-account order, outages included. */
@QuarkusTest
class OutboxRelayTest {

    private static final List<String> TOPICS = List.of("account-events", "feedback-events");

    @Test
    void eightConcurrentWritersForTenSecondsArePublishedExactlyOnceInPerAccountOrder() throws Exception {
        int writers = 8;
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            accounts.add(openAccount());
        }
        try (TopicReader reader = new TopicReader(TOPICS)) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            List<Future<Integer>> appended = new ArrayList<>();
            for (String account : accounts) {
                // One calling system per writer: each stays within its own write rate limit.
                String token = TestTokens.token("survey-tool-" + account, Roles.ACCOUNTS_WRITE);
                appended.add(pool.submit(() -> {
                    int n = 0;
                    while (System.nanoTime() < end) {
                        given().auth().oauth2(token).contentType(ContentType.JSON)
                                .body("{\"grade\":\"B+\",\"question\":\"Q" + n + "\"}")
                                .post("/api/v1/accounts/" + account + "/feedback").then().statusCode(201);
                        n++;
                    }
                    return n;
                }));
            }
            Map<String, Integer> expected = new HashMap<>();
            int total = 0;
            for (int i = 0; i < writers; i++) {
                int n = appended.get(i).get() + 1; // + AccountOpened
                expected.put(accounts.get(i), n);
                total += n;
            }
            pool.shutdown();
            Set<String> ours = expected.keySet();
            reader.awaitRecords(r -> ours.contains(r.key()), total, Duration.ofSeconds(60));
            List<ConsumerRecord<String, String>> all = reader.readToEnd(r -> ours.contains(r.key()));

            assertThat(all).as("every committed event published exactly once").hasSize(total);
            for (String account : accounts) {
                List<Integer> versions = new ArrayList<>();
                for (ConsumerRecord<String, String> r : all) {
                    if (r.key().equals(account) && r.topic().equals("feedback-events")) {
                        versions.add(JSON.readTree(r.value()).get("streamversion").asInt());
                    }
                }
                List<Integer> stored = AccountApiTest.api().get("/api/v1/accounts/" + account + "/events")
                        .then().extract().path("findAll { it.type == 'FeedbackReceived' }.version");
                assertThat(versions).as("per-account order of %s", account).isEqualTo(stored);
                assertThat(stored).hasSize(expected.get(account) - 1);
            }
        }
    }

    @Test
    void commandsSucceedWhileKafkaIsDownAndArePublishedOnceItIsBack() throws Exception {
        String account = openAccount();
        try (TopicReader reader = new TopicReader(TOPICS)) {
            reader.awaitRecords(r -> r.key().equals(account), 1, Duration.ofSeconds(30));
            RealServers.kafka().stopBroker();
            int commands = 20;
            try {
                for (int i = 0; i < commands; i++) {
                    post(account, "/feedback", "{\"grade\":\"A\",\"question\":\"during outage " + i + "\"}")
                            .then().statusCode(201);
                }
            } finally {
                RealServers.kafka().startBroker();
            }
            reader.awaitRecords(r -> r.key().equals(account), commands + 1, Duration.ofSeconds(120));
            List<ConsumerRecord<String, String>> all = reader.readToEnd(r -> r.key().equals(account));
            assertThat(all).as("all published, none twice").hasSize(commands + 1);
            List<String> ids = new ArrayList<>();
            for (ConsumerRecord<String, String> r : all) {
                JsonNode ce = JSON.readTree(r.value());
                ids.add(ce.get("id").asText());
            }
            assertThat(ids).doesNotHaveDuplicates();
        }
    }
}
