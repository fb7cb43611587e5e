package com.accounthealth.healthscore;

import com.accounthealth.healthscore.application.Backtesting;
import com.accounthealth.healthscore.domain.HealthModel;
import com.accounthealth.healthscore.infrastructure.RescoreJobs;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static com.accounthealth.healthscore.Callers.accountService;
import static com.accounthealth.healthscore.Callers.healthAdmin;
import static com.accounthealth.healthscore.Callers.healthReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A backtest over real servers: four SMB accounts with a history loaded through account-service and an outcome on
 * day D (137 days ago), scored weekly over the 90 days before it under v1 and under a draft that ignores support.
 * <pre>
 *   caught  churned; from D-80 an F and four HIGH issues open: v1 (0 x 25 + 100 x 15 + 100 x 15 + 0 x 10) / 65 = 46,
 *           AT_RISK from the D-76 step (76 days of lead); the draft (0 + 1,500 + 1,500) / 55 = 55, WATCH: missed
 *   missed  churned with nothing on record: HEALTHY throughout
 *   calm    renewed; an A at D-80: never flagged
 *   alarm   renewed, with the caught account's history: a false alarm under v1, none under the draft
 * </pre>
 */
@QuarkusTest
class BacktestTest {

    @Inject
    RescoreJobs jobs;

    @Inject
    HealthModel model;

    @Inject
    ObjectMapper json;

    private static final Instant D = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(137, ChronoUnit.DAYS)
            .plus(12, ChronoUnit.HOURS);

    private static String open(String name) {
        return accountService().body("""
                        {"name":"%s","tier":"SMB","ownerId":"ae-5","teamId":"backtest-team",
                         "arr":{"amount":30000,"currency":"EUR"},"renewalDate":"%s","occurredAt":"%s"}"""
                        .formatted(name, LocalDate.now(ZoneOffset.UTC).plusDays(300), D.minus(400, ChronoUnit.DAYS)))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
    }

    private static void post(String account, String path, String body, int status) {
        accountService().body(body).post("/api/v1/accounts/" + account + path).then().statusCode(status);
    }

    private static void troubled(String account) {
        Instant at = D.minus(80, ChronoUnit.DAYS);
        for (int i = 0; i < 4; i++) {
            post(account, "/support-issues", "{\"severity\":\"HIGH\",\"title\":\"Outage %d\",\"occurredAt\":\"%s\"}"
                    .formatted(i, at), 201);
        }
        post(account, "/feedback", "{\"grade\":\"F\",\"question\":\"Overall satisfaction\",\"occurredAt\":\"%s\"}"
                .formatted(at), 201);
    }

    private static void renew(String account) {
        post(account, "/renewals", "{\"newArr\":{\"amount\":30000,\"currency\":\"EUR\"},\"occurredAt\":\"%s\"}"
                .formatted(D), 200);
    }

    private static void churn(String account) {
        post(account, "/churn", "{\"reason\":\"Gone\",\"occurredAt\":\"%s\"}".formatted(D), 200);
    }

