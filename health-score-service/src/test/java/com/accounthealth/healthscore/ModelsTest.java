package com.accounthealth.healthscore;

import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.webapi.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.accounthealth.healthscore.Callers.accountService;
import static com.accounthealth.healthscore.Callers.healthAdmin;
import static com.accounthealth.healthscore.Callers.healthReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Models as data: the configured model is version v1; a draft derived from it scores nothing; activating it puts it in
 * force and re-scores every account under it with cause MODEL_CHANGE, raising no alert to anyone but one summary to
 * each leader concerned, and the next event scores under it too (nothing reverts it). The test puts v1 back in force when it ends: the database is shared.
 */
@QuarkusTest
class ModelsTest {

    @Inject
    DataSource dataSource;

    private static JsonPath health(String account) {
        return healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200).extract().jsonPath();
    }

    private static void activateAndAwait(String version) {
        String job = healthAdmin().post("/api/v1/models/" + version + "/activate").then().statusCode(202)
                .body("version", equalTo(version)).extract().path("jobId");
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                healthAdmin().get("/api/v1/admin/rescore/" + job).then().statusCode(200).body("state", equalTo("DONE")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDraftScoresNothingUntilActivatedThenEveryAccountAndEveryLaterEventUseIt() throws Exception {
        healthReader().get("/api/v1/models/v1").then().statusCode(200)
                .body("summary.active", equalTo(true)).body("model.weights.satisfaction", equalTo(25))
                .body("model.newAccount.graceDays", equalTo(30));
        String team = "models-" + UUID.randomUUID();
        // A leader of the team, told of changes by webhook: of the activation, once, as a summary.
        String subscription = TestTokens.as("sales-ops", Roles.NOTIFICATIONS_MANAGE).contentType("application/json")
                .body("""
                        {"leaderId":"leader-9","leaderName":"Mo","teamIds":["%s"],"alertTypes":[],
                         "channel":"WEBHOOK","target":"http://127.0.0.1:9/hooks"}""".formatted(team))
                .post("/api/v1/notification-subscriptions").then().statusCode(201).extract().path("subscriptionId");
        String account = accountService().body("""
                        {"name":"Model AG","tier":"SMB","ownerId":"ae-1","teamId":"%s",
                         "arr":{"amount":9000,"currency":"EUR"}}""".formatted(team))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
        accountService().body("{\"grade\":\"D\",\"question\":\"Overall satisfaction\"}")
                .post("/api/v1/accounts/" + account + "/feedback").then().statusCode(201);
        // v1: engagement and relationships have no data, so their weights go to the rest (25 + 15 + 15 + 10):
        // satisfaction 0 (D is really an F), competition, commercial and support 100: 4000 / 65 = 61.5 -> 62, WATCH.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(health(account).getInt("score")).isEqualTo(62));

        String version = "satisfaction-only-" + UUID.randomUUID().toString().substring(0, 8);
        healthAdmin().body("""
                        {"version":"%s","description":"Only satisfaction counts","derivedFrom":"v1",
                         "changes":{"weights":{"satisfaction":100,"engagement":0,"relationships":0,"competition":0,
                                    "commercial":0,"support":0}}}""".formatted(version))
                .post("/api/v1/models").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/models/" + version))
                .body("summary.derivedFrom", equalTo("v1")).body("summary.author", equalTo("ops-console"))
                .body("summary.active", equalTo(false)).body("model.weights.satisfaction", equalTo(100))
                .body("model.status.healthyFrom", equalTo(70));
        assertThat(health(account).getString("modelVersion")).as("a draft scores nothing").isEqualTo("v1");

        // What-if: what the draft would change today, changing nothing.
        String whatIf = healthAdmin().header("Idempotency-Key", "what-if-" + version)
                .post("/api/v1/models/" + version + "/what-if").then().statusCode(202).extract().path("jobId");
        // Retried with its key: the same job, not a second one.
        healthAdmin().header("Idempotency-Key", "what-if-" + version).post("/api/v1/models/" + version + "/what-if")
                .then().statusCode(202).body("jobId", equalTo(whatIf));
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> healthAdmin()
                .get("/api/v1/models/" + version + "/what-if/" + whatIf).then().statusCode(200)
                .body("progress.state", equalTo("DONE")));
        Map<String, Object> change = whatIfChangeOf(version, whatIf, account);
        assertThat(change).containsEntry("statusBefore", "WATCH").containsEntry("statusAfter", "AT_RISK")
                .containsEntry("scoreBefore", 62).containsEntry("scoreAfter", 0);
        assertThat((List<Map<String, Object>>) change.get("reasons")).anySatisfy(r -> assertThat(r)
                .containsEntry("component", "satisfaction").containsEntry("rule", "Weight")
                .containsEntry("pointsBefore", 25).containsEntry("pointsAfter", 100));
        JsonPath unchanged = health(account);
        assertThat(unchanged.getString("modelVersion")).isEqualTo("v1");
        assertThat(unchanged.getInt("score")).isEqualTo(62);

        try {
            activateAndAwait(version);
            // Only satisfaction counts: 0, AT_RISK, and the change says the model moved, not the account.
            JsonPath after = health(account);
            assertThat(after.getInt("score")).isZero();
            assertThat(after.getString("status")).isEqualTo("AT_RISK");
            assertThat(after.getString("modelVersion")).isEqualTo(version);
            List<Map<String, Object>> history = healthReader().get("/api/v1/health/accounts/" + account + "/history")
                    .then().statusCode(200).extract().path("$");
            assertThat(history.getLast().get("cause")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP).containsEntry("kind", "MODEL_CHANGE")
                    .containsEntry("modelVersion", version).containsEntry("previousModelVersion", "v1");
            assertThat(history.getLast().get("modelVersion")).isEqualTo(version);
            // Its AT_RISK alert is recorded, naming the model, but published to no one.
            healthReader().get("/api/v1/alerts?since=2000-01-01&size=200").then().statusCode(200)
                    .body("items.findAll { it.accountId == '%s' }.payload.modelVersion".formatted(account),
                            hasItem(version));
            assertThat(publishedAlertsOf(account)).isZero();
            // The leader is told once, by one summary naming the account, and of no alert one by one.
            List<Map<String, Object>> deliveries = TestTokens.as("sales-ops", Roles.NOTIFICATIONS_MANAGE)
                    .get("/api/v1/notification-deliveries?size=200&subscriptionId=" + subscription).then()
                    .statusCode(200).extract().path("items");
            assertThat(deliveries).extracting(d -> d.get("kind")).containsExactly("MODEL_CHANGE");
            healthReader().get("/api/v1/models?size=200").then().statusCode(200)
                    .body("items.find { it.version == '%s' }.active".formatted(version), equalTo(true))
                    .body("items.find { it.version == 'v1' }.active", equalTo(false));

            // The next event scores under the model in force: nothing reverts it.
            accountService().body("{\"grade\":\"B\",\"question\":\"Support\"}")
                    .post("/api/v1/accounts/" + account + "/feedback").then().statusCode(201);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                JsonPath next = health(account);
                // Latest grade per question averaged: D (0) and B (80): 40, still under the satisfaction-only model.
                assertThat(next.getInt("score")).isEqualTo(40);
                assertThat(next.getString("modelVersion")).isEqualTo(version);
            });
            healthAdmin().post("/api/v1/models/" + version + "/activate").then().statusCode(409)
                    .contentType("application/problem+json");
        } finally {
            activateAndAwait("v1");
        }
        assertThat(health(account).getString("modelVersion")).isEqualTo("v1");
    }

    @Test
    void aDraftThatIsNotAUsableModelIsAProblemNamingEachField() {
        healthAdmin().body("""
                {"version":"broken","description":"d","changes":{"weights":{"satisfactoin":30}}}""")
                .post("/api/v1/models").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("changes.weights.satisfactoin"));
        healthAdmin().body("""
                {"version":"broken","description":"d","changes":{"weights":{"satisfaction":0,"engagement":0,
                 "relationships":0,"competition":0,"commercial":0,"support":0},"status":{"watchFrom":90},
                 "relationships":{"windowDays":0}}}""")
                .post("/api/v1/models").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("changes.weights", "changes.status.watchFrom",
                        "changes.relationships.windowDays"));
        healthAdmin().body("{\"version\":\"v1\",\"description\":\"again\"}").post("/api/v1/models").then()
                .statusCode(409);
        healthAdmin().body("{\"version\":\"Not A Version\",\"description\":\"d\"}").post("/api/v1/models").then()
                .statusCode(400).body("errors[0].field", equalTo("version"));
        healthAdmin().body("{\"version\":\"orphan\",\"description\":\"d\",\"derivedFrom\":\"v404\"}")
                .post("/api/v1/models").then().statusCode(400).body("errors[0].field", equalTo("derivedFrom"));
        healthAdmin().body("{\"version\":\"nulls\",\"description\":\"d\",\"changes\":{\"weights\":null}}")
                .post("/api/v1/models").then().statusCode(400).body("errors[0].field", equalTo("changes.weights"));
        healthReader().get("/api/v1/models/broken").then().statusCode(404);
        healthAdmin().post("/api/v1/models/v404/activate").then().statusCode(404);
        healthAdmin().get("/api/v1/admin/rescore/not-a-job").then().statusCode(400);
        healthAdmin().get("/api/v1/models/v1/what-if/" + UUID.randomUUID()).then().statusCode(404);
        healthAdmin().get("/api/v1/models/v1/what-if/" + UUID.randomUUID() + "?statusChanges=maybe").then()
                .statusCode(400).body("errors[0].field", equalTo("statusChanges"));
    }

    /** The what-if's change for the account, looked for page by page among the status changes. */
    private static Map<String, Object> whatIfChangeOf(String version, String job, String account) {
        for (int page = 0; page < 100; page++) {
            JsonPath report = healthAdmin().get("/api/v1/models/" + version + "/what-if/" + job
                    + "?statusChanges=true&size=200&page=" + page).then().statusCode(200).extract().jsonPath();
            Map<String, Object> found = report.get("changes.items.find { it.accountId == '%s' }".formatted(account));
            if (found != null || report.getList("changes.items").isEmpty()) {
                assertThat(found).as("the what-if lists the account").isNotNull();
                return found;
            }
        }
        throw new AssertionError("the what-if lists the account");
    }

    private int publishedAlertsOf(String account) throws Exception {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(*) FROM outbox WHERE topic = 'account-health-alerts' AND record_key = ?")) {
            ps.setString(1, account);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
