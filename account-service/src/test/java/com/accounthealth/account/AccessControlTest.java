package com.accounthealth.account;

import com.accounthealth.testsupport.SecurityMatrix;
import com.accounthealth.testsupport.SecurityMatrix.Endpoint;
import com.accounthealth.testsupport.SecurityMatrix.Kind;
import com.accounthealth.testsupport.TestTokens;
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

/** Who may do what with accounts: every operation against every kind of caller, and teams kept apart. */
@QuarkusTest
class AccessControlTest {

    @Inject
    DataSource dataSource;

    private static RequestSpecification forTeam(String team) {
        return TestTokens.asTeam(team, "fixture-loader", Roles.ACCOUNTS_READ, Roles.ACCOUNTS_WRITE);
    }

    @Test
    void everyOperationRefusesEveryCallerButTheRightOneAndRefusedWritesAppendNothing() {
        String team = "team-" + UUID.randomUUID();
        RequestSpecification loader = forTeam(team);
        String account = loader.body(profile(team)).post("/api/v1/accounts").then().statusCode(201)
                .extract().path("accountId");
        String contact = forTeam(team).body("{\"name\":\"Ada\",\"role\":\"CHAMPION\"}")
                .post("/api/v1/accounts/" + account + "/contacts").then().statusCode(201).extract().path("createdId");
        forTeam(team).body("{\"system\":\"crm\",\"externalId\":\"crm-" + team + "\"}")
                .post("/api/v1/accounts/" + account + "/external-references").then().statusCode(201);
        String sighting = forTeam(team).body("{\"competitor\":\"Initech\",\"capabilities\":[\"sso\"]}")
                .post("/api/v1/accounts/" + account + "/competitor-sightings").then().statusCode(201)
                .extract().path("eventId");
        String issue = forTeam(team).body("{\"severity\":\"HIGH\",\"title\":\"SSO outage\"}")
                .post("/api/v1/accounts/" + account + "/support-issues").then().statusCode(201).extract().path("createdId");

        int checked = SecurityMatrix.verify(List.of(
                new Endpoint("GET", "/api/v1/accounts/{accountId}", null, Kind.READ_ONE, null),
                new Endpoint("GET", "/api/v1/accounts/{accountId}/events", null, Kind.READ_ONE, null),
                new Endpoint("GET", "/api/v1/accounts", "size=200&teamId=" + team, Kind.READ_LIST, null),
                new Endpoint("POST", "/api/v1/accounts", null, Kind.CREATE, profile(team)),
                new Endpoint("PUT", "/api/v1/accounts/{accountId}/profile", null, Kind.WRITE_EXISTING, profile(team)),
                new Endpoint("POST", "/api/v1/accounts/{accountId}/teams", null, Kind.WRITE_EXISTING,
                        "{\"name\":\"Finance\"}"),
                new Endpoint("POST", "/api/v1/accounts/{accountId}/contacts", null, Kind.WRITE_EXISTING,
                        "{\"name\":\"Grace\",\"role\":\"DECISION_MAKER\"}"),
                new Endpoint("POST", "/api/v1/accounts/{accountId}/interactions", null, Kind.WRITE_EXISTING,
                        "{\"type\":\"MEETING\",\"occurredAt\":\"2026-09-01T10:00:00Z\",\"contactIds\":[\"" + contact + "\"]}"),
                new Endpoint("POST", "/api/v1/accounts/{accountId}/client-events", null, Kind.WRITE_EXISTING,
                        "{\"type\":\"FUNDING_ROUND\",\"occurredAt\":\"2026-09-01T10:00:00Z\",\"description\":\"Series C\"}"),
                new Endpoint("POST", "/api/v1/accounts/{accountId}/competitor-sightings", null, Kind.WRITE_EXISTING,
                        "{\"competitor\":\"Initech\",\"capabilities\":[\"forecasting\"]}"),
                new Endpoint("POST", "/api/v1/accounts/{accountId}/support-issues", null, Kind.WRITE_EXISTING,
                        "{\"severity\":\"LOW\",\"title\":\"Typo\"}"),
                new Endpoint("POST", "/api/v1/accounts/{accountId}/support-issues/{issueId}/resolution", null,
                        Kind.WRITE_EXISTING, "{}"),
                new Endpoint("POST", "/api/v1/accounts/{accountId}/feedback", null, Kind.WRITE_EXISTING,
                        "{\"grade\":\"B\",\"question\":\"Renew?\"}"),
                new Endpoint("PUT", "/api/v1/accounts/{accountId}/contacts/by-reference/{system}/{externalId}", null,
                        Kind.WRITE_EXISTING, "{\"name\":\"Linus\",\"role\":\"USER\"}"),
                new Endpoint("GET", "/api/v1/contacts/by-reference/{system}/{externalId}", null, Kind.READ_ONE, null),
                new Endpoint("POST", "/api/v1/accounts/{accountId}/contacts/{contactId}/departure", null,
                        Kind.WRITE_EXISTING, "{}"),
                new Endpoint("POST", "/api/v1/accounts/{accountId}/renewals", null, Kind.WRITE_EXISTING,
                        "{\"newArr\":{\"amount\":300000,\"currency\":\"EUR\"},\"nextRenewalDate\":\"2028-03-31\"}"),
                new Endpoint("POST", "/api/v1/accounts/{accountId}/downgrades", null, Kind.WRITE_EXISTING,
                        "{\"newArr\":{\"amount\":200000,\"currency\":\"EUR\"},\"reason\":\"Fewer seats\"}"),
                new Endpoint("POST", "/api/v1/accounts/{accountId}/churn", null, Kind.WRITE_EXISTING,
                        "{\"reason\":\"Budget cut\"}"),
                new Endpoint("POST", "/api/v1/accounts/{accountId}/renewal-loss", null, Kind.WRITE_EXISTING,
                        "{\"reason\":\"Cheaper tool\"}"),
                new Endpoint("POST", "/api/v1/accounts/{accountId}/facts/{eventId}/retraction", null,
                        Kind.WRITE_EXISTING, "{\"reason\":\"Wrong account\"}"),
                // After the retraction: the right caller's amendment is then a 409 (already retracted), which is enough.
                new Endpoint("POST", "/api/v1/accounts/{accountId}/facts/{eventId}/amendment", null,
                        Kind.WRITE_EXISTING, "{\"reason\":\"Wrong competitor\",\"replacement\":{\"competitor\":"
                        + "\"Initech\",\"capabilities\":[\"sso\"]}}"),
                new Endpoint("POST", "/api/v1/accounts/import", null, Kind.BULK, ("{\"idempotencyKey\":\"matrix-%s\","
                        + "\"command\":\"recordClientEvent\",\"accountId\":\"%s\",\"body\":{\"type\":\"FUNDING_ROUND\","
                        + "\"occurredAt\":\"2026-09-01T10:00:00Z\"}}").formatted(UUID.randomUUID(), account), null,
                        "application/x-ndjson"),
                new Endpoint("GET", "/api/v1/accounts/by-reference/{system}/{externalId}", null, Kind.READ_ONE, null),
                new Endpoint("PUT", "/api/v1/accounts/by-reference/{system}/{externalId}", null, Kind.CREATE,
                        profile(team)),
                new Endpoint("POST", "/api/v1/accounts/{accountId}/external-references", null, Kind.WRITE_EXISTING,
                        "{\"system\":\"billing\",\"externalId\":\"cus-" + team + "\"}"),
                new Endpoint("GET", "/api/v1/accounts/{accountId}/contacts/{contactId}/personal-data", null,
                        Kind.READ_ONE, null),
                // Last: nothing more is recorded about an erased contact.
                new Endpoint("POST", "/api/v1/accounts/{accountId}/contacts/{contactId}/erasure", null,
                        Kind.WRITE_EXISTING, null)),
                new SecurityMatrix.Fixture(Map.of("accountId", account, "contactId", contact, "issueId", issue,
                        "system", "crm", "externalId", "crm-" + team, "eventId", sighting), team,
                        account, SecurityMatrix.Fixture.rowsOf(dataSource, "event_store")));
        assertThat(checked).isEqualTo(28 * 6);
    }

