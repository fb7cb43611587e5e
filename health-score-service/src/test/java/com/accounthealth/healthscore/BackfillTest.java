package com.accounthealth.healthscore;

import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.testsupport.TopicReader;
import com.accounthealth.testsupport.WriterServices;
import com.accounthealth.webapi.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.accounthealth.healthscore.Callers.accountService;
import static com.accounthealth.healthscore.Callers.healthReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.awaitility.Awaitility.await;

/**
 * Alerts only on news: the same poor grade, loaded from last month or received today. The first is history (recorded
 * 20 days after it happened, past the 7-day news window): the account turns AT_RISK with cause backfill, and its alert
 * is recorded but neither published nor notified. The second is news and is announced.
 */
@QuarkusTest
@TestProfile(BackfillTest.ProductionNewsWindow.class)
class BackfillTest {

    /** The shared test profile widens the window for the stories that load years of history; this one does not. */
    public static class ProductionNewsWindow implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("health.ingest.news-window", "P7D");
        }
    }

    @Inject
    DataSource dataSource;

    private static String open(String name) {
        String account = accountService().body("""
                        {"name":"%s","tier":"SMB","ownerId":"ae-7","teamId":"backfill-team",
                         "arr":{"amount":50000,"currency":"EUR"},"renewalDate":"%s"}"""
                        .formatted(name, LocalDate.now(ZoneOffset.UTC).plusDays(30)))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
        // Its first health (from the opening, which is news) before anything else arrives.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200)
                        .extract().<String>path("status")).isNotEqualTo("AT_RISK"));
        return account;
    }

    private static void grade(String account, String grade, Instant occurredAt) {
        accountService().body("{\"grade\":\"%s\",\"question\":\"Overall satisfaction\",\"occurredAt\":\"%s\"}"
                .formatted(grade, occurredAt)).post("/api/v1/accounts/" + account + "/feedback").then().statusCode(201);
    }

    @Test
    void aPoorGradeLoadedFromLastMonthIsBackfillAndTellsNoOneWhileTheSameGradeTodayIsAnnounced() throws Exception {
        String loaded = open("Backfilled Ltd");
        grade(loaded, "C", Instant.now().minus(20, ChronoUnit.DAYS));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(healthReader().get("/api/v1/health/accounts/" + loaded).then().statusCode(200)
                        .extract().<String>path("status")).isEqualTo("AT_RISK"));
        List<Map<String, Object>> history = healthReader().get("/api/v1/health/accounts/" + loaded + "/history")
                .then().statusCode(200).extract().path("findAll { it.status == 'AT_RISK' }");
        assertThat(history).hasSize(1);
        assertThat(history.getFirst().get("cause")).asInstanceOf(MAP)
                .containsEntry("kind", "BACKFILL").containsEntry("backfill", true);
        List<String> recorded = healthReader().get("/api/v1/alerts?since=2000-01-01&size=200").then().statusCode(200)
                .extract().path("items.findAll { it.accountId == '%s' }.alertType".formatted(loaded));
        assertThat(recorded).as("the transition is recorded").containsExactly("ACCOUNT_AT_RISK");

        String news = open("News Ltd");
        grade(news, "C", Instant.now());
        try (TopicReader alerts = new TopicReader(List.of("account-health-alerts"))) {
            alerts.awaitRecords(r -> r.key().equals(news), 1, Duration.ofSeconds(60));
        }
        List<Map<String, Object>> newsHistory = healthReader().get("/api/v1/health/accounts/" + news + "/history")
                .then().statusCode(200).extract().path("findAll { it.status == 'AT_RISK' }");
        assertThat(newsHistory.getFirst().get("cause")).asInstanceOf(MAP)
                .containsEntry("kind", "NEWS").doesNotContainKey("backfill");
        // The alert carries its cause too: the event that made it news.
        Map<String, Object> alertCause = healthReader().get("/api/v1/alerts?since=2000-01-01&size=200").then()
                .statusCode(200).extract().path("items.find { it.accountId == '%s' }.payload.cause".formatted(news));
        assertThat(alertCause).containsEntry("kind", "NEWS").containsKey("eventIds");
        // Everything this service published on the alert topic went through its outbox: the news only.
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT record_key FROM outbox WHERE topic = 'account-health-alerts'")) {
            List<String> keys = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
            assertThat(keys).contains(news).doesNotContain(loaded);
        }
    }

    @Test
    void aPoorGradeOfTodayLoadedByABulkImportIsBackfillAndTellsNoOne() throws Exception {
        String imported = open("Imported Ltd");
        String line = """
                {"idempotencyKey":"grade-%s","command":"recordFeedback","accountId":"%s","body":{"grade":"C","question":"Overall satisfaction","occurredAt":"%s"}}"""
                .formatted(imported, imported, Instant.now());
        String answer = TestTokens.as("crm-sync", Roles.ACCOUNTS_IMPORT).baseUri(WriterServices.accountServiceUrl())
                .contentType("application/x-ndjson")
                .body(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/accounts/import")
                .then().statusCode(200).extract().asString();
        assertThat(answer).contains("\"status\":201");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(healthReader().get("/api/v1/health/accounts/" + imported).then().statusCode(200)
                        .extract().<String>path("status")).isEqualTo("AT_RISK"));
        List<Map<String, Object>> history = healthReader().get("/api/v1/health/accounts/" + imported + "/history")
                .then().statusCode(200).extract().path("findAll { it.status == 'AT_RISK' }");
        assertThat(history.getFirst().get("cause")).asInstanceOf(MAP).containsEntry("kind", "BACKFILL");
        assertThat(alertsAnnounced(imported)).isZero();
    }

    @Test
    void aDealLostToACompetitorTodayLoadedByADealImportCountsAndTellsNoOne() throws Exception {
        String account = open("Deal History Ltd");
        String deal = java.util.UUID.randomUUID().toString();
        String file = String.join("\n", """
                {"idempotencyKey":"open-%s","command":"openOpportunity","body":{"opportunityId":"%s","accountId":"%s","name":"Renewal","type":"RENEWAL","amount":{"amount":50000,"currency":"EUR"},"ownerId":"ae-7","teamId":"backfill-team","occurredAt":"%s"}}"""
                .formatted(deal, deal, account, Instant.now().minus(40, ChronoUnit.DAYS)), """
                {"idempotencyKey":"lose-%s","command":"lose","opportunityId":"%s","body":{"reason":"COMPETITOR","competitor":"Initech","occurredAt":"%s"}}"""
                .formatted(deal, deal, Instant.now()));
        String answer = TestTokens.as("crm-sync", Roles.OPPORTUNITIES_IMPORT, Roles.ACCOUNTS_READ)
                .baseUri(WriterServices.opportunityServiceUrl()).contentType("application/x-ndjson")
                .body(file.getBytes(java.nio.charset.StandardCharsets.UTF_8)).post("/api/v1/opportunities/import")
                .then().statusCode(200).extract().asString();
        assertThat(answer).contains("\"applied\":2");

        // Health counts the loss like any fact...
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200).extract()
                        .<List<Integer>>path("components.find { it.component == 'competition' }.reasons"
                                + ".findAll { it.rule == 'DealLostToCompetitor' }.points")).containsExactly(-20));
        // ...as history: the change it made is a backfill, and it announced nothing.
        List<Map<String, Object>> causes = healthReader().get("/api/v1/health/accounts/" + account + "/history")
                .then().statusCode(200).extract().path("cause");
        assertThat(causes.getLast()).as("the latest change").containsEntry("kind", "BACKFILL");
        assertThat(alertsAnnounced(account)).isZero();
    }

    /** The alerts about the account this service published, all of which go through its outbox. */
    private int alertsAnnounced(String account) throws java.sql.SQLException {
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

    /**
     * The story: a strategic account opened today, renewal in 60 days, loaded in the order the API allows —
     * its client team, then its decision maker, then last month's call. Nobody met yet and no renewal deal yet are no
     * news for a new account, so it is never AT_RISK on the way and no alert is raised.
     */
    @Test
    void aNewAccountLoadedThroughTheApiStepByStepRaisesNoAlarm() {
        String account = accountService().body("""
                        {"name":"Onboarded Ltd","tier":"STRATEGIC","ownerId":"ae-7","teamId":"backfill-team",
                         "arr":{"amount":250000,"currency":"EUR"},"renewalDate":"%s"}"""
                        .formatted(LocalDate.now(ZoneOffset.UTC).plusDays(60)))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
        String team = accountService().body("{\"name\":\"Finance\"}").post("/api/v1/accounts/" + account + "/teams")
                .then().statusCode(201).extract().path("createdId");
        String cfo = accountService().body("""
                        {"name":"Ada","role":"DECISION_MAKER","clientTeamId":"%s"}""".formatted(team))
                .post("/api/v1/accounts/" + account + "/contacts").then().statusCode(201).extract().path("createdId");
        accountService().body("""
                        {"type":"CALL","occurredAt":"%s","contactIds":["%s"],"clientTeamId":"%s","summary":"Kick-off"}"""
                        .formatted(Instant.now().minus(30, ChronoUnit.DAYS), cfo, team))
                .post("/api/v1/accounts/" + account + "/interactions").then().statusCode(201);

        // The call applied: engagement is scored (30 days silent, within the strategic cadence).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200).extract()
                        .<Integer>path("components.find { it.component == 'engagement' }.score")).isEqualTo(100));
        String relationships = healthReader().get("/api/v1/health/accounts/" + account).then().statusCode(200)
                .extract().path("components.find { it.component == 'relationships' }.reasons[0].sentence");
        assertThat(relationships).contains("new account, opened 0 days ago");
        List<Map<String, Object>> history = healthReader().get("/api/v1/health/accounts/" + account + "/history")
                .then().statusCode(200).extract().path("$");
        assertThat(history).extracting(h -> h.get("status")).doesNotContain("AT_RISK");
        assertThat(history.getFirst().get("cause")).as("the oldest entry, the account's first status")
                .asInstanceOf(MAP).containsEntry("initialLoad", true);
        List<String> alerts = healthReader().get("/api/v1/alerts?since=2000-01-01&size=200").then().statusCode(200)
                .extract().path("items.findAll { it.accountId == '%s' }.alertType".formatted(account));
        assertThat(alerts).isEmpty();
    }
}
