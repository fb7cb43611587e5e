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
import java.util.UUID;

import static com.accounthealth.healthscore.Callers.accountService;
import static com.accounthealth.healthscore.Callers.healthReader;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

/**
 * Outcomes as facts: renewals (flat, with expansion, with contraction), a downgrade, a lost renewal and a churn,
 * recorded through the real account-service, kept by health-score with their kinds and amounts, team-scoped, and
 * never an input to the score.
 */
@QuarkusTest
class OutcomesTest {

    private static String open(String team, long arr) {
        return accountService().body("""
                        {"name":"Outcome Ltd","tier":"MID_MARKET","ownerId":"ae-3","teamId":"%s",
                         "arr":{"amount":%d,"currency":"EUR"},"renewalDate":"%s"}"""
                        .formatted(team, arr, LocalDate.now(ZoneOffset.UTC).plusDays(300)))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
    }

    private static void post(String account, String path, String body) {
        accountService().body(body).post("/api/v1/accounts/" + account + path).then().statusCode(200);
    }

    private static void renew(String account, long arr) {
        post(account, "/renewals", "{\"newArr\":{\"amount\":%d,\"currency\":\"EUR\"},\"nextRenewalDate\":\"%s\"}"
                .formatted(arr, LocalDate.now(ZoneOffset.UTC).plusDays(300)));
    }

    private static JsonPath health(String account) {
        return healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> outcomeKinds(String account) {
        return healthReader().get("/api/v1/health/accounts/" + account + "/outcomes").then().statusCode(200)
                .extract().path("kind");
    }

    @Test
    void everyOutcomeIsKeptWithItsKindAndAmountsTeamScopedAndChangesNoScore() {
        String ours = "outcomes-" + UUID.randomUUID();
        String renewing = open(ours, 100_000);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                healthReader().get("/api/v1/health/accounts/" + renewing).then().statusCode(200));
        JsonPath opened = health(renewing);

        renew(renewing, 100_000);
        renew(renewing, 130_000);
        post(renewing, "/downgrades", "{\"newArr\":{\"amount\":110000,\"currency\":\"EUR\"},\"reason\":\"Fewer seats\"}");
        renew(renewing, 90_000);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(outcomeKinds(renewing)).containsExactly("RENEWED_FLAT", "RENEWED_WITH_EXPANSION",
                        "DOWNGRADED", "RENEWED_WITH_CONTRACTION"));
        // An outcome is not an input: the same score and components as when the account was opened.
        JsonPath renewed = health(renewing);
        assertThat(renewed.getInt("score")).isEqualTo(opened.getInt("score"));
        assertThat(renewed.getList("components.score")).isEqualTo(opened.getList("components.score"));

        post(renewing, "/renewal-loss", "{\"reason\":\"Moved to a cheaper tool\",\"competitor\":\"Initech\"}");
        String churning = open(ours, 50_000);
        post(churning, "/churn", "{\"reason\":\"Budget cut\"}");
        String theirs = open("outcomes-" + UUID.randomUUID(), 70_000);
        renew(theirs, 70_000);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(outcomeKinds(renewing)).last().isEqualTo("LOST_AT_RENEWAL");
            assertThat(outcomeKinds(churning)).containsExactly("CHURNED");
            assertThat(outcomeKinds(theirs)).containsExactly("RENEWED_FLAT");
        });

        JsonPath outcomes = healthReader().get("/api/v1/health/accounts/" + renewing + "/outcomes").then()
                .statusCode(200).extract().jsonPath();
        assertThat(outcomes.getList("arrBefore", Float.class)).containsExactly(100_000f, 100_000f, 130_000f, 110_000f,
                90_000f);
        assertThat(outcomes.getList("arrAfter", Float.class)).containsExactly(100_000f, 130_000f, 110_000f, 90_000f, 0f);
        assertThat(outcomes.getString("[4].competitor")).isEqualTo("Initech");
        assertThat(outcomes.getString("[2].reason")).isEqualTo("Fewer seats");
        assertThat(health(renewing).getString("status")).isEqualTo("CHURNED");

        // A team-scoped reader sees its team's outcomes only, filtered by kind when asked.
        String token = TestTokens.teamToken("regional-bi", List.of(ours), Roles.HEALTH_READ);
        String since = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        given().auth().oauth2(token).get("/api/v1/outcomes?size=200&from=" + since).then().statusCode(200)
                .body("total", equalTo(6)).body("items.teamId", everyItem(equalTo(ours)));
        given().auth().oauth2(token).get("/api/v1/outcomes?kind=CHURNED&from=" + since).then().statusCode(200)
                .body("items.accountId", equalTo(List.of(churning)));
        given().auth().oauth2(token).get("/api/v1/health/accounts/" + theirs + "/outcomes").then().statusCode(404);
        healthReader().get("/api/v1/outcomes?kind=RENEWED_SOMEHOW").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("kind"));
    }
}
