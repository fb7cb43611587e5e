package com.accounthealth.healthscore;

import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.webapi.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import static com.accounthealth.healthscore.Callers.accountService;
import static com.accounthealth.healthscore.Callers.healthReader;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The portfolio's standing (accounts and ARR per status, ARR at risk per currency) and its status counts over time are
 * team-scoped aggregates of rows scoring keeps in the transaction that scores each account.
 */
@QuarkusTest
class PortfolioStatusTest {

    @Inject
    DataSource dataSource;

    @Test
    void theStandingCountsEachStatusAndAddsArrPerCurrencyNeverAcrossCurrencies() {
        String team = "status-team-" + UUID.randomUUID();
        String euros = atRisk(team, 70000, "EUR");
        String dollars = atRisk(team, 50000, "USD");
        String moreEuros = atRisk(team, 30000, "EUR");
        String quiet = open(team, 20000, "GBP", null); // no renewal, no grade: whatever status, not at risk by them

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String account : List.of(euros, dollars, moreEuros, quiet)) {
                healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200);
            }
            JsonPath standing = standing(healthReader(), team);
            assertThat(standing.getInt("accounts")).isEqualTo(4);
            assertThat(standing.getList("arrAtRisk", Map.class)).containsExactly(
                    Map.of("currency", "EUR", "amount", 100000.0f), Map.of("currency", "USD", "amount", 50000.0f));
        });
        // Each status's count and ARR are those of the team's list filtered by that status.
        JsonPath standing = standing(healthReader(), team);
        int counted = 0;
        for (String status : List.of("HEALTHY", "WATCH", "AT_RISK", "CHURNED")) {
            JsonPath listed = healthReader().get("/api/v1/health/accounts?size=200&teamId=" + team + "&status=" + status)
                    .then().statusCode(200).extract().jsonPath();
            String path = "statuses.find { it.status == '" + status + "' }";
            assertThat(standing.getInt(path + ".accounts")).as(status).isEqualTo(listed.getInt("total"));
            counted += listed.getInt("total");
        }
        assertThat(counted).isEqualTo(4);

        // Another team's caller sees none of them; a bad months value or a NUL in a filter is a problem, not a 500.
        String otherTeam = TestTokens.teamToken("regional-bi", List.of("team-" + UUID.randomUUID()), Roles.HEALTH_READ);
        assertThat(standing(given().auth().oauth2(otherTeam), team).getInt("accounts")).isZero();
        healthReader().get("/api/v1/portfolio/status-over-time?months=25").then().statusCode(400)
                .contentType("application/problem+json");
        healthReader().get("/api/v1/portfolio/status-over-time?months=x").then().statusCode(400);
        for (String path : List.of("/api/v1/portfolio/status", "/api/v1/health/accounts")) {
            healthReader().queryParam("teamId", "a\u0000b").get(path).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("teamId"));
        }
        // The stakes behind a capability: the capability is required, one line, at most 100 characters.
        for (String capability : new String[] {null, " ", "x".repeat(101), "sso\nsecurity"}) {
            var request = healthReader();
            if (capability != null) {
                request.queryParam("capability", capability);
            }
            request.get("/api/v1/competitive-gaps/stakes").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo("capability"));
        }
        healthReader().queryParam("capability", "sso").queryParam("size", 201).get("/api/v1/competitive-gaps/stakes")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("size"));
    }

    @Test
    void statusCountsOverTimeFollowEachAccountsSpansInItsStatuses() throws SQLException {
        String team = "trend-team-" + UUID.randomUUID();
        String account = open(team, 40000, "EUR", LocalDate.now().plusDays(30));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200));
        grade(account, "F"); // renewal within 90 days and a grade below B: at risk
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200)
                        .extract().<String>path("status")).isEqualTo("AT_RISK"));

        JsonPath trend = healthReader().get("/api/v1/portfolio/status-over-time?months=3&teamId=" + team)
                .then().statusCode(200).extract().jsonPath();
        assertThat(trend.getList("at")).hasSize(3);
        assertThat(trend.getInt("[0].accounts.AT_RISK") + trend.getInt("[0].accounts.HEALTHY")
                + trend.getInt("[0].accounts.WATCH")).as("two months ago the account was not known").isZero();
        assertThat(trend.getInt("[2].accounts.AT_RISK")).as("now").isEqualTo(1);

        // One span per status change in the account's history, the last one open and in its current status.
        List<String> changes = strings("""
                SELECT status FROM health_history WHERE account_id = ?::uuid
                AND previous_status IS DISTINCT FROM status ORDER BY id""", account);
        assertThat(strings("SELECT status FROM account_status_span WHERE account_id = ?::uuid ORDER BY since", account))
                .isEqualTo(changes).endsWith("AT_RISK");
        assertThat(strings("SELECT status FROM account_status_span WHERE account_id = ?::uuid AND until IS NULL", account))
                .containsExactly("AT_RISK");
    }

    private static JsonPath standing(io.restassured.specification.RequestSpecification caller, String team) {
        return caller.get("/api/v1/portfolio/status?teamId=" + team).then().statusCode(200).extract().jsonPath();
    }

    private static String atRisk(String team, int arr, String currency) {
        String account = open(team, arr, currency, LocalDate.now().plusDays(30));
        grade(account, "F");
        return account;
    }

    private static void grade(String account, String grade) {
        accountService().body("{\"grade\":\"" + grade + "\",\"question\":\"Renew?\"}")
                .post("/api/v1/accounts/" + account + "/feedback").then().statusCode(201);
    }

    private static String open(String team, int arr, String currency, LocalDate renewal) {
        return accountService().body("""
                        {"name":"Standing %s","tier":"SMB","ownerId":"ae-1","teamId":"%s",
                         "arr":{"amount":%d,"currency":"%s"}%s}""".formatted(currency, team, arr, currency,
                        renewal == null ? "" : ",\"renewalDate\":\"" + renewal + "\""))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
    }

    private List<String> strings(String sql, String parameter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }
}
