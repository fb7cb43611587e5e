package com.accounthealth.healthscore.notification;

import com.accounthealth.testsupport.DatabaseDump;
import com.accounthealth.testsupport.RealServers;
import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.testsupport.TopicReader;
import com.accounthealth.webapi.security.Roles;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.accounthealth.healthscore.notification.Leaders.crm;
import static com.accounthealth.healthscore.notification.Leaders.goesAtRisk;
import static com.accounthealth.healthscore.notification.Leaders.healthReader;
import static com.accounthealth.healthscore.notification.Leaders.console;
import static com.accounthealth.testsupport.WriterServices.accountServiceUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The right to erasure, end to end: a contact whose name, title, an interaction summary and a feedback comment carry a
 * unique marker flows through account-service, the topics, health-score and a webhook alert to a leader whose id, name
 * and webhook carry it too; once both people are erased, no database row, no topic read from the beginning, no service
 * log and no API answer holds the marker, and the account's score, status and history are what they were.
 */
@QuarkusTest
class ErasureReachesEveryCopyTest {

    private static final List<Path> LOGS = List.of(Path.of("target", "health-score-under-test.log"),
            Path.of("target", "account-service-under-test.log"));

    @Inject
    AgroalDataSource database;

    @Test
    void anErasedContactIsFoundNowhereAndTheScoresStayAsTheyWere() throws Exception {
        String marker = "Zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String team = "team-" + UUID.randomUUID();
        String account;
        String champion;
        List<Receiver.Request> alerts;
        try (Receiver webhook = new Receiver(0)) {
            console().body("""
                    {"leaderId":"leader-%1$s","leaderName":"Dana %1$s","teamIds":["%2$s"],"alertTypes":[],
                     "channel":"WEBHOOK","target":"%3$s"}""".formatted(marker, team, webhook.url("/hooks/" + marker)))
                    .post("/api/v1/notification-subscriptions").then().statusCode(201);
            // A client of over a year (a new account's relationships are not scored yet), renewing in a month.
            account = crm().body("""
                    {"name":"Erasure Industries","tier":"SMB","ownerId":"ae-7","teamId":"%s","renewalDate":"%s",
                     "arr":{"amount":90000,"currency":"EUR"},"occurredAt":"%s"}""".formatted(team,
                    LocalDate.now().plusDays(30), Instant.now().minus(Duration.ofDays(400))))
                    .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
            String finance = crm().body("{\"name\":\"Finance\"}").post("/api/v1/accounts/" + account + "/teams")
                    .then().statusCode(201).extract().path("createdId");
            champion = crm().body("""
                    {"name":"Ada %1$s","title":"CFO %1$s","clientTeamId":"%2$s","role":"CHAMPION"}"""
                    .formatted(marker, finance))
                    .post("/api/v1/accounts/" + account + "/contacts").then().statusCode(201).extract().path("createdId");
            crm().body("""
                    {"type":"MEETING","occurredAt":"%s","contactIds":["%s"],"summary":"Ada %s said the budget is cut"}"""
                    .formatted(Instant.now().minus(Duration.ofDays(2)), champion, marker))
                    .post("/api/v1/accounts/" + account + "/interactions").then().statusCode(201);
            crm().body("""
                    {"grade":"D","question":"How is support?","comment":"Ada %s: too slow","contactId":"%s"}"""
                    .formatted(marker, champion)).post("/api/v1/accounts/" + account + "/feedback").then().statusCode(201);
            crm().body("{}").post("/api/v1/accounts/" + account + "/contacts/" + champion + "/departure").then()
                    .statusCode(200);
            goesAtRisk(account);
            await().atMost(Duration.ofSeconds(60)).until(() -> !webhook.accepted().isEmpty());
            alerts = webhook.accepted();
        }
        // Before: readable through account-service, carried sealed by health-score, and named in no alert.
        crm().get("/api/v1/accounts/" + account).then().statusCode(200);
        assertThat(crm().get("/api/v1/accounts/" + account).asString()).contains("Ada " + marker);
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(account).contains("pd1|contact:" + champion));
        assertThat(alerts).allSatisfy(a -> assertThat(new String(a.body(), StandardCharsets.UTF_8))
                .doesNotContain(marker));
        assertThat(healthReader().get("/api/v1/health/accounts/" + account).asString()).contains("A champion left");
        Map<String, Object> health = healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200)
                .extract().path("$");
        List<Map<String, Object>> history = healthReader().get("/api/v1/health/accounts/" + account + "/history")
                .then().statusCode(200).extract().path("$");

        TestTokens.as("privacy-office", Roles.PERSONAL_DATA_ERASE).baseUri(accountServiceUrl())
                .post("/api/v1/accounts/" + account + "/contacts/" + champion + "/erasure").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(account).contains("ContactErased"));
        TestTokens.as("privacy-office", Roles.PERSONAL_DATA_ERASE).post("/api/v1/leaders/leader-" + marker + "/erasure")
                .then().statusCode(200).body("subscriptionsErased", org.hamcrest.Matchers.equalTo(1));
        TestTokens.as("privacy-office", Roles.PERSONAL_DATA_ERASE).post("/api/v1/leaders/leader-" + marker + "/erasure")
                .then().statusCode(200).body("subscriptionsErased", org.hamcrest.Matchers.equalTo(0));

        String dump = DatabaseDump.everything();
        assertThat(dump).as("every database, every row").doesNotContain(marker).contains("pd1|contact:" + champion);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                RealServers.kafka().bootstrapServers()));
             TopicReader topics = new TopicReader(admin.listTopics().names().get())) {
            assertThat(topics.readToEnd(r -> r.value() != null && r.value().contains(marker)))
                    .as("records holding the marker, on every topic read from the beginning").isEmpty();
        }
        for (Path log : LOGS) {
            assertThat(Files.readAllLines(log)).as("%s: lines holding the marker", log)
                    .noneMatch(l -> l.contains(marker));
        }
        for (String answer : List.of(
                crm().get("/api/v1/accounts/" + account).asString(),
                crm().get("/api/v1/accounts/" + account + "/events").asString(),
                TestTokens.as("privacy-office", Roles.PERSONAL_DATA_READ).baseUri(accountServiceUrl())
                        .get("/api/v1/accounts/" + account + "/contacts/" + champion + "/personal-data").asString(),
                healthReader().get("/api/v1/health/accounts/" + account).asString(),
                healthReader().get("/api/v1/health/accounts/" + account + "/history").asString(),
                TestTokens.asTeam(team, "bi-dashboard", Roles.HEALTH_READ).get("/api/v1/alerts?size=200").asString(),
                console().get("/api/v1/notification-subscriptions?size=200&teamId=" + team).asString(),
                console().get("/api/v1/notification-deliveries?size=200").asString())) {
            assertThat(answer).doesNotContain(marker);
        }

        // Scores never used the name: the account is scored, and its history is, as before.
        Map<String, Object> after = healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200)
                .extract().path("$");
        assertThat(after.get("score")).isEqualTo(health.get("score"));
        assertThat(after.get("status")).isEqualTo(health.get("status"));
        assertThat(after.get("components")).isEqualTo(health.get("components"));
        assertThat(healthReader().get("/api/v1/health/accounts/" + account + "/history").then().statusCode(200)
                .extract().<List<Map<String, Object>>>path("$")).isEqualTo(history);
    }

    /** health-score's copies of the account's events, as stored. */
    private String inbox(String account) throws Exception {
        try (Connection c = database.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT coalesce(string_agg(cloud_event::text, '|'), '') FROM inbox WHERE account_id = ?")) {
            ps.setObject(1, UUID.fromString(account));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