    @Test
    void modelsAreComparedOnWhatHappenedToTheirAccounts() {
        String caught = open("Caught");
        troubled(caught);
        churn(caught);
        String missed = open("Missed");
        churn(missed);
        String calm = open("Calm");
        post(calm, "/feedback", "{\"grade\":\"A\",\"question\":\"Overall satisfaction\",\"occurredAt\":\"%s\"}"
                .formatted(D.minus(80, ChronoUnit.DAYS)), 201);
        renew(calm);
        String alarm = open("Alarm");
        troubled(alarm);
        renew(alarm);
        String draft = "support-blind-" + UUID.randomUUID().toString().substring(0, 8);
        healthAdmin().body("""
                        {"version":"%s","description":"Support does not count","derivedFrom":"v1",
                         "changes":{"weights":{"support":0}}}""".formatted(draft))
                .post("/api/v1/models").then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String account : new String[] {caught, missed, calm, alarm}) {
                healthReader().get("/api/v1/health/accounts/" + account + "/outcomes").then().statusCode(200)
                        .body("size()", equalTo(1));
            }
        });

        LocalDate day = LocalDate.ofInstant(D, ZoneOffset.UTC);
        String request = """
                {"models":["v1","%s"],"from":"%s","to":"%s","horizonDays":90,"stepDays":7,"leadDays":30,
                 "asRecorded":false}""".formatted(draft, day, day.plusDays(1));
        String key = "backtest-" + draft;
        String job = healthAdmin().header("Idempotency-Key", key).body(request)
                .post("/api/v1/backtests").then().statusCode(202).extract().path("jobId");
        // Retried with its key (the answer was lost): the same job, not a second one.
        healthAdmin().header("Idempotency-Key", key).body(request).post("/api/v1/backtests").then().statusCode(202)
                .header("Idempotent-Replayed", "true").body("jobId", equalTo(job));
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> healthReader().get("/api/v1/backtests/" + job)
                .then().statusCode(200).body("progress.state", equalTo("DONE")));
        JsonPath report = healthReader().get("/api/v1/backtests/" + job).then().statusCode(200).extract().jsonPath();
        // The list shows it, newest first, with the request that started it.
        healthReader().get("/api/v1/backtests").then().statusCode(200)
                .body("find { it.progress.jobId == '" + job + "' }.request.models", org.hamcrest.Matchers.notNullValue());

        assertThat(report.getInt("progress.total")).isEqualTo(4);
        assertThat(report.getString("report.models[0].modelVersion")).isEqualTo("v1");
        assertThat(report.getInt("report.models[0].positives")).isEqualTo(2);
        assertThat(report.getInt("report.models[0].negatives")).isEqualTo(2);
        assertThat(report.getInt("report.models[0].caught")).isEqualTo(1);
        assertThat(report.getInt("report.models[0].falseAlarms")).isEqualTo(1);
        assertThat(report.getDouble("report.models[0].leadTimes.median")).isEqualTo(76.0);
        assertThat(report.getMap("report.models[0].warnings")).containsKey("satisfaction");
        assertThat(report.getString("report.models[0].results.find { it.name == 'Caught' }.worstStatus"))
                .isEqualTo("AT_RISK");
        assertThat(report.getInt("report.models[0].results.find { it.name == 'Caught' }.lowestScore")).isEqualTo(46);
        assertThat(report.getString("report.models[1].modelVersion")).isEqualTo(draft);
        assertThat(report.getInt("report.models[1].caught")).isZero();
        assertThat(report.getInt("report.models[1].falseAlarms")).isZero();
        // v1 ranks both churns' lowest scores (46, 100) against the renewals' (46, 100): ties only, 0.5.
        assertThat(report.getDouble("report.models[0].rocAuc")).isEqualTo(0.5);

        assertThat(report.getList("report.models[0].results[0].steps")).as("steps only when asked for").isEmpty();
        assertThat(healthReader().get("/api/v1/backtests/" + job + "?steps=true").then().statusCode(200).extract()
                .jsonPath().getList("report.models[0].results.find { it.name == 'Caught' }.steps")).hasSize(13);
        String csv = healthReader().get("/api/v1/backtests/" + job + "?format=csv").then().statusCode(200)
                .contentType("text/csv").extract().asString();
        assertThat(csv.lines()).hasSize(1 + 8).first().asString().startsWith("model,accountId,name");
        assertThat(csv).contains("\"Caught\"");

        // A backtest an instance recorded and left (it stopped before taking a chunk) is done by this one, with the
        // same report: nothing of it lives in one instance's memory.
        RescoreJobs.Job left = QuarkusTransaction.requiringNew().call(() -> jobs.createBacktest(model,
                json.writeValueAsString(new Backtesting.Request(List.of("v1"), D.truncatedTo(ChronoUnit.DAYS),
                        D.truncatedTo(ChronoUnit.DAYS).plus(1, ChronoUnit.DAYS), 90, 7, 30, false)),
                List.of(UUID.fromString(caught), UUID.fromString(missed), UUID.fromString(calm),
                        UUID.fromString(alarm)), 1, "an instance that stopped", Instant.now()));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> healthReader()
                .get("/api/v1/backtests/" + left.jobId()).then().statusCode(200)
                .body("progress.state", equalTo("DONE")).body("progress.done", equalTo(4))
                .body("report.models[0].caught", equalTo(1)).body("report.models[0].falseAlarms", equalTo(1)));

        healthAdmin().post("/api/v1/backtests/" + job + "/cancel").then().statusCode(409);
        healthReader().get("/api/v1/backtests/" + job + "?format=xml").then().statusCode(400)
                .body("errors[0].field", equalTo("format"));
        healthReader().get("/api/v1/backtests/" + UUID.randomUUID()).then().statusCode(404);
        healthAdmin().body("""
                {"models":["v404"],"from":"2026-01-01","to":"2026-02-01","horizonDays":90,"stepDays":7}""")
                .post("/api/v1/backtests").then().statusCode(400).body("errors[0].field", equalTo("models"));
        healthAdmin().body("""
                {"models":["v1"],"from":"2026-01-01","to":"2026-02-01","horizonDays":90,"stepDays":0}""")
                .post("/api/v1/backtests").then().statusCode(400).body("errors[0].field", equalTo("stepDays"));
    }
}
