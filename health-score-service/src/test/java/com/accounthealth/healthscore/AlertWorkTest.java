package com.accounthealth.healthscore;

import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.webapi.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static com.accounthealth.healthscore.Callers.accountService;
import static com.accounthealth.healthscore.Callers.healthReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** An alert worked as a leader would: acknowledged, handed to an account executive, commented, snoozed, resolved. */
@QuarkusTest
class AlertWorkTest {

    private static RequestSpecification leaderOf(String team) {
        return TestTokens.asTeam(team, "leader-of-" + team, Roles.HEALTH_READ, Roles.ALERTS_WORK)
                .contentType("application/json");
    }

    /** A strategic account of its own team that goes at risk (an F a month before renewal); answers its alert's id. */
    private static String atRiskAlert(String team) {
        String account = accountService().body("""
                {"name":"Worked","tier":"STRATEGIC","ownerId":"ae-1","teamId":"%s",
                 "arr":{"amount":250000,"currency":"EUR"},"renewalDate":"%s"}"""
                .formatted(team, LocalDate.now().plusDays(30))).post("/api/v1/accounts").then().statusCode(201)
                .extract().path("accountId");
        accountService().body("{\"grade\":\"F\",\"question\":\"Renew?\"}").post("/api/v1/accounts/" + account + "/feedback")
                .then().statusCode(201);
        return await().atMost(Duration.ofSeconds(60)).until(() -> leaderOf(team).get("/api/v1/alerts/inbox?size=200")
                .then().statusCode(200).extract().jsonPath()
                .<String>getList("items.findAll { it.alertType == 'ACCOUNT_AT_RISK' }.alertId")
                .stream().findFirst().orElse(null), id -> id != null);
    }

    @Test
    void anAlertIsAcknowledgedAssignedCommentedAndResolvedWithEveryStepInItsActivity() {
        String team = "team-" + UUID.randomUUID();
        String alert = atRiskAlert(team);
        RequestSpecification leader = leaderOf(team);

        leader.get("/api/v1/alerts/" + alert).then().statusCode(200)
                .body("alert.work.state", equalTo("OPEN"))
                .body("nextSteps.rule", hasItem("PoorGradeBeforeRenewal"));
        leader.post("/api/v1/alerts/" + alert + "/acknowledge").then().statusCode(200)
                .body("alert.work.state", equalTo("ACKNOWLEDGED"))
                .body("alert.work.acknowledgedBy", equalTo("leader-of-" + team));
        // A second acknowledgement (a double click, a retry) changes nothing and records nothing.
        leaderOf(team).post("/api/v1/alerts/" + alert + "/acknowledge").then().statusCode(200);
        leaderOf(team).body("{\"assignee\":\"ae-7\"}").post("/api/v1/alerts/" + alert + "/assignment").then()
                .statusCode(200).body("alert.work.assignee", equalTo("ae-7"));
        // A comment retried with its Idempotency-Key (a double submit, a lost answer) is recorded once.
        for (int attempt = 0; attempt < 2; attempt++) {
            leaderOf(team).header("Idempotency-Key", "comment-" + alert)
                    .body("{\"text\":\"Renewal call booked with the CFO\"}")
                    .post("/api/v1/alerts/" + alert + "/comments").then().statusCode(200);
        }
        leaderOf(team).body("{\"until\":\"" + Instant.now().minusSeconds(60) + "\"}")
                .post("/api/v1/alerts/" + alert + "/snooze").then().statusCode(400)
                .body("errors.field", hasItem("until"));
        leaderOf(team).body("{\"until\":\"" + Instant.now().plus(Duration.ofDays(3)) + "\"}")
                .post("/api/v1/alerts/" + alert + "/snooze").then().statusCode(200);
        // Snoozed: out of the inbox's default view, in the snoozed one.
        assertThat(inbox(team, "")).doesNotContain(alert);
        assertThat(inbox(team, "&snoozed=true")).contains(alert);

        leaderOf(team).body("{\"resolution\":\"Business review held; renewal agreed\"}")
                .post("/api/v1/alerts/" + alert + "/resolution").then().statusCode(200)
                .body("alert.work.state", equalTo("RESOLVED"))
                .body("activity.action", equalTo(List.of("ACKNOWLEDGED", "ASSIGNED", "COMMENTED", "SNOOZED",
                        "RESOLVED")));
        leaderOf(team).post("/api/v1/alerts/" + alert + "/acknowledge").then().statusCode(409);
        assertThat(inbox(team, "&snoozed=true")).doesNotContain(alert);
        assertThat(inbox(team, "&state=RESOLVED")).contains(alert);
    }

    @Test
    void aLeaderOfAnotherTeamNeitherSeesNorWorksTheAlert() {
        String team = "team-" + UUID.randomUUID();
        String alert = atRiskAlert(team);
        leaderOf("some-other-team").get("/api/v1/alerts/" + alert).then().statusCode(404);
        leaderOf("some-other-team").post("/api/v1/alerts/" + alert + "/acknowledge").then().statusCode(404);
        leaderOf("some-other-team").get("/api/v1/alerts/inbox?size=200&state=ALL").then().statusCode(200)
                .body("items.alertId", not(hasItem(alert)));
        healthReader().get("/api/v1/alerts/" + alert).then().statusCode(200).body("alert.work.state", equalTo("OPEN"));
    }

    private static List<String> inbox(String team, String query) {
        return leaderOf(team).get("/api/v1/alerts/inbox?size=200" + query).then().statusCode(200).extract().jsonPath()
                .getList("items.alertId");
    }
}
