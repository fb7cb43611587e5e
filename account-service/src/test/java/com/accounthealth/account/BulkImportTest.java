package com.accounthealth.account;

import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.testsupport.TopicReader;
import com.accounthealth.webapi.security.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import static com.accounthealth.account.AccountApiTest.JSON;
import static com.accounthealth.account.AccountApiTest.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The NDJSON bulk import over the real servers: a result per line, refusals that leave the other lines alone,
 * resuming by sending the file again, and facts published as backfill.
 */
@QuarkusTest
class BulkImportTest {

    private static final String NDJSON = "application/x-ndjson";

    static RequestSpecification importer() {
        return TestTokens.as("crm-sync", Roles.ACCOUNTS_READ, Roles.ACCOUNTS_IMPORT).contentType(NDJSON);
    }

    /** The answer's lines as JSON: one per line of the file, then the summary. */
    static List<JsonNode> send(RequestSpecification as, String ndjson) throws Exception {
        String answer = as.body(ndjson.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/accounts/import").then().statusCode(200)
                .contentType(NDJSON).extract().asString();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : answer.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    /** A CRM's history of one account: opened, a team, a champion, a review with them and their grade. */
    static List<String> history(String prefix, UUID account, UUID team, UUID champion) {
        return List.of(
                """
                {"idempotencyKey":"%s-1","command":"openAccount","body":{"accountId":"%s","name":"Imported Ltd","tier":"ENTERPRISE","ownerId":"ae-7","teamId":"emea-north","arr":{"amount":90000,"currency":"EUR"},"occurredAt":"2026-01-05T09:00:00Z"}}"""
                        .formatted(prefix, account),
                """
                {"idempotencyKey":"%s-2","command":"mapClientTeam","accountId":"%s","id":"%s","body":{"name":"Finance","occurredAt":"2026-01-06T09:00:00Z"}}"""
                        .formatted(prefix, account, team),
                """
                {"idempotencyKey":"%s-3","command":"addContact","accountId":"%s","id":"%s","body":{"name":"Ada Byron","title":"CFO","clientTeamId":"%s","role":"CHAMPION","occurredAt":"2026-01-06T10:00:00Z"}}"""
                        .formatted(prefix, account, champion, team),
                """
                {"idempotencyKey":"%s-4","command":"recordInteraction","accountId":"%s","body":{"type":"BUSINESS_REVIEW","occurredAt":"2026-03-01T10:00:00Z","contactIds":["%s"],"summary":"QBR"}}"""
                        .formatted(prefix, account, champion),
                """
                {"idempotencyKey":"%s-5","command":"recordFeedback","accountId":"%s","body":{"grade":"D","question":"Renew?","contactId":"%s","occurredAt":"2026-03-02T10:00:00Z"}}"""
                        .formatted(prefix, account, champion));
    }

    @Test
    void everyLineIsAppliedOrRefusedOnItsOwnWithItsAnswerInOrder() throws Exception {
        UUID account = UUID.randomUUID();
        UUID champion = UUID.randomUUID();
        String prefix = "h-" + UUID.randomUUID();
        List<String> file = new ArrayList<>(history(prefix, account, UUID.randomUUID(), champion));
        file.add(2, "{not json");
        file.add("");
        file.add("""
                {"idempotencyKey":"%s-6","command":"resolveSupportIssue","accountId":"%s","issueId":"%s","body":{}}"""
                .formatted(prefix, account, UUID.randomUUID()));
        file.add("""
                {"idempotencyKey":"%s-7","command":"recordFeedback","accountId":"%s","body":{"grade":"Q","question":"Renew?"}}"""
                .formatted(prefix, account));
        file.add("""
                {"command":"recordChurn","accountId":"%s","body":{"reason":"gone"}}""".formatted(account));
        file.add("""
                {"idempotencyKey":"%s-8","command":"sendFlowers","accountId":"%s","body":{}}""".formatted(prefix, account));
        file.add("""
                {"idempotencyKey":"%s-9","command":"recordClientEvent","accountId":"%s","body":{"type":"FUNDING_ROUND","occurredAt":"2026-04-01T00:00:00Z","description":"%s"}}"""
                .formatted(prefix, account, "x".repeat(70_000)));

        List<JsonNode> answer = send(importer(), String.join("\n", file) + "\n");

        // 12 lines of the file (the blank one answers nothing), then the summary.
        assertThat(answer).hasSize(12);
        assertThat(answer.subList(0, 11)).extracting(a -> a.get("line").asInt())
                .containsExactly(1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12);
        assertThat(answer.subList(0, 11)).extracting(a -> a.get("status").asInt())
                .containsExactly(201, 201, 400, 201, 201, 201, 409, 400, 400, 400, 413);
        assertThat(answer.get(2).at("/problem/errors/0/field").asText()).isEqualTo("body");
        assertThat(answer.get(6).at("/problem/errors/0/field").asText()).isEqualTo("issueId");
        assertThat(answer.get(7).at("/problem/errors/0/field").asText()).isEqualTo("grade");
        assertThat(answer.get(8).at("/problem/errors/0/field").asText()).isEqualTo("idempotencyKey");
        assertThat(answer.get(9).at("/problem/errors/0/field").asText()).isEqualTo("command");
        assertThat(answer.get(3).at("/result/createdId").asText()).isEqualTo(champion.toString());
        assertThat(answer.get(11).get("summary")).isNull();
        assertThat(answer.get(11).toString()).isEqualTo("{\"lines\":12,\"applied\":5,\"replayed\":0,\"failed\":6}");

        api().get("/api/v1/accounts/" + account).then().statusCode(200)
                .body("profile.name", equalTo("Imported Ltd"))
                .body("contacts", hasSize(1)).body("contacts[0].name", equalTo("Ada Byron"))
                .body("interactions", hasSize(1)).body("feedback", hasSize(1)).header("ETag", "\"5\"");

        // Published like any fact, marked as history: health-score counts it and alerts no one.
        try (TopicReader topics = new TopicReader(List.of("account-events", "feedback-events"))) {
            List<JsonNode> events = new ArrayList<>();
            for (var r : topics.awaitRecords(r -> account.toString().equals(r.key()), 5, Duration.ofSeconds(30))) {
                events.add(JSON.readTree(r.value()));
            }
            assertThat(events).allSatisfy(e -> assertThat(e.path("backfill").asBoolean()).isTrue());
            assertThat(events).extracting(e -> e.get("time").asText()).contains("2026-03-02T10:00:00Z");
        }
    }

    @Test
    void sendingTheFileAgainAfterAnInterruptionAppliesOnlyWhatWasNotStored() throws Exception {
        UUID account = UUID.randomUUID();
        List<String> file = history("r-" + UUID.randomUUID(), account, UUID.randomUUID(), UUID.randomUUID());

        // The connection broke after the first three lines were stored.
        send(importer(), String.join("\n", file.subList(0, 3)));
        List<JsonNode> resumed = send(importer(), String.join("\n", file));

        assertThat(resumed.subList(0, 5)).extracting(a -> a.path("replayed").asBoolean())
                .containsExactly(true, true, true, false, false);
        assertThat(resumed.subList(0, 5)).extracting(a -> a.get("status").asInt())
                .containsExactly(201, 201, 201, 201, 201);
        assertThat(resumed.get(5).toString()).isEqualTo("{\"lines\":5,\"applied\":2,\"replayed\":3,\"failed\":0}");
        assertThat(AccountApiTest.streamLength(account.toString())).isEqualTo(5);

        // The same key for something else is refused, as for a single request.
        String changed = file.get(4).replace("\"grade\":\"D\"", "\"grade\":\"A\"");
        List<JsonNode> reused = send(importer(), changed);
        assertThat(reused.getFirst().get("status").asInt()).isEqualTo(422);
        assertThat(AccountApiTest.streamLength(account.toString())).isEqualTo(5);
    }

    @Test
    void aLineAndASinglePostWithTheSameKeyAndBodyAreOneRequest() throws Exception {
        String account = AccountApiTest.openAccount();
        String key = "fb-" + UUID.randomUUID();
        String body = "{\"grade\":\"B\",\"question\":\"Renew?\",\"occurredAt\":\"2026-05-01T10:00:00Z\"}";
        String eventId = api().header("Idempotency-Key", key).body(body)
                .post("/api/v1/accounts/" + account + "/feedback").then().statusCode(201).extract().path("eventId");

        List<JsonNode> answer = send(importer(), """
                {"idempotencyKey":"%s","command":"recordFeedback","accountId":"%s","body":%s}"""
                .formatted(key, account, body));

        assertThat(answer.getFirst().get("replayed").asBoolean()).isTrue();
        assertThat(answer.getFirst().at("/result/eventId").asText()).isEqualTo(eventId);
        assertThat(AccountApiTest.streamLength(account)).isEqualTo(2);
    }

    @Test
    void aTokenLimitedToATeamImportsOnlyIntoItsTeamsAccounts() throws Exception {
        String otherTeams = AccountApiTest.openAccount(); // emea-north
        RequestSpecification apac = TestTokens.asTeam("apac", "apac-sync", Roles.ACCOUNTS_READ, Roles.ACCOUNTS_IMPORT)
                .contentType(NDJSON);
        UUID own = UUID.randomUUID();
        List<JsonNode> answer = send(apac, List.of(
                """
                {"idempotencyKey":"t-%s-1","command":"openAccount","body":{"accountId":"%s","name":"Apac Ltd","tier":"SMB","ownerId":"ae-1","teamId":"apac","arr":{"amount":1000,"currency":"EUR"}}}"""
                        .formatted(own, own),
                """
                {"idempotencyKey":"t-%s-2","command":"openAccount","body":{"name":"Elsewhere Ltd","tier":"SMB","ownerId":"ae-1","teamId":"emea-north","arr":{"amount":1000,"currency":"EUR"}}}"""
                        .formatted(own),
                """
                {"idempotencyKey":"t-%s-3","command":"recordChurn","accountId":"%s","body":{"reason":"Budget"}}"""
                        .formatted(own, otherTeams)).stream().collect(Collectors.joining("\n")));

        assertThat(answer.subList(0, 3)).extracting(a -> a.get("status").asInt()).containsExactly(201, 403, 404);
        api().get("/api/v1/accounts/" + otherTeams).then().body("status", equalTo("ACTIVE"));
    }

    @Test
    void aContactIdChosenByALineMustBeNewOnEveryAccount() throws Exception {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID contact = UUID.randomUUID();
        String prefix = "c-" + UUID.randomUUID();
        send(importer(), String.join("\n", history(prefix, first, UUID.randomUUID(), contact)));
        // Another account, the same contact id: its data would be sealed under the first contact's key.
        String add = """
                {"idempotencyKey":"%s-other","command":"addContact","accountId":"%s","id":"%s","body":{"name":"Mallory","role":"USER"}}"""
                .formatted(prefix, second, contact);
        List<JsonNode> answer = send(importer(), String.join("\n", history(prefix + "-2", second, UUID.randomUUID(),
                UUID.randomUUID()).getFirst(), add));

        assertThat(answer.get(1).get("status").asInt()).isEqualTo(409);
        assertThat(answer.get(1).at("/problem/errors/0/field").asText()).isEqualTo("id");
        api().get("/api/v1/accounts/" + second).then().body("contacts", hasSize(0));
    }

    @Test
    void anImportStopsReadingAfterTooManyFailedLines() throws Exception {
        UUID account = UUID.randomUUID();
        StringBuilder file = new StringBuilder(history("f-" + UUID.randomUUID(), account, UUID.randomUUID(),
                UUID.randomUUID()).getFirst()).append('\n');
        file.append("{not json\n".repeat(1_001));
        file.append("""
                {"idempotencyKey":"after-%s","command":"recordChurn","accountId":"%s","body":{"reason":"Budget"}}
                """.formatted(account, account));

        List<JsonNode> answer = send(importer(), file.toString());

        JsonNode summary = answer.getLast();
        assertThat(summary.get("stoppedBecause").asText()).contains("More than 1000 lines failed");
        assertThat(summary.get("applied").asInt()).isEqualTo(1);
        assertThat(answer).noneMatch(a -> a.path("idempotencyKey").asText().startsWith("after-"));
        api().get("/api/v1/accounts/" + account).then().body("status", equalTo("ACTIVE"));
    }
}
