package com.accounthealth.account;

import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.webapi.security.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Write commands whose body the event loop reads before the blocking endpoint runs, sent the way the load tool sends
 * them: java.net.http over HTTP/2 cleartext (h2c upgrade on the first request of a connection, then HTTP/2 streams)
 * and over HTTP/1.1. Every command must be answered 201 and stored as sent; an oversized body still gets the 413 problem.
 */
@QuarkusTest
class RequestBodyOverHttp2Test {

    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/api/v1/accounts")
    URI accounts;

    @Test
    void commandsOverHttp2CleartextAreStored() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()) {
            sendsAndStores(client, HttpClient.Version.HTTP_2);
        }
    }

    @Test
    void commandsOverHttp11AreStored() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            sendsAndStores(client, HttpClient.Version.HTTP_1_1);
        }
    }

    @Test
    void oversizedBodiesStillGetTheProblemOverBothVersions() throws Exception {
        for (HttpClient.Version version : HttpClient.Version.values()) {
            try (HttpClient client = HttpClient.newBuilder().version(version).build()) {
                String id = open(client, "Oversized " + version).path("accountId").asText();
                HttpResponse<String> tooLarge = client.send(post(URI.create(accounts + "/" + id + "/feedback"),
                        "{\"grade\":\"A\",\"question\":\"" + "x".repeat(300_000) + "\"}"), HttpResponse.BodyHandlers.ofString());
                assertThat(tooLarge.statusCode()).as(version.name()).isEqualTo(413);
                assertThat(tooLarge.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(JSON.readTree(tooLarge.body()).path("status").asInt()).isEqualTo(413);
                // The connection is still good for the next command.
                HttpResponse<String> after = client.send(post(URI.create(accounts + "/" + id + "/feedback"),
                        "{\"grade\":\"B+\",\"question\":\"Renew?\"}"), HttpResponse.BodyHandlers.ofString());
                assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
            }
        }
    }

    private void sendsAndStores(HttpClient client, HttpClient.Version version) throws Exception {
        // Several commands on one client: the first one of a connection carries the h2c upgrade, the rest are streams.
        for (int i = 0; i < 5; i++) {
            String name = "Initech " + version + " " + i + " " + UUID.randomUUID();
            JsonNode opened = open(client, name);
            String id = opened.path("accountId").asText();

            HttpResponse<String> stored = client.send(HttpRequest.newBuilder(URI.create(accounts + "/" + id))
                    .header("Authorization", "Bearer " + token()).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(stored.statusCode()).isEqualTo(200);
            assertThat(stored.version()).isEqualTo(version);
            JsonNode account = JSON.readTree(stored.body());
            assertThat(account.toString()).contains(name).contains("\"ownerId\":\"ae-h2\"").contains("emea-south");

            HttpResponse<String> feedback = client.send(post(URI.create(accounts + "/" + id + "/feedback"),
                    "{\"grade\":\"B-\",\"question\":\"How likely are you to renew?\",\"comment\":\"" + name + "\"}"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(feedback.statusCode()).as(feedback.body()).isEqualTo(201);
            HttpResponse<String> events = client.send(HttpRequest.newBuilder(URI.create(accounts + "/" + id + "/events"))
                    .header("Authorization", "Bearer " + token()).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(events.statusCode()).isEqualTo(200);
            assertThat(events.body()).contains("How likely are you to renew?").contains(name).contains("B-");
        }
    }

    private JsonNode open(HttpClient client, String name) throws Exception {
        HttpResponse<String> response = client.send(post(accounts, """
                {"name":"%s","industry":"Software","tier":"MID_MARKET","ownerId":"ae-h2","teamId":"emea-south",
                 "arr":{"amount":120000,"currency":"EUR"},"renewalDate":"2027-06-30"}""".formatted(name)),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"1\"");
        return JSON.readTree(response.body());
    }

    private static HttpRequest post(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String token() {
        return TestTokens.token("crm-sync", Roles.ACCOUNTS_READ, Roles.ACCOUNTS_WRITE);
    }
}
