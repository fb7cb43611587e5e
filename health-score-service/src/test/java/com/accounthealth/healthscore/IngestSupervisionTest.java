package com.accounthealth.healthscore;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 19: a poll error (there, an authentication refused after a credential rotation) ended ingest's consumer
 * thread for good, silently. Here every poll fails (a topic name the broker refuses): the consumer is started again,
 * each time counted, and the instance stays live.
 */
@QuarkusTest
@TestProfile(IngestSupervisionTest.PollsFail.class)
class IngestSupervisionTest {

    public static class PollsFail implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("health.ingest.topics", "account-events,not a valid topic!", "health.ingest.consumers", "1");
        }
    }

    @Test
    void aConsumerWhosePollFailsIsStartedAgainAndTheInstanceStaysLive() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> restarts() >= 2);
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'Background workers' }.status", equalTo("UP"));
    }

    private static double restarts() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("background_worker_restarts_total{") && l.contains("worker=\"event-ingest-0\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
