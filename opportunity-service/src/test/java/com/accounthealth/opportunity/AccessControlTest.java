package com.accounthealth.opportunity;

import com.accounthealth.testsupport.SecurityMatrix;
import com.accounthealth.testsupport.SecurityMatrix.Endpoint;
import com.accounthealth.testsupport.SecurityMatrix.Kind;
import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.testsupport.WriterServices;
import com.accounthealth.webapi.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** Who may do what with deals: every operation against every kind of caller, and teams kept apart. */
@QuarkusTest
class AccessControlTest {

    @Inject
    DataSource dataSource;

    private static RequestSpecification forTeam(String team) {
        return TestTokens.asTeam(team, "fixture-loader", Roles.OPPORTUNITIES_READ, Roles.OPPORTUNITIES_WRITE,
                Roles.ACCOUNTS_READ);
    }

    @Test
    void everyOperationRefusesEveryCallerButTheRightOneAndRefusedWritesAppendNothing() {
        String team = "team-" + UUID.randomUUID();
        String account = WriterServices.openAccount(team);
        String deal = forTeam(team).body(deal(account, team)).post("/api/v1/opportunities").then().statusCode(201)
                .extract().path("opportunityId");
        forTeam(team).body(deal(account, team)).put("/api/v1/opportunities/by-reference/crm/deal-" + team).then()
                .statusCode(201);

        int checked = SecurityMatrix.verify(List.of(
                new Endpoint("GET", "/api/v1/opportunities/{opportunityId}", null, Kind.READ_ONE, null),
                new Endpoint("GET", "/api/v1/opportunities/{opportunityId}/events", null, Kind.READ_ONE, null),
                new Endpoint("GET", "/api/v1/opportunities", "accountId=" + account, Kind.READ_LIST, null),
                new Endpoint("GET", "/api/v1/pipeline", "teamId=" + team, Kind.READ_AGGREGATE, null),
                new Endpoint("POST", "/api/v1/opportunities", null, Kind.CREATE, deal(account, team)),
                new Endpoint("PUT", "/api/v1/opportunities/by-reference/{system}/{externalId}", null, Kind.CREATE,
                        deal(account, team)),
                new Endpoint("GET", "/api/v1/opportunities/by-reference/{system}/{externalId}", null, Kind.READ_ONE,
                        null),
                new Endpoint("POST", "/api/v1/opportunities/{opportunityId}/stage", null, Kind.WRITE_EXISTING,
                        "{\"stage\":\"PROPOSAL\"}"),
                new Endpoint("POST", "/api/v1/opportunities/{opportunityId}/amount", null, Kind.WRITE_EXISTING,
                        "{\"amount\":{\"amount\":90000,\"currency\":\"EUR\"}}"),
                new Endpoint("POST", "/api/v1/opportunities/{opportunityId}/close-date", null, Kind.WRITE_EXISTING,
                        "{\"expectedCloseDate\":\"2027-02-01\"}"),
                new Endpoint("POST", "/api/v1/opportunities/{opportunityId}/competitors", null, Kind.WRITE_EXISTING,
                        "{\"competitor\":\"Initech\"}"),
                new Endpoint("POST", "/api/v1/opportunities/import", null, Kind.BULK, ("{\"idempotencyKey\":"
                        + "\"matrix-%s\",\"command\":\"changeCompetitor\",\"opportunityId\":\"%s\",\"body\":"
                        + "{\"competitor\":\"Globex\"}}").formatted(UUID.randomUUID(), deal), null,
                        "application/x-ndjson"),
                new Endpoint("POST", "/api/v1/opportunities/{opportunityId}/loss", null, Kind.WRITE_EXISTING,
                        "{\"reason\":\"PRICE\"}"),
                new Endpoint("POST", "/api/v1/opportunities/{opportunityId}/win", null, Kind.WRITE_EXISTING, "{}")),
                new SecurityMatrix.Fixture(Map.of("opportunityId", deal, "system", "crm",
                        "externalId", "deal-" + team), team, deal, SecurityMatrix.Fixture.rowsOf(dataSource, "event_store")));
        assertThat(checked).isEqualTo(14 * 6);
    }

    @Test
    void anotherTeamsPipelineIsEmptyForATeamScopedToken() {
        String team = "team-" + UUID.randomUUID();
        forTeam(team).body(deal(WriterServices.openAccount(team), team)).post("/api/v1/opportunities").then()
                .statusCode(201);
        forTeam(team).get("/api/v1/pipeline?teamId=" + team).then().statusCode(200).body("openCount", equalTo(1));
        forTeam("elsewhere").get("/api/v1/pipeline?teamId=" + team).then().statusCode(200)
                .body("openCount", equalTo(0));
        IntSupplier events = SecurityMatrix.Fixture.rowsOf(dataSource, "event_store");
        int before = events.getAsInt();
        forTeam("elsewhere").body(deal(UUID.randomUUID().toString(), team)).post("/api/v1/opportunities").then()
                .statusCode(403).body("errors[0].field", equalTo("teamId"));
        assertThat(events.getAsInt()).isEqualTo(before);
    }

    @Test
    void aDealIsOpenedOnlyOnAnAccountTheTokenMaySee() {
        String mine = "team-" + UUID.randomUUID();
        String theirs = "team-" + UUID.randomUUID();
        String theirAccount = WriterServices.openAccount(theirs);
        IntSupplier events = SecurityMatrix.Fixture.rowsOf(dataSource, "event_store");
        int before = events.getAsInt();
        // The body's team is the caller's own; the account is another team's: as if it did not exist.
        forTeam(mine).body(deal(theirAccount, mine)).post("/api/v1/opportunities").then().statusCode(404)
                .contentType("application/problem+json").body("errors[0].field", equalTo("accountId"));
        forTeam(mine).body(deal(UUID.randomUUID().toString(), mine)).post("/api/v1/opportunities").then()
                .statusCode(404).body("errors[0].field", equalTo("accountId"));
        // A token that may not read accounts sees none of them.
        String myAccount = WriterServices.openAccount(mine);
        TestTokens.asTeam(mine, "fixture-loader", Roles.OPPORTUNITIES_WRITE).body(deal(myAccount, mine))
                .post("/api/v1/opportunities").then().statusCode(404).body("errors[0].field", equalTo("accountId"));
        assertThat(events.getAsInt()).as("no deal opened").isEqualTo(before);

        forTeam(mine).body(deal(myAccount, mine)).post("/api/v1/opportunities").then().statusCode(201);
        forTeam(theirs).body(deal(theirAccount, theirs)).post("/api/v1/opportunities").then().statusCode(201);
    }

    private static String deal(String account, String team) {
        return """
                {"accountId":"%s","name":"Upsell","type":"UPSELL","amount":{"amount":80000,"currency":"EUR"},
                 "expectedCloseDate":"2027-01-31","ownerId":"ae-7","teamId":"%s"}""".formatted(account, team);
    }
}
