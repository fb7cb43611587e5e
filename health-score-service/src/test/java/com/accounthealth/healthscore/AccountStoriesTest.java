package com.accounthealth.healthscore;

import com.accounthealth.testsupport.TopicReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static com.accounthealth.healthscore.Callers.healthReader;
import static com.accounthealth.healthscore.Callers.accountService;
import static com.accounthealth.healthscore.Callers.opportunityService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Realistic account stories end to end: REST on the real account and opportunity services → Kafka → this service,
 * each asserting status, component scores and the reasons behind them (model v1, docs/health-model.md).
 */
@QuarkusTest
class AccountStoriesTest {

    private static final Instant NOW = Instant.now();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RequestSpecification accounts() {
        return accountService();
    }

    private static RequestSpecification opportunities() {
        return opportunityService();
    }

    private static String daysAgo(int days) {
        return NOW.minus(days, ChronoUnit.DAYS).toString();
    }

    private static String inDays(int days) {
        return LocalDate.ofInstant(NOW, ZoneOffset.UTC).plusDays(days).toString();
    }

    private static String open(String tier, String renewal) {
        return accounts().body("""
                {"name":"Story %s","tier":"%s","ownerId":"ae-story","teamId":"story-team",
                 "arr":{"amount":300000,"currency":"EUR"},"renewalDate":"%s","occurredAt":"%s"}"""
                .formatted(tier, tier, renewal, daysAgo(400))).post("/api/v1/accounts").then().statusCode(201)
                .extract().path("accountId");
    }

    private static String post(String account, String path, String body) {
        return accounts().body(body).post("/api/v1/accounts/" + account + path).then().statusCode(201)
                .extract().path("createdId");
    }

