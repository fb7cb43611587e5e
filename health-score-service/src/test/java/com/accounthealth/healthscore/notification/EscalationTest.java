package com.accounthealth.healthscore.notification;

import com.accounthealth.healthscore.application.EscalatingAlerts;
import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.testsupport.WriterServices;
import com.accounthealth.webapi.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** An at-risk alert on a strategic account that nobody picks up goes, once, to the escalation target. */
@QuarkusTest
class EscalationTest {

    @Inject
    EscalatingAlerts escalating;

    private static RequestSpecification leaderOf(String team) {
        return TestTokens.asTeam(team, "leader-of-" + team, Roles.HEALTH_READ, Roles.ALERTS_WORK)
                .contentType("application/json");
    }

    private static String strategicAccountAtRisk(String team, String name) {
        RequestSpecification accounts = TestTokens.as("crm-sync", Roles.ACCOUNTS_WRITE)
                .baseUri(WriterServices.accountServiceUrl()).contentType("application/json");
        String account = accounts.body("""
                {"name":"%s","tier":"STRATEGIC","ownerId":"ae-1","teamId":"%s",
                 "arr":{"amount":900000,"currency":"EUR"},"renewalDate":"%s"}"""
                .formatted(name, team, LocalDate.now().plusDays(30))).post("/api/v1/accounts").then().statusCode(201)
                .extract().path("accountId");
        TestTokens.as("survey-tool", Roles.ACCOUNTS_WRITE).baseUri(WriterServices.accountServiceUrl())
                .contentType("application/json").body("{\"grade\":\"F\",\"question\":\"Renew?\"}")
                .post("/api/v1/accounts/" + account + "/feedback").then().statusCode(201);
        return await().atMost(Duration.ofSeconds(60)).until(() -> leaderOf(team).get("/api/v1/alerts/inbox?size=200")
                .then().statusCode(200).extract().jsonPath()
                .<String>getString("items.find { it.accountId == '" + account + "' && it.alertType == 'ACCOUNT_AT_RISK' }.alertId"),
                id -> id != null);
    }

    private static void recover(String account) {
        RequestSpecification crm = TestTokens.as("crm-sync", Roles.ACCOUNTS_WRITE)
                .baseUri(WriterServices.accountServiceUrl()).contentType("application/json");
        crm.body("{\"newArr\":{\"amount\":900000,\"currency\":\"EUR\"},\"nextRenewalDate\":\"%s\"}"
                .formatted(LocalDate.now().plusYears(2))).post("/api/v1/accounts/" + account + "/renewals")
                .then().statusCode(200);
        crm.body("{\"grade\":\"A\",\"question\":\"Renew?\"}").post("/api/v1/accounts/" + account + "/feedback")
                .then().statusCode(201);
        crm.body("{\"type\":\"BUSINESS_REVIEW\",\"occurredAt\":\"%s\",\"contactIds\":[]}".formatted(Instant.now()))
                .post("/api/v1/accounts/" + account + "/interactions").then().statusCode(201);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> TestTokens.as("bi", Roles.HEALTH_READ)
                .get("/api/v1/health/accounts/" + account).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.not("AT_RISK")));
    }

    @Test
    void anUnacknowledgedStrategicAlertIsEscalatedOnceAndAnAcknowledgedOneNot() {
        String team = "team-" + UUID.randomUUID();
        try (Receiver escalations = new Receiver(0)) {
            // The escalation target: a subscription of its own (its alert types concern ordinary alerts only).
            String subscription = TestTokens.as("sales-ops", Roles.NOTIFICATIONS_MANAGE).contentType("application/json")
                    .body("""
                            {"leaderId":"vp-sales","leaderName":"VP Sales","teamIds":["%s"],"alertTypes":["GROWTH_SIGNAL"],
                             "channel":"WEBHOOK","target":"%s"}""".formatted(team, escalations.url("/escalations")))
                    .post("/api/v1/notification-subscriptions").then().statusCode(201).extract().path("subscriptionId");
            String ignored = strategicAccountAtRisk(team, "Ignored Industries");
            String picked = strategicAccountAtRisk(team, "Picked-up Partners");
            leaderOf(team).post("/api/v1/alerts/" + picked + "/acknowledge").then().statusCode(200);
            // Snoozed by a leader who knows: seen, so not escalated while the snooze lasts.
            String snoozed = strategicAccountAtRisk(team, "Snoozed Systems");
            leaderOf(team).body("{\"until\":\"" + Instant.now().plus(Duration.ofDays(2)) + "\"}")
                    .post("/api/v1/alerts/" + snoozed + "/snooze").then().statusCode(200);

            // At risk, then saved before anyone looked: renewed, an A, a business review. Not escalated.
            String recoveredAlert = strategicAccountAtRisk(team, "Recovered Robotics");
            String recovered = leaderOf(team).get("/api/v1/alerts/" + recoveredAlert).then().extract()
                    .path("alert.accountId");
            recover(recovered);

            Instant now = Instant.now();
            assertThat(escalating.escalateDue(UUID.fromString(subscription), Duration.ZERO, now)).isEqualTo(1);
            assertThat(escalating.escalateDue(UUID.fromString(subscription), Duration.ZERO, now)).isZero();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(escalations.accepted()).hasSize(1));
            String delivered = escalations.accepted().getFirst().text();
            assertThat(delivered).contains("com.accounthealth.notification.ESCALATION.v1").contains(ignored)
                    .contains("Ignored Industries").doesNotContain(picked).doesNotContain(snoozed)
                    .doesNotContain(recoveredAlert);
            leaderOf(team).get("/api/v1/alerts/" + ignored).then().statusCode(200)
                    .body("alert.work.escalatedAt", notNullValue())
                    .body("activity.action", hasItem("ESCALATED"));
        }
    }

    @Test
    void anAlertYoungerThanTheWaitIsNotEscalated() {
        String team = "team-" + UUID.randomUUID();
        String subscription = TestTokens.as("sales-ops", Roles.NOTIFICATIONS_MANAGE).contentType("application/json")
                .body("""
                        {"leaderId":"vp-sales","leaderName":"VP Sales","teamIds":["%s"],"alertTypes":["GROWTH_SIGNAL"],
                         "channel":"WEBHOOK","target":"http://127.0.0.1:9/escalations"}""".formatted(team))
                .post("/api/v1/notification-subscriptions").then().statusCode(201).extract().path("subscriptionId");
        strategicAccountAtRisk(team, "Fresh Fabrics");
        assertThat(escalating.escalateDue(UUID.fromString(subscription), Duration.ofHours(4), Instant.now())).isZero();
    }
}
