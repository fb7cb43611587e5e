package com.accounthealth.healthscore;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.accounthealth.healthscore.Callers.healthReader;
import static com.accounthealth.healthscore.Callers.healthAdmin;
import static com.accounthealth.healthscore.Callers.accountService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/** Re-scoring the portfolio from the inbox under other weights, in the background, with progress. */
@QuarkusTest
class RescoreTest {

    @Test
    void rescoringWithChangedWeightsChangesScoresAndReportsStatusChanges() {
        String account = accountService()
                .body("""
                        {"name":"Rescore AG","tier":"SMB","ownerId":"ae-1","teamId":"rescore-team",
                         "arr":{"amount":9000,"currency":"EUR"}}""")
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
        accountService()
                .body("{\"grade\":\"D\",\"question\":\"Overall satisfaction\"}")
                .post("/api/v1/accounts/" + account + "/feedback").then().statusCode(201);
        // Model v1: engagement and relationships have no data, so their weights go to the rest (25 + 15 + 15 + 10):
        // satisfaction 0 (D is really an F), competition, commercial and support 100: 4000 / 65 = 61.5 -> 62, WATCH.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200)
                        .body("score", equalTo(62)).body("status", equalTo("WATCH")));

        // Only satisfaction counts: 0, AT_RISK.
        String job = healthAdmin().body("""
                {"modelVersion":"satisfaction-only","weights":{"satisfaction":100,"engagement":0,"relationships":0,
                 "competition":0,"commercial":0,"support":0}}""")
                .post("/api/v1/admin/rescore").then().statusCode(202).extract().path("jobId");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                healthAdmin().get("/api/v1/admin/rescore/" + job).then().statusCode(200).body("state", equalTo("DONE")));
        healthAdmin().get("/api/v1/admin/rescore/" + job).then()
                .body("total", greaterThanOrEqualTo(1)).body("statusChanged", greaterThanOrEqualTo(1))
                .body("modelVersion", equalTo("satisfaction-only"));
        healthReader().get("/api/v1/health/accounts/" + account).then()
                .body("score", equalTo(0)).body("status", equalTo("AT_RISK")).body("modelVersion", equalTo("satisfaction-only"));
        String cause = healthReader().get("/api/v1/health/accounts/" + account + "/history").then().extract()
                .path("cause.rescore.last()");
        assertThat(cause).isEqualTo(job);

        healthAdmin().get("/api/v1/admin/rescore/not-a-job").then().statusCode(400);
        healthAdmin().body("{\"modelVersion\":\"none\",\"weights\":{\"satisfaction\":0,"
                + "\"engagement\":0,\"relationships\":0,\"competition\":0,\"commercial\":0,\"support\":0}}")
                .post("/api/v1/admin/rescore").then().statusCode(400).body("errors[0].field", equalTo("weights"));
    }
}
