package com.accounthealth.healthscore;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.accounthealth.healthscore.Callers.accountService;
import static com.accounthealth.healthscore.Callers.healthReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A competitor sighting recorded on the wrong account counts against it until it is retracted; then health stops
 * counting it and the history names the retraction as the cause of the change.
 */
@QuarkusTest
class CorrectionsTest {

    @Test
    void aRetractedSightingStopsCountingAndTheHistoryNamesTheRetraction() {
        String account = accountService().body("""
                {"name":"Corrected","tier":"ENTERPRISE","ownerId":"ae-1","teamId":"team-%s",
                 "arr":{"amount":100000,"currency":"EUR"}}""".formatted(UUID.randomUUID()))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
        await().atMost(Duration.ofSeconds(60)).until(() -> healthReader()
                .get("/api/v1/health/accounts/" + account).statusCode() == 200);
        int before = competition(account);

        String sighting = accountService().body("{\"competitor\":\"Initech\",\"capabilities\":[\"sso\"]}")
                .post("/api/v1/accounts/" + account + "/competitor-sightings").then().statusCode(201)
                .extract().path("eventId");
        await().atMost(Duration.ofSeconds(60)).until(() -> competition(account) < before);

        String retraction = accountService().body("{\"reason\":\"Recorded on the wrong account\"}")
                .post("/api/v1/accounts/" + account + "/facts/" + sighting + "/retraction").then().statusCode(200)
                .extract().path("eventId");

        await().atMost(Duration.ofSeconds(60)).until(() -> competition(account) == before);
        assertThat(healthReader().get("/api/v1/health/accounts/" + account).asString()).doesNotContain("Initech");
        List<Map<String, Object>> history = healthReader().get("/api/v1/health/accounts/" + account + "/history")
                .then().statusCode(200).extract().path("$");
        @SuppressWarnings("unchecked")
        Map<String, Object> cause = (Map<String, Object>) history.getLast().get("cause");
        assertThat(cause).containsEntry("kind", "NEWS");
        assertThat(cause.get("eventIds")).isEqualTo(List.of(retraction));
    }

    private static int competition(String account) {
        List<Integer> scores = healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200)
                .extract().path("components.findAll { it.component == 'competition' }.score");
        return scores.getFirst();
    }
}
