package com.accounthealth.healthscore;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import static com.accounthealth.healthscore.Callers.accountService;
import static com.accounthealth.healthscore.Callers.healthReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * As known then: {@code knownAt} leaves out facts recorded later (a backdated grade loaded afterwards), and a past
 * view carries the hysteresis of the status reported then, so it gives what was reported.
 */
@QuarkusTest
class AsKnownThenTest {

    private static String openSmb(int renewalInDays) {
        // Opened long ago, so no new-account grace: an uncovered renewal counts.
        return accountService().body("""
                        {"name":"Known Then","tier":"SMB","ownerId":"ae-2","teamId":"known-then",
                         "arr":{"amount":20000,"currency":"EUR"},"renewalDate":"%s","occurredAt":"%s"}"""
                        .formatted(LocalDate.now(ZoneOffset.UTC).plusDays(renewalInDays),
                                Instant.now().minus(400, ChronoUnit.DAYS)))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
    }

    private static void grade(String account, String grade, String question, Instant occurredAt) {
        accountService().body("{\"grade\":\"%s\",\"question\":\"%s\",\"occurredAt\":\"%s\"}"
                .formatted(grade, question, occurredAt)).post("/api/v1/accounts/" + account + "/feedback")
                .then().statusCode(201);
    }

    private static JsonPath health(String account, String query) {
        return healthReader().get("/api/v1/health/accounts/" + account + query).then().statusCode(200).extract()
                .jsonPath();
    }

    @Test
    void aFactRecordedLaterIsLeftOutOfWhatWasKnownBefore() {
        String account = openSmb(300);
        grade(account, "A", "Overall satisfaction", Instant.now().minus(20, ChronoUnit.DAYS));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(health(account, "").<Object>get("components[0].score")).isEqualTo(100));
        Instant beforeTheLoad = Instant.now();
        // Loaded afterwards: an F given 10 days ago to the same question.
        grade(account, "F", "Overall satisfaction", Instant.now().minus(10, ChronoUnit.DAYS));
        String fiveDaysAgo = Instant.now().minus(5, ChronoUnit.DAYS).toString();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(health(account, "?asOf=" + fiveDaysAgo).<Object>get("components[0].score")).isEqualTo(0));

        // What the service knew five days ago as of before the load: the A only.
        assertThat(health(account, "?asOf=" + fiveDaysAgo + "&knownAt=" + beforeTheLoad)
                .getInt("components[0].score")).isEqualTo(100);
        healthReader().get("/api/v1/health/accounts/" + account + "?knownAt=not-a-time").then().statusCode(400)
                .body("errors[0].field", equalTo("knownAt"));
        healthReader().get("/api/v1/health/accounts/" + account + "?model=v404").then().statusCode(400)
                .body("errors[0].field", equalTo("model"));
        assertThat(health(account, "?model=v1").getString("modelVersion")).isEqualTo("v1");
    }

    @Test
    void aPastViewCarriesTheHysteresisOfTheStatusReportedThen() {
        // SMB, renewal in 60 days with no renewal deal (commercial 60), three HIGH issues open (support 25).
        String account = openSmb(60);
        for (int i = 0; i < 3; i++) {
            accountService().body("{\"severity\":\"HIGH\",\"title\":\"Outage " + i + "\"}")
                    .post("/api/v1/accounts/" + account + "/support-issues").then().statusCode(201);
        }
        // An F before the renewal is a critical signal: AT_RISK whatever the score.
        grade(account, "F", "Overall satisfaction", Instant.now());
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(health(account, "").getString("status")).isEqualTo("AT_RISK"));
        grade(account, "C", "Value for money", Instant.now());
        grade(account, "B", "Overall satisfaction", Instant.now());
        // The newest grade is a B: no critical signal. Satisfaction (80 + 0) / 2 = 40; engagement and relationships
        // have no data: (40 x 25 + 100 x 15 + 60 x 15 + 25 x 10) / 65 = 3,650 / 65 = 56.2, 56. From AT_RISK an
        // account leaves only at 60: it stays AT_RISK (from WATCH, 56 would be WATCH).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonPath live = health(account, "");
            assertThat(live.getInt("score")).isEqualTo(56);
            assertThat(live.getString("status")).isEqualTo("AT_RISK");
        });

        JsonPath now = health(account, "?asOf=" + Instant.now());
        assertThat(now.getInt("score")).isEqualTo(56);
        assertThat(now.getString("status")).as("what was reported").isEqualTo("AT_RISK");
    }
}
