package com.accounthealth.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A model's activation seen by two health-score-service replicas, processes of their own on one database and one
 * consumer group: activated through one, in force on both at once, and every account's later events, whichever
 * replica's partitions they land on, are scored under it.
 */
class ModelReplicasIT {

    private static final String ACCOUNTS = "account-service";
    private static final String HEALTH_A = "health-score-a";
    private static final String HEALTH_B = "health-score-b";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anActivationThroughOneReplicaIsInForceOnBoth() throws Exception {
        try (Stack stack = new Stack(Path.of(System.getProperty("accounthealth.root", "..")).toAbsolutePath()
                .normalize())) {
            stack.start(ACCOUNTS, "account-service", Stack.ACCOUNTS_DB, Map.of());
            stack.start(HEALTH_A, "health-score-service", Stack.HEALTH_DB, Map.of());
            stack.start(HEALTH_B, "health-score-service", Stack.HEALTH_DB, Map.of());
            // Accounts spread over the partitions, so both replicas apply some of them.
            List<String> accounts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                accounts.add(post(stack, ACCOUNTS, "/api/v1/accounts", """
                        {"name":"Replica %d","tier":"SMB","ownerId":"ae-1","teamId":"replica-team",
                         "arr":{"amount":9000,"currency":"EUR"}}""".formatted(i), 201).path("accountId").asText());
            }
            for (String account : accounts) {
                post(stack, ACCOUNTS, "/api/v1/accounts/" + account + "/feedback",
                        "{\"grade\":\"D\",\"question\":\"Overall satisfaction\"}", 201);
            }
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                for (String account : accounts) {
                    assertThat(get(stack, HEALTH_B, "/api/v1/health/accounts/" + account).path("score").asInt())
                            .isEqualTo(62);
                }
            });

            post(stack, HEALTH_A, "/api/v1/models", """
                    {"version":"v2-replicas","description":"Only satisfaction counts","derivedFrom":"v1",
                     "changes":{"weights":{"satisfaction":100,"engagement":0,"relationships":0,"competition":0,
                                "commercial":0,"support":0}}}""", 201);
            String job = post(stack, HEALTH_A, "/api/v1/models/v2-replicas/activate", "", 202).path("jobId").asText();
            // Both replicas say it is in force, and both share its re-score.
            for (String replica : List.of(HEALTH_A, HEALTH_B)) {
                assertThat(get(stack, replica, "/api/v1/models/v2-replicas").path("summary").path("active").asBoolean())
                        .as(replica).isTrue();
            }
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(
                    get(stack, HEALTH_B, "/api/v1/admin/rescore/" + job).path("state").asText()).isEqualTo("DONE"));

            // Every account's next event, on whichever replica applies it, is scored under the new model.
            for (String account : accounts) {
                post(stack, ACCOUNTS, "/api/v1/accounts/" + account + "/feedback",
                        "{\"grade\":\"B\",\"question\":\"Support\"}", 201);
            }
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                for (String account : accounts) {
                    JsonNode health = get(stack, HEALTH_A, "/api/v1/health/accounts/" + account);
                    // Latest grade per question averaged: D (0) and B (80): 40, satisfaction alone.
                    assertThat(health.path("score").asInt()).as(account).isEqualTo(40);
                    assertThat(health.path("modelVersion").asText()).isEqualTo("v2-replicas");
                }
            });
        }
    }

    private JsonNode post(Stack stack, String service, String path, String body, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.url(service) + path))
                .header("Authorization", "Bearer " + stack.token()).header("Content-Type", "application/json")
                .POST(body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("POST %s %s: %s", service, path, r.body()).isEqualTo(expected);
        return json.readTree(r.body());
    }

    private JsonNode get(Stack stack, String service, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.url(service) + path))
                .header("Authorization", "Bearer " + stack.token()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s %s: %s", service, path, r.body()).isEqualTo(200);
        return json.readTree(r.body());
    }
}
