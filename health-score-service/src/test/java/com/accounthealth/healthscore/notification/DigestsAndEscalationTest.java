package com.accounthealth.healthscore.notification;

import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.application.DeliveringNotifications;
import com.accounthealth.healthscore.application.NotifyingLeaders;
import com.accounthealth.healthscore.application.SendingDigests;
import com.accounthealth.healthscore.infrastructure.Alerts;
import com.accounthealth.healthscore.infrastructure.notification.AlertNotices;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.accounthealth.healthscore.notification.Leaders.account;
import static com.accounthealth.healthscore.notification.Leaders.alertId;
import static com.accounthealth.healthscore.notification.Leaders.console;
import static com.accounthealth.healthscore.notification.Leaders.crm;
import static com.accounthealth.healthscore.notification.Leaders.deliveries;
import static com.accounthealth.healthscore.notification.Leaders.goesAtRisk;
import static com.accounthealth.healthscore.notification.Leaders.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The weekly digest of a hand-built portfolio, and a re-alert within the cool-down that got worse. */
@QuarkusTest
class DigestsAndEscalationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SendingDigests digests;

    @Inject
    DeliveringNotifications delivering;

    @Inject
    Alerts alerts;

    @Inject
    NotifyingLeaders notifying;

    @Test
    void aWeeklyDigestHoldsTheTeamsRisksArrAtStakeChangesGapsAndGrowthSignals() throws Exception {
        String team = "team-" + UUID.randomUUID();
        try (Receiver webhook = new Receiver(0)) {
            String subscription = console().body("""
                    {"leaderId":"leader-digest","leaderName":"Dana","teamIds":["%s"],"alertTypes":["ACCOUNT_AT_RISK"],
                     "channel":"WEBHOOK","target":"%s","digest":"WEEKLY"}""".formatted(team, webhook.url("/digest")))
                    .post("/api/v1/notification-subscriptions").then().statusCode(201).extract().path("subscriptionId");

            // The portfolio: two accounts at risk in two currencies, one healthy with a competitor and a funding round.
            String globex = account(team, "Digest Globex", 300_000, "EUR");
            String hooli = account(team, "Digest Hooli", 120_000, "USD");
            String umbrella = account(team, "Digest Umbrella", 500_000, "USD");
            goesAtRisk(globex);
            goesAtRisk(hooli);
            crm().body("{\"competitor\":\"Initrode\",\"capabilities\":[\"ai-assistant\"]}")
                    .post("/api/v1/accounts/" + umbrella + "/competitor-sightings").then().statusCode(201);
            crm().body("{\"type\":\"FUNDING_ROUND\",\"occurredAt\":\"%s\",\"description\":\"Series D\"}"
                    .formatted(Instant.now().minus(1, ChronoUnit.DAYS)))
                    .post("/api/v1/accounts/" + umbrella + "/client-events").then().statusCode(201);
            alertId(team, umbrella, "COMPETITIVE_GAP");
            alertId(team, umbrella, "GROWTH_SIGNAL");
            await().atMost(Duration.ofSeconds(30)).until(() -> webhook.requests().size() == 2);

            // Nothing is due before a week has passed; then exactly one digest, also if asked again.
            assertThat(digests.composeDue(Instant.now())).isZero();
            Instant weekLater = Instant.now().plus(Duration.ofDays(7)).plusSeconds(60);
            assertThat(digests.composeDue(weekLater)).isGreaterThanOrEqualTo(1);
            assertThat(digests.composeDue(weekLater)).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> webhook.requests().size() == 3);

            JsonNode event = JSON.readTree(webhook.requests().get(2).body());
            assertThat(event.get("type").asText()).isEqualTo("com.accounthealth.notification.DIGEST.v1");
            assertThat(event.get("subject").asText()).isEqualTo(subscription);
            JsonNode digest = event.get("data");
            assertThat(names(digest.get("atRisk"))).containsExactly("Digest Globex", "Digest Hooli");
            assertThat(digest.at("/arrAtStake/EUR").decimalValue()).isEqualByComparingTo(new BigDecimal("300000"));
            assertThat(digest.at("/arrAtStake/USD").decimalValue()).isEqualByComparingTo(new BigDecimal("120000"));
            List<String> toAtRisk = new ArrayList<>();
            digest.get("changes").forEach(c -> {
                if (c.get("status").asText().equals("AT_RISK")) {
                    toAtRisk.add(c.at("/account/name").asText());
                }
            });
            assertThat(toAtRisk).containsExactlyInAnyOrder("Digest Globex", "Digest Hooli");
            assertThat(digest.get("competitiveGaps")).singleElement().satisfies(g -> {
                assertThat(g.get("competitor").asText()).isEqualTo("Initrode");
                assertThat(g.at("/account/name").asText()).isEqualTo("Digest Umbrella");
            });
            assertThat(digest.get("growthSignals")).singleElement()
                    .satisfies(g -> assertThat(g.at("/account/name").asText()).isEqualTo("Digest Umbrella"));
            // The receiver has the digest a moment before its sender records the answer.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<Map<String, Object>> sent = console()
                        .get("/api/v1/notification-deliveries?subscriptionId=" + subscription + "&status=DELIVERED")
                        .then().statusCode(200).extract().path("items");
                assertThat(sent).extracting(d -> d.get("kind")).containsExactlyInAnyOrder("ALERT", "ALERT", "DIGEST");
            });
        }
    }

    @Test
    void withinTheCoolDownTheSameAccountAtRiskAgainNotifiesOnlyWhenItGotWorse() {
        String team = "team-" + UUID.randomUUID();
        UUID account = UUID.randomUUID();
        try (Receiver webhook = new Receiver(0)) {
            subscribe(team, "WEBHOOK", webhook.url("/cool-down"), "ACCOUNT_AT_RISK");
            // Three at-risk transitions of one account within minutes, as a flapping account raises them.
            UUID first = raiseAtRisk(account, team, "flap-1", 45);
            UUID notWorse = raiseAtRisk(account, team, "flap-2", 48);
            UUID worse = raiseAtRisk(account, team, "flap-3", 30);

            await().atMost(Duration.ofSeconds(30)).until(() -> webhook.requests().size() == 2);
            // A receiver has a request a moment before its sender records the answer; two may go out at once.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(status(first)).isEqualTo("DELIVERED");
                assertThat(status(worse)).isEqualTo("DELIVERED");
            });
            assertThat(status(notWorse)).isEqualTo("SUPPRESSED");
            assertThat((String) deliveries(notWorse.toString()).getFirst().get("statusReason"))
                    .contains("cool-down", "not worse (severity 52)");
            assertThat(webhook.requests()).extracting(r -> r.text().contains(worse.toString()))
                    .containsExactlyInAnyOrder(false, true);
            delivering.deliverDue();
            assertThat(webhook.requests()).hasSize(2);
        }
    }

    /** Raises an at-risk alert the way scoring does: the alert and its planned deliveries in one transaction. */
    private UUID raiseAtRisk(UUID account, String team, String transition, int score) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ObjectNode payload = JSON.createObjectNode().put("alertType", "ACCOUNT_AT_RISK")
                    .put("accountId", account.toString()).put("accountName", "Flapping Corp").put("teamId", team)
                    .put("tier", "SMB").put("currency", "EUR").put("status", "AT_RISK").put("score", score);
            payload.put("arr", new BigDecimal("80000"));
            payload.putArray("topReasons");
            Instant at = Instant.now();
            Alerts.Alert alert = alerts.raiseAll(List.of(new Alerts.Candidate(account, AlertType.ACCOUNT_AT_RISK, transition,
                    team, at, payload, "score " + score, true))).getFirst();
            notifying.alertsRaised(List.of(AlertNotices.from(alert.alertId(), AlertType.ACCOUNT_AT_RISK, at, payload)));
            return alert.alertId();
        });
    }

    private static String status(UUID alertId) {
        List<Map<String, Object>> found = deliveries(alertId.toString());
        assertThat(found).hasSize(1);
        return (String) found.getFirst().get("status");
    }

    private static List<String> names(JsonNode standings) {
        List<String> names = new ArrayList<>();
        standings.forEach(s -> names.add(s.at("/account/name").asText()));
        return names;
    }

}
