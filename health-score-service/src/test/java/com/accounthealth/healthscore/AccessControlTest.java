package com.accounthealth.healthscore;

import com.accounthealth.testsupport.SecurityMatrix;
import com.accounthealth.testsupport.SecurityMatrix.Endpoint;
import com.accounthealth.testsupport.SecurityMatrix.Kind;
import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.webapi.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

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

    /** What any write of this service changes: history, subscriptions (each change bumps a version) and snoozes. */
    private int changesRecorded() {
        return SecurityMatrix.Fixture.rowsOf(dataSource, "health_history").getAsInt()
                + SecurityMatrix.Fixture.rowsOf(dataSource, "alert_activity").getAsInt()
                + sum("SELECT coalesce(sum(version), 0) FROM notification_subscription")
                + sum("SELECT count(*) + count(*) FILTER (WHERE until <= now()) FROM notification_snooze");
    }

    private int sum(String sql) {
        try (var c = dataSource.getConnection(); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyOperationRefusesEveryCallerButTheRightOneAndRefusedWritesChangeNothing() {
        String team = "team-" + UUID.randomUUID();
        // A leader of the team subscribed before the account went at risk, so its alert has a delivery.
        String subscription = TestTokens.as("sales-ops", Roles.NOTIFICATIONS_MANAGE).contentType("application/json")
                .body(subscriptionBody(team)).post("/api/v1/notification-subscriptions").then().statusCode(201)
                .extract().path("subscriptionId");
        String account = accountAtRisk(team);
        // An outcome of its own, for the outcome lists.
        accountService().body("{\"newArr\":{\"amount\":100000,\"currency\":\"EUR\"}}")
                .post("/api/v1/accounts/" + account + "/renewals").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> healthReader()
                .get("/api/v1/health/accounts/" + account + "/outcomes").then().statusCode(200)
                .body("kind", hasItem("RENEWED_FLAT")));
        String alert = healthReader().get("/api/v1/alerts?size=200&since=" + LocalDate.now().minusDays(1)).then()
                .extract().jsonPath().getString("items.find { it.accountId == '" + account + "' }.alertId");
        String snooze = TestTokens.as("sales-ops", Roles.NOTIFICATIONS_MANAGE).contentType("application/json")
                .body(snoozeBody(account)).post("/api/v1/notification-snoozes").then().statusCode(201).extract()
                .path("snoozeId");

        int checked = SecurityMatrix.verify(List.of(
                new Endpoint("GET", "/api/v1/health/accounts/{accountId}", null, Kind.READ_ONE, null),
                new Endpoint("GET", "/api/v1/health/accounts/{accountId}/history", null, Kind.READ_ONE, null),
                new Endpoint("GET", "/api/v1/health/accounts/{accountId}/competitive-gaps", null, Kind.READ_ONE, null),
                new Endpoint("GET", "/api/v1/health/accounts/{accountId}/growth-signals", null, Kind.READ_ONE, null),
                new Endpoint("GET", "/api/v1/health/accounts", "size=200&teamId=" + team, Kind.READ_LIST, null),
                new Endpoint("GET", "/api/v1/alerts", "size=200&since=" + LocalDate.now().minusDays(1), Kind.READ_LIST,
                        null),
                new Endpoint("GET", "/api/v1/competitive-gaps", null, Kind.READ_AGGREGATE, null),
                new Endpoint("GET", "/api/v1/competitive-gaps/over-time", null, Kind.READ_AGGREGATE, null),
                new Endpoint("GET", "/api/v1/competitive-gaps/stakes", "capability=sso", Kind.READ_AGGREGATE, null),
                new Endpoint("GET", "/api/v1/capabilities", null, Kind.READ_AGGREGATE, null),
                new Endpoint("GET", "/api/v1/portfolio/status", "teamId=" + team, Kind.READ_AGGREGATE, null),
                new Endpoint("GET", "/api/v1/portfolio/status-over-time", "teamId=" + team, Kind.READ_AGGREGATE, null),
                new Endpoint("GET", "/api/v1/admin/rescore/{jobId}", null, Kind.PORTFOLIO_ADMIN, null),
                new Endpoint("GET", "/api/v1/health/accounts/{accountId}/outcomes", null, Kind.READ_ONE, null),
                new Endpoint("GET", "/api/v1/outcomes", "size=200&from=" + LocalDate.now().minusDays(1),
                        Kind.READ_LIST, null),
                new Endpoint("GET", "/api/v1/models", null, Kind.READ_AGGREGATE, null),
                new Endpoint("GET", "/api/v1/models/{version}", null, Kind.READ_AGGREGATE, null),
                // The right caller's draft is refused (no weight positive) and v1 is in force already (409): the
                // matrix changes no model.
                new Endpoint("POST", "/api/v1/models", null, Kind.PORTFOLIO_ADMIN, """
                        {"version":"matrix-draft","description":"d","changes":{"weights":{"satisfaction":0,
                         "engagement":0,"relationships":0,"competition":0,"commercial":0,"support":0}}}"""),
                new Endpoint("POST", "/api/v1/models/{version}/activate", null, Kind.PORTFOLIO_ADMIN, null),
                new Endpoint("POST", "/api/v1/models/{version}/what-if", null, Kind.PORTFOLIO_ADMIN, null),
                new Endpoint("POST", "/api/v1/backtests", null, Kind.PORTFOLIO_ADMIN, """
                        {"models":["v404"],"from":"2026-01-01","to":"2026-02-01","horizonDays":90,"stepDays":7}"""),
                new Endpoint("GET", "/api/v1/backtests/{jobId}", null, Kind.PORTFOLIO_ADMIN, null),
                new Endpoint("GET", "/api/v1/backtests", null, Kind.PORTFOLIO_ADMIN, null),
                new Endpoint("POST", "/api/v1/backtests/{jobId}/cancel", null, Kind.PORTFOLIO_ADMIN, null),
                new Endpoint("GET", "/api/v1/models/{version}/what-if/{jobId}", null, Kind.PORTFOLIO_ADMIN, null),
                new Endpoint("POST", "/api/v1/notification-subscriptions", null, Kind.CREATE, subscriptionBody(team)),
                new Endpoint("GET", "/api/v1/notification-subscriptions", "size=200&teamId=" + team, Kind.READ_LIST,
                        null, subscription),
                new Endpoint("GET", "/api/v1/notification-subscriptions/{subscriptionId}", null, Kind.READ_ONE, null),
                new Endpoint("PUT", "/api/v1/notification-subscriptions/{subscriptionId}", null, Kind.WRITE_EXISTING,
                        subscriptionBody(team)),
                new Endpoint("POST", "/api/v1/notification-subscriptions/{subscriptionId}/secret", null,
                        Kind.WRITE_EXISTING, null),
                new Endpoint("GET", "/api/v1/notification-deliveries", "size=200&subscriptionId=" + subscription,
                        Kind.READ_LIST, null),
                new Endpoint("POST", "/api/v1/notification-snoozes", null, Kind.WRITE_EXISTING, snoozeBody(account)),
                new Endpoint("GET", "/api/v1/notification-snoozes", "accountId=" + account, Kind.READ_LIST, null),
                new Endpoint("DELETE", "/api/v1/notification-snoozes/{snoozeId}", null, Kind.WRITE_EXISTING, null),
                new Endpoint("GET", "/api/v1/alerts/inbox", "size=200&teamId=" + team, Kind.READ_LIST, null, alert),
                new Endpoint("GET", "/api/v1/alerts/next-steps", null, Kind.READ_AGGREGATE, null),
                new Endpoint("GET", "/api/v1/alerts/{alertId}", null, Kind.READ_ONE, null),
                new Endpoint("POST", "/api/v1/alerts/{alertId}/acknowledge", null, Kind.WRITE_EXISTING, null),
                new Endpoint("POST", "/api/v1/alerts/{alertId}/assignment", null, Kind.WRITE_EXISTING,
                        "{\"assignee\":\"ae-2\"}"),
                new Endpoint("POST", "/api/v1/alerts/{alertId}/comments", null, Kind.WRITE_EXISTING,
                        "{\"text\":\"Called\"}"),
                new Endpoint("POST", "/api/v1/alerts/{alertId}/snooze", null, Kind.WRITE_EXISTING,
                        "{\"until\":\"" + java.time.Instant.now().plus(Duration.ofDays(2)) + "\"}"),
                new Endpoint("POST", "/api/v1/alerts/{alertId}/resolution", null, Kind.WRITE_EXISTING,
                        "{\"resolution\":\"Renewal agreed\"}"),
                new Endpoint("DELETE", "/api/v1/notification-subscriptions/{subscriptionId}", null, Kind.WRITE_EXISTING,
                        null),
                new Endpoint("POST", "/api/v1/leaders/{leaderId}/erasure", null, Kind.PORTFOLIO_ADMIN, null)),
                new SecurityMatrix.Fixture(Map.of("accountId", account, "jobId", UUID.randomUUID().toString(),
                        "subscriptionId", subscription, "snoozeId", snooze, "version", "v1", "alertId", alert, "leaderId", "leader-" + team), team, account, this::changesRecorded));
        assertThat(checked).isEqualTo(44 * 6);
    }

    private static String subscriptionBody(String team) {
        return """
                {"leaderId":"leader-%1$s","leaderName":"Dana","teamIds":["%1$s"],"alertTypes":["ACCOUNT_AT_RISK"],
                 "channel":"WEBHOOK","target":"http://127.0.0.1:9/hooks"}""".formatted(team);
    }

    private static String snoozeBody(String account) {
        return """
                {"accountId":"%s","until":"%s","reason":"Renegotiation"}""".formatted(account,
                java.time.Instant.now().plus(Duration.ofDays(7)));
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
