package com.accounthealth.opportunity;

import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.testsupport.TopicReader;
import com.accounthealth.testsupport.WriterServices;
import com.accounthealth.webapi.security.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The NDJSON import of deals over the real servers (account-service answering which accounts the token may see): a
 * result per line, refusals that leave the other lines alone, resuming by sending the file again, and deal events
 * published as backfill.
 */
@QuarkusTest
class DealImportTest {

    private static final String NDJSON = "application/x-ndjson";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RequestSpecification importer() {
        return TestTokens.as("crm-sync", Roles.OPPORTUNITIES_READ, Roles.OPPORTUNITIES_IMPORT, Roles.ACCOUNTS_READ)
                .contentType(NDJSON);
    }

    private static List<JsonNode> send(RequestSpecification as, List<String> file) throws Exception {
        String answer = as.body(String.join("\n", file).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/opportunities/import").then().statusCode(200).contentType(NDJSON).extract().asString();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : answer.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    /** A CRM's history of one deal: opened, moved to proposal, repriced, a competitor came in, and it was lost. */
    private static List<String> lostDeal(String prefix, String account, UUID deal) {
        return List.of(
                """
                {"idempotencyKey":"%s-1","command":"openOpportunity","body":{"opportunityId":"%s","accountId":"%s","name":"Renewal 2026","type":"RENEWAL","amount":{"amount":50000,"currency":"EUR"},"stage":"QUALIFIED","ownerId":"ae-7","teamId":"emea-north","occurredAt":"2026-01-10T09:00:00Z"}}"""
                        .formatted(prefix, deal, account),
                """
                {"idempotencyKey":"%s-2","command":"changeStage","opportunityId":"%s","body":{"stage":"PROPOSAL","occurredAt":"2026-02-01T09:00:00Z"}}"""
                        .formatted(prefix, deal),
                """
                {"idempotencyKey":"%s-3","command":"changeAmount","opportunityId":"%s","body":{"amount":{"amount":42000,"currency":"EUR"},"occurredAt":"2026-02-10T09:00:00Z"}}"""
                        .formatted(prefix, deal),
                """
                {"idempotencyKey":"%s-4","command":"changeCompetitor","opportunityId":"%s","body":{"competitor":"Initech","occurredAt":"2026-02-20T09:00:00Z"}}"""
                        .formatted(prefix, deal),
                """
                {"idempotencyKey":"%s-5","command":"lose","opportunityId":"%s","body":{"reason":"COMPETITOR","competitor":"Initech","occurredAt":"2026-03-15T09:00:00Z"}}"""
                        .formatted(prefix, deal));
    }

    @Test
    void everyLineIsAppliedOrRefusedOnItsOwnWithItsAnswerInOrder() throws Exception {
        String account = WriterServices.openAccount("emea-north");
        UUID deal = UUID.randomUUID();
        String prefix = "d-" + UUID.randomUUID();
        List<String> file = new ArrayList<>(lostDeal(prefix, account, deal));
        file.add("""
                {"idempotencyKey":"%s-6","command":"win","opportunityId":"%s","body":{}}""".formatted(prefix, deal));
        file.add("""
                {"idempotencyKey":"%s-7","command":"changeStage","opportunityId":"%s","body":{"stage":"PROPOSAL"}}"""
                .formatted(prefix, UUID.randomUUID()));
        file.add("""
                {"idempotencyKey":"%s-8","command":"openOpportunity","body":{"accountId":"%s","name":"Ghost","type":"NEW_BUSINESS","amount":{"amount":1,"currency":"EUR"},"ownerId":"ae-7","teamId":"emea-north"}}"""
                .formatted(prefix, UUID.randomUUID()));
        file.add("""
                {"idempotencyKey":"%s-9","command":"changeStage","opportunityId":"%s","body":{"stage":"SIGNED_IN_BLOOD"}}"""
                .formatted(prefix, deal));
        file.add("""
                {"idempotencyKey":"%s-10","command":"win","accountId":"%s","opportunityId":"%s","body":{}}"""
                .formatted(prefix, account, deal));

        List<JsonNode> answer = send(importer(), file);

        assertThat(answer).hasSize(11);
        assertThat(answer.subList(0, 10)).extracting(a -> a.get("status").asInt())
                .containsExactly(201, 200, 200, 200, 200, 409, 404, 404, 400, 400);
        assertThat(answer.get(0).at("/result/opportunityId").asText()).isEqualTo(deal.toString());
        assertThat(answer.get(4).at("/result/version").asInt()).isEqualTo(5);
        assertThat(answer.get(7).at("/problem/errors/0/field").asText()).isEqualTo("accountId");
        assertThat(answer.get(8).at("/problem/errors/0/field").asText()).isEqualTo("stage");
        assertThat(answer.get(9).at("/problem/errors/0/field").asText()).isEqualTo("accountId");
        assertThat(answer.get(10).toString()).isEqualTo("{\"lines\":10,\"applied\":5,\"replayed\":0,\"failed\":5}");

        TestTokens.as("reader", Roles.OPPORTUNITIES_READ).get("/api/v1/opportunities/" + deal).then()
                .statusCode(200).header("ETag", "\"5\"").body("stage", equalTo("CLOSED_LOST"))
                .body("amount.amount", equalTo(42000)).body("loss.competitor", equalTo("Initech"));
        // The list row is written with the batch: the account's lost deals include it.
        TestTokens.as("reader", Roles.OPPORTUNITIES_READ).get("/api/v1/opportunities?accountId=" + account
                + "&status=LOST").then().statusCode(200).body("items", hasSize(1));

        // Published like any deal event, keyed by the account, marked as history: health counts it, alerts no one.
        try (TopicReader topic = new TopicReader(List.of("opportunity-events"))) {
            List<JsonNode> events = new ArrayList<>();
            for (var r : topic.awaitRecords(r -> account.equals(r.key()), 5, Duration.ofSeconds(30))) {
                events.add(JSON.readTree(r.value()));
            }
            assertThat(events).allSatisfy(e -> assertThat(e.path("backfill").asBoolean()).isTrue());
            assertThat(events).extracting(e -> e.get("time").asText()).contains("2026-03-15T09:00:00Z");
        }
    }

    @Test
    void sendingTheFileAgainAfterAnInterruptionAppliesOnlyWhatWasNotStored() throws Exception {
        String account = WriterServices.openAccount("emea-north");
        UUID deal = UUID.randomUUID();
        List<String> file = lostDeal("r-" + UUID.randomUUID(), account, deal);

        send(importer(), file.subList(0, 2)); // the connection broke after two lines were stored
        List<JsonNode> resumed = send(importer(), file);

        assertThat(resumed.subList(0, 5)).extracting(a -> a.path("replayed").asBoolean())
                .containsExactly(true, true, false, false, false);
        assertThat(resumed.get(5).toString()).isEqualTo("{\"lines\":5,\"applied\":3,\"replayed\":2,\"failed\":0}");
        TestTokens.as("reader", Roles.OPPORTUNITIES_READ).get("/api/v1/opportunities/" + deal + "/events").then()
                .statusCode(200).body("$", hasSize(5));
    }

    @Test
    void aFileOverAMebibyteIsReadAsItArrivesAndAppliedAChunkAtATime() throws Exception {
        String account = WriterServices.openAccount("emea-north");
        UUID deal = UUID.randomUUID();
        String prefix = "big-" + UUID.randomUUID();
        List<String> file = new ArrayList<>(lostDeal(prefix, account, deal).subList(0, 1));
        for (int i = 1; i <= 5_000; i++) {
            file.add("""
                    {"idempotencyKey":"%s-amount-%d","command":"changeAmount","opportunityId":"%s","body":{"amount":{"amount":%d,"currency":"EUR"},"occurredAt":"2026-02-10T09:00:00Z"}}"""
                    .formatted(prefix, i, deal, 10_000 + i));
        }
        assertThat(String.join("\n", file).length()).as("over the 1 MiB a JSON request may have").isGreaterThan(1 << 20);

        List<JsonNode> answer = send(importer(), file);

        assertThat(answer.getLast().toString())
                .isEqualTo("{\"lines\":5001,\"applied\":5001,\"replayed\":0,\"failed\":0}");
        TestTokens.as("reader", Roles.OPPORTUNITIES_READ).get("/api/v1/opportunities/" + deal).then()
                .statusCode(200).header("ETag", "\"5001\"").body("amount.amount", equalTo(15000));
    }

    @Test
    void aStoredOpeningReplaysAfterItsAccountMovedOutOfTheTokensTeams() throws Exception {
        String account = WriterServices.openAccount("emea-north");
        UUID deal = UUID.randomUUID();
        List<String> file = lostDeal("m-" + UUID.randomUUID(), account, deal);
        RequestSpecification emea = TestTokens.asTeam("emea-north", "emea-sync", Roles.OPPORTUNITIES_IMPORT,
                Roles.ACCOUNTS_READ).contentType(NDJSON);
        send(emea, file.subList(0, 1));
        TestTokens.as("fixture-loader", Roles.ACCOUNTS_WRITE).baseUri(WriterServices.accountServiceUrl())
                .contentType(ContentType.JSON).body("""
                        {"name":"Fixture","tier":"SMB","ownerId":"ae-1","teamId":"apac","arr":{"amount":1000,"currency":"EUR"}}""")
                .put("/api/v1/accounts/" + account + "/profile").then().statusCode(200);

        List<JsonNode> resent = send(emea, file.subList(0, 1));

        assertThat(resent.getFirst().get("status").asInt()).isEqualTo(201);
        assertThat(resent.getFirst().get("replayed").asBoolean()).as("answered as it was, not checked again").isTrue();
    }

    @Test
    void aLineAndASinglePostWithTheSameKeyAndBodyAreOneRequest() throws Exception {
        String account = WriterServices.openAccount("emea-north");
        UUID deal = UUID.randomUUID();
        List<String> file = lostDeal("s-" + UUID.randomUUID(), account, deal);
        send(importer(), file.subList(0, 1));
        String key = "stage-" + UUID.randomUUID();
        String body = "{\"stage\":\"PROPOSAL\",\"occurredAt\":\"2026-02-01T09:00:00Z\"}";
        String eventId = TestTokens.as("crm-sync", Roles.OPPORTUNITIES_WRITE).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body).post("/api/v1/opportunities/" + deal + "/stage").then()
                .statusCode(200).extract().path("eventId");

        List<JsonNode> answer = send(importer(), List.of("""
                {"idempotencyKey":"%s","command":"changeStage","opportunityId":"%s","body":%s}"""
                .formatted(key, deal, body)));

        assertThat(answer.getFirst().get("replayed").asBoolean()).isTrue();
        assertThat(answer.getFirst().at("/result/eventId").asText()).isEqualTo(eventId);
        TestTokens.as("reader", Roles.OPPORTUNITIES_READ).get("/api/v1/opportunities/" + deal + "/events").then()
                .body("$", hasSize(2));
    }

    @Test
    void aTokenLimitedToATeamImportsOnlyIntoItsTeamsDeals() throws Exception {
        String theirAccount = WriterServices.openAccount("emea-north");
        UUID theirDeal = UUID.randomUUID();
        send(importer(), lostDeal("t-" + UUID.randomUUID(), theirAccount, theirDeal).subList(0, 1));
        RequestSpecification apac = TestTokens.asTeam("apac", "apac-sync", Roles.OPPORTUNITIES_IMPORT,
                Roles.ACCOUNTS_READ).contentType(NDJSON);

        List<JsonNode> answer = send(apac, List.of(
                // A deal for another team,
                lostDeal("t-" + UUID.randomUUID(), theirAccount, UUID.randomUUID()).getFirst(),
                // on an account of another team,
                lostDeal("t-" + UUID.randomUUID(), theirAccount, UUID.randomUUID()).getFirst()
                        .replace("emea-north", "apac"),
                // and a change to another team's deal.
                """
                {"idempotencyKey":"t-%s","command":"win","opportunityId":"%s","body":{}}"""
                        .formatted(UUID.randomUUID(), theirDeal)));

        assertThat(answer.subList(0, 3)).extracting(a -> a.get("status").asInt()).containsExactly(403, 404, 404);
        TestTokens.as("reader", Roles.OPPORTUNITIES_READ).get("/api/v1/opportunities/" + theirDeal).then()
                .body("stage", equalTo("QUALIFIED"));
    }
}
