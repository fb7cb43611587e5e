package com.accounthealth.healthscore;

import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.webapi.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.accounthealth.healthscore.Callers.accountService;
import static com.accounthealth.healthscore.Callers.opportunityService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The landscape over time: a team's deals won and lost against a competitor this month, and why they were lost. */
@QuarkusTest
class CompetitionOverTimeTest {

    private static String deal(String account, String team, String name, int amount) {
        return opportunityService().body("""
                {"accountId":"%s","name":"%s","type":"UPSELL","amount":{"amount":%d,"currency":"EUR"},
                 "ownerId":"ae-1","teamId":"%s"}""".formatted(account, name, amount, team))
                .post("/api/v1/opportunities").then().statusCode(201).extract().path("opportunityId");
    }

    @Test
    void wonAndLostDealsCountPerMonthAndCompetitorAndLossesByReason() {
        String team = "team-" + UUID.randomUUID();
        String competitor = "Rival-" + UUID.randomUUID().toString().substring(0, 8);
        String account = accountService().body("""
                {"name":"Contested","tier":"ENTERPRISE","ownerId":"ae-1","teamId":"%s",
                 "arr":{"amount":50000,"currency":"EUR"}}""".formatted(team)).post("/api/v1/accounts").then()
                .statusCode(201).extract().path("accountId");
        String won = deal(account, team, "Won against the rival", 10_000);
        opportunityService().body("{\"competitor\":\"" + competitor + "\"}")
                .post("/api/v1/opportunities/" + won + "/competitors").then().statusCode(200);
        opportunityService().body("{}").post("/api/v1/opportunities/" + won + "/win").then().statusCode(200);
        for (int amount : new int[] {20_000, 30_000}) {
            String lost = deal(account, team, "Lost on price " + amount, amount);
            opportunityService().body("""
                    {"reason":"COMPETITOR","competitor":"%s","comment":"cheaper"}""".formatted(competitor))
                    .post("/api/v1/opportunities/" + lost + "/loss").then().statusCode(200);
        }
        String noRival = deal(account, team, "No decision", 5_000);
        opportunityService().body("{\"reason\":\"NO_DECISION\"}").post("/api/v1/opportunities/" + noRival + "/loss")
                .then().statusCode(200);

        String month = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).toString();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath overTime = TestTokens.asTeam(team, "leader", Roles.HEALTH_READ)
                    .get("/api/v1/competitive-gaps/over-time?months=3").then().statusCode(200).extract().jsonPath();
            assertThat(overTime.getList("winRates", Map.class)).containsExactly(
                    Map.of("month", month, "competitor", competitor, "won", 1, "lost", 2));
            List<Map<String, Object>> reasons = overTime.getList("lossReasons");
            assertThat(reasons).hasSize(2);
            assertThat(reasons.getFirst()).containsEntry("reason", "COMPETITOR").containsEntry("competitor", competitor)
                    .containsEntry("deals", 2);
            assertThat(overTime.getList("lossReasons[0].amounts", Map.class))
                    .containsExactly(Map.of("currency", "EUR", "amount", 50000));
            assertThat(reasons.get(1)).containsEntry("reason", "NO_DECISION").containsEntry("deals", 1);
        });
        // Another team's leader sees none of it.
        TestTokens.asTeam("some-other-team", "leader", Roles.HEALTH_READ).get("/api/v1/competitive-gaps/over-time")
                .then().statusCode(200).body("winRates.competitor", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasItem(competitor)));
        TestTokens.asTeam(team, "leader", Roles.HEALTH_READ).get("/api/v1/competitive-gaps/over-time?months=37")
                .then().statusCode(400);
    }
}