    @Test
    void aTeamScopedTokenCannotCreateForOrMoveAnAccountToAnotherTeam() {
        String team = "team-" + UUID.randomUUID();
        String account = forTeam(team).body(profile(team)).post("/api/v1/accounts").then().statusCode(201)
                .extract().path("accountId");
        IntSupplier events = SecurityMatrix.Fixture.rowsOf(dataSource, "event_store");
        int before = events.getAsInt();

        forTeam(team).body(profile("elsewhere")).put("/api/v1/accounts/" + account + "/profile").then().statusCode(403)
                .body("errors[0].field", equalTo("teamId"));
        forTeam(team).body(profile("elsewhere")).post("/api/v1/accounts").then().statusCode(403);
        // An account id that exists in another team is not confirmed by a 409 either.
        forTeam("elsewhere").body(profile("elsewhere").replaceFirst("\\{", "{\"accountId\":\"" + account + "\","))
                .post("/api/v1/accounts").then().statusCode(404);

        assertThat(events.getAsInt()).isEqualTo(before);
        forTeam(team).get("/api/v1/accounts/" + account).then().statusCode(200).body("profile.teamId", equalTo(team));
    }

    private static String profile(String team) {
        return """
                {"name":"Globex","tier":"ENTERPRISE","ownerId":"ae-7","teamId":"%s",
                 "arr":{"amount":250000,"currency":"EUR"}}""".formatted(team);
    }
}
