package com.accounthealth.healthscore;

import com.accounthealth.testsupport.SecurityMatrix;
import com.accounthealth.testsupport.SecurityMatrix.Endpoint;
import com.accounthealth.testsupport.SecurityMatrix.Kind;
import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.webapi.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.accounthealth.healthscore.Callers.accountService;
import static com.accounthealth.healthscore.Callers.healthReader;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** Who may read health and re-score: every operation against every kind of caller, and teams kept apart. */
@QuarkusTest
class AccessControlTest {

    @Inject
    DataSource dataSource;

    /** An account of its own team that went at risk (bad feedback a month before renewal), so it has an alert. */
    private static String accountAtRisk(String team) {
        String account = accountService().body("""
                {"name":"Scoped","tier":"ENTERPRISE","ownerId":"ae-1","teamId":"%s",
                 "arr":{"amount":100000,"currency":"EUR"},"renewalDate":"%s"}"""
                .formatted(team, LocalDate.now().plusDays(30))).post("/api/v1/accounts").then().statusCode(201)
                .extract().path("accountId");
        accountService().body("{\"grade\":\"F\",\"question\":\"Renew?\"}").post("/api/v1/accounts/" + account + "/feedback")
                .then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> healthReader().get("/api/v1/alerts?size=200&since="
                + LocalDate.now().minusDays(1)).then().statusCode(200).body("items.accountId", hasItem(account)));
        return account;
    }

    @Test
    void everyOperationRefusesEveryCallerButTheRightOneAndRefusedRescoresStartNothing() {
        String team = "team-" + UUID.randomUUID();
        String account = accountAtRisk(team);

        int checked = SecurityMatrix.verify(List.of(
                new Endpoint("GET", "/api/v1/health/accounts/{accountId}", null, Kind.READ_ONE, null),
                new Endpoint("GET", "/api/v1/health/accounts/{accountId}/history", null, Kind.READ_ONE, null),
                new Endpoint("GET", "/api/v1/health/accounts/{accountId}/competitive-gaps", null, Kind.READ_ONE, null),
                new Endpoint("GET", "/api/v1/health/accounts/{accountId}/growth-signals", null, Kind.READ_ONE, null),
                new Endpoint("GET", "/api/v1/health/accounts", "size=200&teamId=" + team, Kind.READ_LIST, null),
                new Endpoint("GET", "/api/v1/alerts", "size=200&since=" + LocalDate.now().minusDays(1), Kind.READ_LIST,
                        null),
                new Endpoint("GET", "/api/v1/competitive-gaps", null, Kind.READ_AGGREGATE, null),
                new Endpoint("GET", "/api/v1/capabilities", null, Kind.READ_AGGREGATE, null),
                new Endpoint("GET", "/api/v1/admin/rescore/{jobId}", null, Kind.PORTFOLIO_ADMIN, null),
                new Endpoint("POST", "/api/v1/admin/rescore", null, Kind.PORTFOLIO_ADMIN, """
                        {"modelVersion":"v1-again","weights":{"satisfaction":25,"engagement":20,"relationships":15,
                         "competition":15,"commercial":15,"support":10}}""")),
                new SecurityMatrix.Fixture(Map.of("accountId", account, "jobId", UUID.randomUUID().toString()), team,
                        account, SecurityMatrix.Fixture.rowsOf(dataSource, "health_history")));
        assertThat(checked).isEqualTo(10 * 6);
    }

    @Test
    void aTeamScopedTokenSeesItsTeamsHealthAndNothingOfAnotherTeam() {
        String ours = "team-" + UUID.randomUUID();
        String theirs = "team-" + UUID.randomUUID();
        String ourAccount = accountAtRisk(ours);
        String theirAccount = accountAtRisk(theirs);
        String token = TestTokens.teamToken("regional-bi", List.of(ours), Roles.HEALTH_READ);

        given().auth().oauth2(token).get("/api/v1/health/accounts/" + ourAccount).then().statusCode(200)
                .body("status", equalTo("AT_RISK"));
        given().auth().oauth2(token).get("/api/v1/health/accounts/" + theirAccount + "?asOf=" + LocalDate.now())
                .then().statusCode(404);
        given().auth().oauth2(token).get("/api/v1/health/accounts?status=AT_RISK&size=200").then().statusCode(200)
                .body("items.accountId", hasItem(ourAccount)).body("items.accountId", not(hasItem(theirAccount)))
                .body("items.teamId", org.hamcrest.Matchers.everyItem(equalTo(ours)));
        given().auth().oauth2(token).get("/api/v1/alerts?size=200&since=" + LocalDate.now().minusDays(1)).then()
                .statusCode(200).body("items.teamId", org.hamcrest.Matchers.everyItem(equalTo(ours)));
        // The same token without the team limit sees both.
        given().auth().oauth2(TestTokens.token("regional-bi", Roles.HEALTH_READ))
                .get("/api/v1/health/accounts/" + theirAccount).then().statusCode(200);
    }
}
