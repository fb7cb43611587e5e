package com.accounthealth.opportunity;

import com.accounthealth.opportunity.application.CompletingPipelineRows;
import com.accounthealth.testsupport.RealServers;
import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.testsupport.TopicReader;
import com.accounthealth.testsupport.WriterServices;
import com.accounthealth.webapi.security.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** The deal pipeline end to end: REST in, event streams in PostgreSQL, CloudEvents keyed by account on the broker. */
@QuarkusTest
class OpportunityApiTest {

    @Inject
    DataSource dataSource;

    @Inject
    CompletingPipelineRows completing;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Business time of the scenario: 100 days ago at midnight, so every figure is independent of the clock. */
    private static final Instant B = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(100, ChronoUnit.DAYS);

    private static RequestSpecification api() {
        return TestTokens.as("crm-sync", Roles.OPPORTUNITIES_READ, Roles.OPPORTUNITIES_WRITE, Roles.ACCOUNTS_READ).contentType(ContentType.JSON);
    }

    private static String at(int day) {
        return B.plus(day, ChronoUnit.DAYS).toString();
    }

    static String open(String account, String owner, String team, String type, int amount, String currency,
                               String stage, int day) {
        return api().body("""
                {"accountId":"%s","name":"%s deal","type":"%s","amount":{"amount":%d,"currency":"%s"},"stage":"%s",
                 "expectedCloseDate":"2026-12-01","ownerId":"%s","teamId":"%s","capabilitiesNeeded":["forecasting"],
                 "occurredAt":"%s"}""".formatted(account, type, type, amount, currency, stage, owner, team, at(day)))
                .post("/api/v1/opportunities").then().statusCode(201).header("ETag", "\"1\"")
                .extract().path("opportunityId");
    }

    private static Response post(String opportunity, String path, String body) {
        return api().body(body).post("/api/v1/opportunities/" + opportunity + path);
    }

    private static void stage(String opportunity, String stage, int day) {
        post(opportunity, "/stage", "{\"stage\":\"%s\",\"occurredAt\":\"%s\"}".formatted(stage, at(day)))
                .then().statusCode(200);
    }

    private static int streamLength(String opportunity) {
        return api().get("/api/v1/opportunities/" + opportunity + "/events").then().statusCode(200)
                .extract().jsonPath().getList("$").size();
    }

