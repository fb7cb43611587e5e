package com.accounthealth.healthscore;

import com.accounthealth.testsupport.RealServers;
import com.accounthealth.testsupport.TopicReader;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.accounthealth.healthscore.Callers.accountService;
import static com.accounthealth.healthscore.Callers.healthReader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebuild: a new database and a new consumer group read the fact topics from their start. The transitions of that
 * history were announced before; the rebuilt service records their alerts but publishes and notifies none again,
 * and what happens after it started is news as usual.
 */
@QuarkusTest
@TestProfile(RebuildTest.NewDatabaseAndGroup.class)
class RebuildTest {

    /** An account whose facts, written before this service starts, put it at risk. */
    private static String atRiskBeforeTheRebuild;

    @Inject
    DataSource dataSource;

    public static class NewDatabaseAndGroup implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(HistoryThenNewDatabase.class));
        }
    }

    /** Started after the global servers (higher order): writes the history, then points the service at a new start. */
    public static class HistoryThenNewDatabase implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            writeHistory();
            String database = "health_rebuild_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            RealServers.postgres().createDatabaseIfMissing(database);
            return Map.of("quarkus.datasource.jdbc.url", RealServers.postgres().jdbcUrl(database),
                    "health.ingest.group-id", "health-score-rebuild-" + UUID.randomUUID());
        }

        @Override
        public void stop() {
            // The servers outlive this start.
        }

        @Override
        public int order() {
            return 100;
        }
    }

    /** Facts written through account-service, published on the topics before the rebuilt service reads them. */
    private static void writeHistory() {
        atRiskBeforeTheRebuild = accountService().body("""
                        {"name":"History Ltd","tier":"SMB","ownerId":"ae-9","teamId":"rebuild-team",
                         "arr":{"amount":50000,"currency":"EUR"},"renewalDate":"%s"}"""
                        .formatted(LocalDate.now(ZoneOffset.UTC).plusDays(30)))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
        // A C grade 30 days before the renewal: the PoorGradeBeforeRenewal critical signal, AT_RISK.
        accountService().body("{\"grade\":\"C\",\"question\":\"Overall satisfaction\"}")
                .post("/api/v1/accounts/" + atRiskBeforeTheRebuild + "/feedback").then().statusCode(201);
        try (TopicReader facts = new TopicReader(List.of("account-events", "feedback-events"))) {
            facts.awaitRecords(r -> r.key().equals(atRiskBeforeTheRebuild), 2, Duration.ofSeconds(60));
        }
    }

    @Test
    void historyReplayedIntoANewDatabaseIsRecordedButNotAnnouncedAgainAndNewsStillIs() throws Exception {
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() ->
                assertThat(healthReader().get("/api/v1/health/accounts/" + atRiskBeforeTheRebuild).then().statusCode(200)
                        .extract().<String>path("status")).isEqualTo("AT_RISK"));
        List<String> recorded = healthReader().get("/api/v1/alerts?since=2000-01-01&size=200").then().statusCode(200)
                .extract().path("items.findAll { it.accountId == '%s' }.alertType".formatted(atRiskBeforeTheRebuild));
        assertThat(recorded).as("the replayed transition is recorded").containsExactly("ACCOUNT_AT_RISK");

        // News after the start: an account put at risk now is announced as usual.
        String news = accountService().body("""
                        {"name":"News Ltd","tier":"SMB","ownerId":"ae-9","teamId":"rebuild-team",
                         "arr":{"amount":50000,"currency":"EUR"},"renewalDate":"%s"}"""
                        .formatted(LocalDate.now(ZoneOffset.UTC).plusDays(30)))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
        accountService().body("{\"grade\":\"D\",\"question\":\"Overall satisfaction\"}")
                .post("/api/v1/accounts/" + news + "/feedback").then().statusCode(201);
        try (TopicReader alerts = new TopicReader(List.of("account-health-alerts"))) {
            alerts.awaitRecords(r -> r.key().equals(news), 1, Duration.ofSeconds(60));
        }
        // What this rebuilt service published (its outbox) and planned to notify: the news only.
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT record_key FROM outbox WHERE topic = 'account-health-alerts'")) {
            List<String> keys = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
            assertThat(keys).contains(news).doesNotContain(atRiskBeforeTheRebuild);
        }
    }
}