    /** Health is eventually consistent: waits until the account's health satisfies the story's assertions. */
    private static JsonPath awaitHealth(String account, java.util.function.Consumer<JsonPath> assertions) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            var r = healthReader().get("/api/v1/health/accounts/" + account);
            assertThat(r.statusCode()).isEqualTo(200);
            last[0] = new JsonPath(r.asString());
            assertions.accept(last[0]);
        });
        return last[0];
    }

    private static int component(JsonPath health, String name) {
        return health.getInt("components.find { it.component == '%s' }.score".formatted(name));
    }

    private static List<Integer> points(JsonPath health, String component, String rule) {
        return health.getList("components.find { it.component == '%s' }.reasons.findAll { it.rule == '%s' }.points"
                .formatted(component, rule));
    }

    @Test
    void aStrategicAccountGoingQuietWithACGradeIsAtRiskAndRecoversAfterABusinessReview() throws Exception {
        String account = open("STRATEGIC", inDays(400));
        String finance = post(account, "/teams", "{\"name\":\"Finance\",\"occurredAt\":\"%s\"}".formatted(daysAgo(390)));
        String cfo = post(account, "/contacts", """
                {"name":"Ada","role":"DECISION_MAKER","clientTeamId":"%s","occurredAt":"%s"}""".formatted(finance, daysAgo(390)));
        post(account, "/interactions", """
                {"type":"MEETING","occurredAt":"%s","contactIds":["%s"],"clientTeamId":"%s"}"""
                .formatted(daysAgo(100), cfo, finance));
        post(account, "/feedback", """
                {"grade":"C","question":"Overall satisfaction","occurredAt":"%s"}""".formatted(daysAgo(20)));

        try (TopicReader alerts = new TopicReader(List.of("account-health-alerts"))) {
            // Engagement: 100 days of silence is past 3 x 30 (0), no business review (-30): 0.
            // Relationships: Finance not met in 90 days (0 %), no decision maker met (-30): 0.
            // Satisfaction: C is really an F: 0. Competition, commercial, support: 100.
            // Score: (25x0 + 20x0 + 15x0 + 15x100 + 15x100 + 10x100) / 100 = 40: AT_RISK.
            awaitHealth(account, quiet -> {
                assertThat(quiet.getString("status")).isEqualTo("AT_RISK");
                assertThat(quiet.getInt("score")).isEqualTo(40);
                assertThat(component(quiet, "engagement")).isZero();
                assertThat(component(quiet, "relationships")).isZero();
                assertThat(component(quiet, "satisfaction")).isZero();
                assertThat(component(quiet, "competition")).isEqualTo(100);
                assertThat(quiet.getList("components.reasons.flatten().sentence", String.class))
                        .anyMatch(s -> s.contains("100 days")).anyMatch(s -> s.toLowerCase().contains("business review"));
            });

            // Recovery: a business review with the CFO today and an A for the same question.
            post(account, "/interactions", """
                    {"type":"BUSINESS_REVIEW","occurredAt":"%s","contactIds":["%s"],"clientTeamId":"%s"}"""
                    .formatted(daysAgo(0), cfo, finance));
            post(account, "/feedback", "{\"grade\":\"A\",\"question\":\"Overall satisfaction\"}");
            awaitHealth(account, recovered -> {
                assertThat(recovered.getString("status")).isEqualTo("HEALTHY");
                assertThat(recovered.getInt("score")).isEqualTo(100);
            });

            List<ConsumerRecord<String, String>> raised = alerts.awaitRecords(r -> r.key().equals(account), 2,
                    Duration.ofSeconds(60));
            List<String> types = raised.stream().map(r -> {
                try {
                    return JSON.readTree(r.value()).at("/data/alertType").asText();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
            assertThat(types).containsExactly("ACCOUNT_AT_RISK", "ACCOUNT_RECOVERED");
            JsonNode atRisk = JSON.readTree(raised.getFirst().value());
            assertThat(atRisk.get("type").asText()).isEqualTo("com.accounthealth.health.ACCOUNT_AT_RISK.v1");
            assertThat(atRisk.at("/data/topReasons")).isNotEmpty();
        }
        List<String> statuses = healthReader().get("/api/v1/health/accounts/" + account + "/history").then().extract().path("status");
        assertThat(statuses).containsSubsequence("AT_RISK", "HEALTHY");
    }

    @Test
    void aCompetitorAtATeamWeNeverMetAndADealLostForAMissingCapabilityCostCompetitionPoints() {
        String account = open("ENTERPRISE", inDays(400));
        String finance = post(account, "/teams", "{\"name\":\"Finance\",\"occurredAt\":\"%s\"}".formatted(daysAgo(300)));
        String it = post(account, "/teams", "{\"name\":\"IT\",\"occurredAt\":\"%s\"}".formatted(daysAgo(300)));
        String cfo = post(account, "/contacts", """
                {"name":"Grace","role":"DECISION_MAKER","clientTeamId":"%s","occurredAt":"%s"}""".formatted(finance, daysAgo(300)));
        post(account, "/interactions", """
                {"type":"MEETING","occurredAt":"%s","contactIds":["%s"],"clientTeamId":"%s"}"""
                .formatted(daysAgo(10), cfo, finance));
        post(account, "/feedback", "{\"grade\":\"A\",\"question\":\"Overall satisfaction\",\"occurredAt\":\"%s\"}"
                .formatted(daysAgo(10)));
        post(account, "/competitor-sightings", """
                {"competitor":"Initech","clientTeamId":"%s","capabilities":["ai-assistant"],"occurredAt":"%s"}"""
                .formatted(it, daysAgo(5)));
        String deal = opportunities().body("""
                {"accountId":"%s","name":"AI add-on","type":"UPSELL","amount":{"amount":50000,"currency":"EUR"},
                 "stage":"PROPOSAL","ownerId":"ae-story","teamId":"story-team","occurredAt":"%s"}"""
                .formatted(account, daysAgo(60))).post("/api/v1/opportunities").then().statusCode(201)
                .extract().path("opportunityId");
        opportunities().body("""
                {"reason":"COMPETITOR","competitor":"Initech","missingCapabilities":["ai-assistant"],"occurredAt":"%s"}"""
                .formatted(daysAgo(3))).post("/api/v1/opportunities/" + deal + "/loss").then().statusCode(200);

        // Competition: 100 - 20 (Initech present) - 15 (offers ai-assistant, which we lack) - 15 (seen at IT, where
        // we met nobody) - 20 (a deal lost to it this year) = 30.
        // Engagement: met 10 days ago (100), no business review for an enterprise account (-30): 70.
        // Relationships: 1 of 2 teams met (50), the decision maker was met: 50.
        // Score: (25x100 + 20x70 + 15x50 + 15x30 + 15x100 + 10x100) / 100 = 76: HEALTHY.
        awaitHealth(account, health -> {
            assertThat(component(health, "competition")).isEqualTo(30);
            assertThat(points(health, "competition", "CompetitorPresent")).containsExactly(-20);
            assertThat(points(health, "competition", "CapabilityWeLack")).containsExactly(-15);
            assertThat(points(health, "competition", "CompetitorAtUnmetTeam")).containsExactly(-15);
            assertThat(points(health, "competition", "DealLostToCompetitor")).containsExactly(-20);
            assertThat(component(health, "engagement")).isEqualTo(70);
            assertThat(component(health, "relationships")).isEqualTo(50);
            assertThat(health.getInt("score")).isEqualTo(76);
            assertThat(health.getString("status")).isEqualTo("HEALTHY");
        });

        // The gap, for the account and across the portfolio, and the one alert it raised.
        healthReader().get("/api/v1/health/accounts/" + account + "/competitive-gaps").then().statusCode(200)
                .body("gaps[0].competitor", org.hamcrest.Matchers.equalTo("Initech"))
                .body("gaps[0].capabilitiesWeLack", org.hamcrest.Matchers.contains("ai-assistant"))
                .body("gaps[0].unmetClientTeams", org.hamcrest.Matchers.contains(it));
        JsonPath portfolio = new JsonPath(healthReader().get("/api/v1/competitive-gaps").then().statusCode(200).extract().asString());
        assertThat(portfolio.getList("capabilities.capability", String.class)).contains("ai-assistant");
        assertThat(portfolio.getList("winRates.findAll { it.competitor == 'Initech' }.lost", Integer.class))
                .singleElement().satisfies(lost -> assertThat(lost).isGreaterThanOrEqualTo(1));
        awaitAlerts(account, "COMPETITIVE_GAP", 1);
    }

    @Test
    void aFundingRoundWithNoExpansionDealIsAGrowthSignalUntilAnUpsellOpens() {
        String account = open("ENTERPRISE", inDays(300));
        accounts().body("""
                {"type":"FUNDING_ROUND","description":"Series C","occurredAt":"%s"}""".formatted(daysAgo(10)))
                .post("/api/v1/accounts/" + account + "/client-events").then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                healthReader().get("/api/v1/health/accounts/" + account + "/growth-signals").then().statusCode(200)
                        .body("type", org.hamcrest.Matchers.contains("FUNDING_ROUND")));
        awaitAlerts(account, "GROWTH_SIGNAL", 1);

        // An upsell opened within 30 days of the funding round answers the signal.
        opportunities().body("""
                {"accountId":"%s","name":"Expansion","type":"UPSELL","amount":{"amount":40000,"currency":"EUR"},
                 "ownerId":"ae-story","teamId":"story-team"}""".formatted(account))
                .post("/api/v1/opportunities").then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                healthReader().get("/api/v1/health/accounts/" + account + "/growth-signals").then().statusCode(200)
                        .body("size()", org.hamcrest.Matchers.equalTo(0)));
        awaitAlerts(account, "GROWTH_SIGNAL", 1);
    }

    private static void awaitAlerts(String account, String type, int count) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> types = healthReader().get("/api/v1/alerts?since=2000-01-01&size=200").then().statusCode(200)
                    .extract().path("items.findAll { it.accountId == '%s' }.alertType".formatted(account));
            assertThat(types).filteredOn(type::equals).hasSize(count);
        });
    }

    @Test
    void aRenewalCliffWithAPoorGradeIsAtRiskWhateverTheScore() {
        String account = open("MID_MARKET", inDays(30));
        String ops = post(account, "/teams", "{\"name\":\"Operations\",\"occurredAt\":\"%s\"}".formatted(daysAgo(200)));
        String champion = post(account, "/contacts", """
                {"name":"Alan","role":"DECISION_MAKER","clientTeamId":"%s","occurredAt":"%s"}""".formatted(ops, daysAgo(200)));
        post(account, "/interactions", """
                {"type":"CALL","occurredAt":"%s","contactIds":["%s"],"clientTeamId":"%s"}""".formatted(daysAgo(5), champion, ops));
        post(account, "/feedback", "{\"grade\":\"B-\",\"question\":\"Value for money\",\"occurredAt\":\"%s\"}".formatted(daysAgo(2)));

        // Commercial: renewal in 30 days and no RENEWAL deal at PROPOSAL or later: 100 - 40 = 60.
        // The latest feedback is below B and renewal is within 90 days: a critical signal, AT_RISK whatever the score.
        awaitHealth(account, health -> {
            assertThat(component(health, "commercial")).isEqualTo(60);
            assertThat(points(health, "commercial", "RenewalUncovered")).containsExactly(-40);
            assertThat(health.getList("criticalSignals")).hasSize(1);
            assertThat(health.getString("status")).isEqualTo("AT_RISK");
            assertThat(health.getInt("score")).isGreaterThanOrEqualTo(50);
        });

        // Lists: the team's at-risk accounts include it, whichever order is asked for; bad filters are problems.
        for (String sort : List.of("score", "arrAtRisk")) {
            List<String> atRisk = healthReader().get("/api/v1/health/accounts?teamId=story-team&status=AT_RISK&size=200&sort=" + sort)
                    .then().statusCode(200).extract().path("items.accountId");
            assertThat(atRisk).contains(account);
        }
        healthReader().get("/api/v1/health/accounts?status=SICK").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("status"));
        healthReader().get("/api/v1/health/accounts?sort=name").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("sort"));

        // As of a day before the poor grade, the critical signal did not exist yet.
        JsonPath before = new JsonPath(healthReader().get("/api/v1/health/accounts/" + account + "?asOf="
                + LocalDate.ofInstant(NOW, ZoneOffset.UTC).minusDays(4)).then().statusCode(200).extract().asString());
        assertThat(before.getList("criticalSignals")).isEmpty();
        assertThat((Object) before.get("components.find { it.component == 'satisfaction' }.score")).isNull();
    }
}