    @Test
    void everyDealCommandIsStoredAndPublishedKeyedByTheAccount() throws Exception {
        String account = WriterServices.openAccount("team-1");
        try (TopicReader reader = new TopicReader(List.of("opportunity-events"))) {
            String deal = open(account, "ae-1", "team-1", "UPSELL", 1000, "EUR", "QUALIFIED", 1);
            stage(deal, "DISCOVERY", 3);
            stage(deal, "QUALIFIED", 4);
            post(deal, "/amount", "{\"amount\":{\"amount\":1500,\"currency\":\"EUR\"}}").then().statusCode(200);
            post(deal, "/close-date", "{\"expectedCloseDate\":\"2027-01-15\"}").then().statusCode(200);
            post(deal, "/competitors", "{\"competitor\":\"Initech\"}").then().statusCode(200);
            post(deal, "/competitors", "{\"competitor\":\"Initech\",\"engaged\":false}").then().statusCode(200);
            post(deal, "/win", "{}").then().statusCode(200).header("ETag", "\"8\"");
            String lost = open(account, "ae-1", "team-1", "CROSS_SELL", 500, "EUR", "DEMO", 2);
            post(lost, "/loss", """
                    {"reason":"MISSING_CAPABILITY","missingCapabilities":["forecasting"],"comment":"Needed EU hosting"}""")
                    .then().statusCode(200);

            List<String> expected = List.of("OpportunityOpened", "StageChanged", "StageChanged", "AmountChanged",
                    "CloseDateChanged", "CompetitorEngaged", "CompetitorDisengaged", "OpportunityWon");
            api().get("/api/v1/opportunities/" + deal + "/events").then().statusCode(200)
                    .body("type", equalTo(expected)).body("[2].data.daysInPreviousStage", equalTo(1))
                    .body("[4].data.slipped", equalTo(true))
                    .body("actor", everyItem(equalTo("crm-sync")));
            api().get("/api/v1/opportunities/" + lost + "/events").then().statusCode(200)
                    .body("actor", everyItem(equalTo("crm-sync")));
            api().get("/api/v1/opportunities/" + deal).then().statusCode(200)
                    .body("stage", equalTo("CLOSED_WON")).body("slipCount", equalTo(1))
                    .body("amount.amount", equalTo(1500));
            api().get("/api/v1/opportunities/" + lost).then()
                    .body("loss.reason", equalTo("MISSING_CAPABILITY")).body("loss.missingCapabilities", contains("forecasting"));
            api().get("/api/v1/opportunities?accountId=" + account + "&status=WON").then().statusCode(200)
                    .body("total", equalTo(1)).body("items[0].opportunityId", equalTo(deal));
            api().get("/api/v1/opportunities?accountId=" + account).then().body("total", equalTo(2));

            List<ConsumerRecord<String, String>> records = reader.awaitRecords(r -> r.key().equals(account),
                    expected.size() + 2, Duration.ofSeconds(30));
            List<String> dealTypes = new ArrayList<>();
            for (ConsumerRecord<String, String> r : records) {
                JsonNode ce = JSON.readTree(r.value());
                assertThat(ce.get("specversion").asText()).isEqualTo("1.0");
                assertThat(ce.get("subject").asText()).as("subject is the account").isEqualTo(account);
                assertThat(ce.get("source").asText()).isEqualTo("/opportunity-service");
                assertThat(ce.at("/data/accountId").asText()).isEqualTo(account);
                if (ce.at("/data/opportunityId").asText().equals(deal)) {
                    String type = ce.get("type").asText();
                    dealTypes.add(type.substring("com.accounthealth.opportunity.".length(), type.length() - 3));
                }
            }
            assertThat(dealTypes).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void pipelineFiguresMatchAHandComputedScenarioOfSixDealsAndTwoOwners() {
        String team = "team-" + UUID.randomUUID();
        String ownerA = "ae-a-" + UUID.randomUUID();
        String ownerB = "ae-b-" + UUID.randomUUID();
        String account = WriterServices.openAccount(team);
        // Owner A
        String o1 = open(account, ownerA, team, "UPSELL", 100_000, "EUR", "QUALIFIED", 0);
        stage(o1, "DISCOVERY", 10);
        stage(o1, "PROPOSAL", 20);                                      // DISCOVERY stay: 10 days
        post(o1, "/close-date", "{\"expectedCloseDate\":\"2027-01-31\"}").then().statusCode(200);   // slip 1
        post(o1, "/close-date", "{\"expectedCloseDate\":\"2026-12-31\"}").then().statusCode(200);   // earlier: no slip
        post(o1, "/close-date", "{\"expectedCloseDate\":\"2027-02-28\"}").then().statusCode(200);   // slip 2
        String o2 = open(account, ownerA, team, "NEW_BUSINESS", 50_000, "EUR", "QUALIFIED", 0);
        stage(o2, "DISCOVERY", 5);
        stage(o2, "DEMO", 25);                                          // DISCOVERY stay: 20 days
        post(o2, "/close-date", "{\"expectedCloseDate\":\"2027-01-15\"}").then().statusCode(200);   // slip 1
        String o3 = open(account, ownerA, team, "CROSS_SELL", 30_000, "EUR", "DISCOVERY", 30);
        post(o3, "/win", "{\"occurredAt\":\"%s\"}".formatted(at(40))).then().statusCode(200);     // DISCOVERY: 10 days
        // Owner B
        open(account, ownerB, team, "RENEWAL", 80_000, "EUR", "NEGOTIATION", 50);
        open(account, ownerB, team, "NEW_BUSINESS", 20_000, "USD", "QUALIFIED", 60);
        String o6 = open(account, ownerB, team, "UPSELL", 40_000, "EUR", "PROPOSAL", 10);
        post(o6, "/loss", "{\"reason\":\"COMPETITOR\",\"competitor\":\"Initech\",\"occurredAt\":\"%s\"}".formatted(at(70)))
                .then().statusCode(200);

        // Team: open O1 (PROPOSAL 100k), O2 (DEMO 50k), O4 (NEGOTIATION 80k) in EUR and O5 (QUALIFIED 20k USD).
        // Weighted EUR = 100k x 0.6 + 50k x 0.4 + 80k x 0.8 = 144k; USD = 20k x 0.1 = 2k.
        // DISCOVERY stays 10, 20 and 10 days: 13.3. Won O3, lost O6 within the last 365 days: 0.5.
        teamPipelineIsAsComputedByHand(team, o1, o2);

        // Rows as an older version wrote them (without the pipeline's figures): read from the deals' streams until
        // the start completes them, with the same figures.
        assertThat(execute("UPDATE opportunity_summary SET amount = NULL, currency = NULL, slip_count = NULL,"
                + " expected_close_date = NULL, closed_at = NULL, stays = NULL WHERE team_id = ?", team)).isEqualTo(6);
        teamPipelineIsAsComputedByHand(team, o1, o2);
        assertThat(completing.completeAll()).isGreaterThanOrEqualTo(6);
        assertThat(execute("UPDATE opportunity_summary SET version = version WHERE team_id = ? AND stays IS NULL", team))
                .isZero();
        teamPipelineIsAsComputedByHand(team, o1, o2);

        // Owner A alone: O1 and O2 open (150k EUR, weighted 80k), O3 won: win rate 1.0.
        api().get("/api/v1/pipeline?ownerId=" + ownerA).then().statusCode(200)
                .body("openCount", equalTo(2)).body("openValue.EUR", equalTo(150000.00f))
                .body("weightedValue.EUR", equalTo(80000.00f)).body("winRate", equalTo(1.0f));
        // An owner with no deals has an empty pipeline and no win rate.
        api().get("/api/v1/pipeline?ownerId=nobody-" + UUID.randomUUID()).then().statusCode(200)
                .body("openCount", equalTo(0)).body("winRate", nullValue());
    }

    private static void teamPipelineIsAsComputedByHand(String team, String o1, String o2) {
        api().get("/api/v1/pipeline?teamId=" + team).then().statusCode(200)
                .body("openCount", equalTo(4))
                .body("openValue.EUR", equalTo(230000.00f)).body("openValue.USD", equalTo(20000.00f))
                .body("weightedValue.EUR", equalTo(144000.00f)).body("weightedValue.USD", equalTo(2000.00f))
                .body("stages.find { it.stage == 'QUALIFIED' }.openCount", equalTo(1))
                .body("stages.find { it.stage == 'DISCOVERY' }.openCount", equalTo(0))
                .body("stages.find { it.stage == 'DISCOVERY' }.averageDaysInStage", equalTo(13.3f))
                .body("stages.find { it.stage == 'DEMO' }.openValue.EUR", equalTo(50000.00f))
                .body("stages.find { it.stage == 'PROPOSAL' }.weightedValue.EUR", equalTo(60000.00f))
                .body("stages.find { it.stage == 'NEGOTIATION' }.openValue.EUR", equalTo(80000.00f))
                .body("slippedDeals.find { it.opportunityId == '%s' }.slipCount".formatted(o1), equalTo(2))
                .body("slippedDeals.find { it.opportunityId == '%s' }.slipCount".formatted(o2), equalTo(1))
                .body("slippedDeals.size()", equalTo(2))
                .body("wonInWindow", equalTo(1)).body("lostInWindow", equalTo(1)).body("winRate", equalTo(0.5f));

    }

    private int execute(String sql, String parameter) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void badCommandsAreProblemsNamingTheFieldAndAppendNothing() {
        String account = WriterServices.openAccount("team-1");
        String deal = open(account, "ae-1", "team-1", "UPSELL", 1000, "EUR", "DEMO", 1);
        int before = streamLength(deal);
        post(deal, "/loss", "{\"reason\":\"COMPETITOR\"}").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("competitor"));
        post(deal, "/loss", "{\"reason\":\"MISSING_CAPABILITY\",\"missingCapabilities\":[]}").then().statusCode(400)
                .body("errors[0].field", equalTo("missingCapabilities"));
        post(deal, "/stage", "{\"stage\":\"SIGNED\"}").then().statusCode(400).body("errors.field", hasItem("stage"));
        post(deal, "/stage", "{\"stage\":\"CLOSED_WON\"}").then().statusCode(400).body("errors.field", hasItem("stage"));
        post(deal, "/amount", "{\"amount\":{\"amount\":-5,\"currency\":\"EUR\"}}").then().statusCode(400)
                .body("errors.field", hasItem("amount.amount"));
        post(deal, "/amount", "{\"amount\":{\"amount\":5,\"currency\":\"ABC\"}}").then().statusCode(400)
                .body("errors.field", hasItem("amount.currency"));
        // Bounds every column and consumer downstream holds (web-api's MoneyBody, DateBounds, SingleLine, StrictJson).
        post(deal, "/amount", "{\"amount\":{\"amount\":1e400,\"currency\":\"EUR\"}}").then().statusCode(400)
                .body("errors.field", hasItem("amount.amount"));
        post(deal, "/amount", "{\"amount\":{\"amount\":0.5,\"currency\":\"JPY\"}}").then().statusCode(400)
                .body("errors.field", hasItem("amount.amount"));
        post(deal, "/amount", "{\"amount\":{\"amount\":5,\"currency\":\"XXX\"}}").then().statusCode(400)
                .body("errors.field", hasItem("amount.currency"));
        post(deal, "/close-date", "{\"expectedCloseDate\":\"0000-01-01\"}").then().statusCode(400)
                .body("errors.field", hasItem("expectedCloseDate"));
        post(deal, "/competitors", "{\"competitor\":\"Initech\\nX-Evil: 1\"}").then().statusCode(400)
                .body("errors.field", hasItem("competitor"));
        post(deal, "/competitors", "{\"competitor\":\"Ini\\u0000tech\"}").then().statusCode(400)
                .body("errors.field", hasItem("competitor"));
        post(deal, "/loss", "{\"reason\":\"MISSING_CAPABILITY\",\"missingCapabilities\":[\"" + "x".repeat(101) + "\"]}")
                .then().statusCode(400).body("errors.field", hasItem("missingCapabilities[0]"));
        post(deal, "/stage", "{\"stage\":\"DEMO\"}").then().statusCode(409);
        assertThat(streamLength(deal)).isEqualTo(before);

        post(deal, "/win", "{}").then().statusCode(200);
        int closed = streamLength(deal);
        post(deal, "/amount", "{\"amount\":{\"amount\":5,\"currency\":\"EUR\"}}").then().statusCode(409)
                .contentType("application/problem+json");
        post(deal, "/loss", "{\"reason\":\"PRICE\"}").then().statusCode(409);
        assertThat(streamLength(deal)).as("a closed deal accepts no change").isEqualTo(closed);

        post(UUID.randomUUID().toString(), "/win", "{}").then().statusCode(404).contentType("application/problem+json");
        post("not-a-uuid", "/win", "{}").then().statusCode(400).body("errors[0].field", equalTo("opportunityId"));
        api().body("""
                {"accountId":"nope","name":"x","type":"UPSELL","amount":{"amount":1,"currency":"EUR"},"ownerId":"o","teamId":"t"}""")
                .post("/api/v1/opportunities").then().statusCode(400).body("errors[0].field", equalTo("accountId"));
        api().body("{\"name\":\"x\",\"type\":\"UPSELL\",\"amount\":{\"amount\":1,\"currency\":\"EUR\"},\"ownerId\":\"o\",\"teamId\":\"t\"}")
                .post("/api/v1/opportunities").then().statusCode(400).body("errors.field", hasItem("accountId"));
        api().get("/api/v1/opportunities?accountId=" + account + "&status=MAYBE").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
    }

    @Test
    void conditionalWritesIdempotentRetriesAndABrokerOutageHoldEndToEnd() throws Exception {
        String account = WriterServices.openAccount("team-1");
        String deal = open(account, "ae-1", "team-1", "UPSELL", 1000, "EUR", "QUALIFIED", 1);

        // 10 writers race with If-Match "1": one wins, the others get 409.
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return api().header("If-Match", "\"1\"").body("{\"stage\":\"DISCOVERY\"}")
                        .post("/api/v1/opportunities/" + deal + "/stage").statusCode();
            }));
        }
        start.countDown();
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : results) {
            codes.add(f.get());
        }
        pool.shutdown();
        assertThat(codes).containsOnly(200, 409).filteredOn(c -> c == 200).hasSize(1);
        assertThat(streamLength(deal)).isEqualTo(2);

        // A retried POST with the same Idempotency-Key appends nothing and answers the same.
        String key = UUID.randomUUID().toString();
        Response first = api().header("Idempotency-Key", key).body("{\"competitor\":\"Initech\"}")
                .post("/api/v1/opportunities/" + deal + "/competitors");
        Response retry = api().header("Idempotency-Key", key).body("{\"competitor\":\"Initech\"}")
                .post("/api/v1/opportunities/" + deal + "/competitors");
        first.then().statusCode(200);
        retry.then().statusCode(200).header("Idempotent-Replayed", "true");
        assertThat(retry.jsonPath().getString("eventId")).isEqualTo(first.jsonPath().getString("eventId"));
        assertThat(streamLength(deal)).isEqualTo(3);

        // Commands succeed while the broker is down; their events are published once it is back, none twice.
        try (TopicReader reader = new TopicReader(List.of("opportunity-events"))) {
            reader.awaitRecords(r -> r.key().equals(account), 3, Duration.ofSeconds(30));
            RealServers.kafka().stopBroker();
            try {
                for (int i = 0; i < 5; i++) {
                    post(deal, "/amount", "{\"amount\":{\"amount\":%d,\"currency\":\"EUR\"}}".formatted(2000 + i))
                            .then().statusCode(200);
                }
            } finally {
                RealServers.kafka().startBroker();
            }
            reader.awaitRecords(r -> r.key().equals(account), 8, Duration.ofSeconds(120));
            List<ConsumerRecord<String, String>> all = reader.readToEnd(r -> r.key().equals(account));
            assertThat(all).hasSize(8);
            List<String> ids = new ArrayList<>();
            for (ConsumerRecord<String, String> r : all) {
                ids.add(JSON.readTree(r.value()).get("id").asText());
            }
            assertThat(ids).doesNotHaveDuplicates();
        }
    }

    @Test
    void aDealIsCreatedOrGotByItsCrmIdAndFoundByIt() {
        String account = WriterServices.openAccount("team-1");
        String crmDeal = "006" + UUID.randomUUID();
        String body = """
                {"accountId":"%s","name":"Renewal 2027","type":"RENEWAL","amount":{"amount":50000,"currency":"EUR"},
                 "expectedCloseDate":"2027-03-01","ownerId":"ae-1","teamId":"team-1"}""".formatted(account);
        String deal = api().body(body).put("/api/v1/opportunities/by-reference/salesforce/" + crmDeal).then()
                .statusCode(201).header("ETag", "\"2\"").extract().path("opportunityId");
        api().body(body).put("/api/v1/opportunities/by-reference/salesforce/" + crmDeal).then().statusCode(200)
                .body("opportunityId", equalTo(deal));
        api().get("/api/v1/opportunities/by-reference/salesforce/" + crmDeal).then().statusCode(200)
                .body("opportunityId", equalTo(deal)).body("name", equalTo("Renewal 2027"));
        api().get("/api/v1/opportunities/by-reference/hubspot/" + crmDeal).then().statusCode(404);
        assertThat(api().get("/api/v1/opportunities/" + deal + "/events").then().extract().<List<String>>path("type"))
                .containsExactly("OpportunityOpened", "ExternalReferenceLinked");
        api().body(body.substring(0, body.lastIndexOf('}')) + ",\"opportunityId\":\"" + UUID.randomUUID() + "\"}")
                .put("/api/v1/opportunities/by-reference/salesforce/x-" + crmDeal).then().statusCode(400)
                .body("errors[0].field", equalTo("opportunityId"));
    }
}
