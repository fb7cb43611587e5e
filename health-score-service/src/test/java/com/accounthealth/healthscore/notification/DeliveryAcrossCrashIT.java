package com.accounthealth.healthscore.notification;

import com.accounthealth.localstack.LocalPostgres;
import com.accounthealth.localstack.KeyFile;
import com.accounthealth.localstack.LocalStack;
import com.accounthealth.localstack.ServiceProcess;
import com.accounthealth.testsupport.RealServers;
import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.testsupport.WriterServices;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.accounthealth.healthscore.notification.Leaders.account;
import static com.accounthealth.healthscore.notification.Leaders.alertId;
import static com.accounthealth.healthscore.notification.Leaders.deliveries;
import static com.accounthealth.healthscore.notification.Leaders.goesAtRisk;
import static com.accounthealth.healthscore.notification.Leaders.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A delivery survives a crash of the service mid-retry and is still sent exactly once: health-score-service runs as a
 * real process from the packaged application (target/quarkus-app), is killed (SIGKILL, as an OOM kill or a lost node
 * would) between two failed attempts of a webhook delivery, and a new process on the same database finishes the
 * retries. Runs in {@code verify}, after {@code package}, through maven-failsafe-plugin.
 */
class DeliveryAcrossCrashIT {

    private static final String SECRETS_KEY = KeyFile.loadOrCreate(
            Path.of("target", "notification-secrets.key").toAbsolutePath());

    private static final String DATABASE = "health_score_service";
    private static final List<String> TOPICS = LocalStack.TOPICS;

    private final List<ServiceProcess> started = new ArrayList<>();

    @AfterEach
    void stopProcesses() {
        started.forEach(ServiceProcess::close);
        RestAssured.reset();
    }

    @Test
    void aDeliveryRetriedWhenTheServiceCrashedIsSentOnceByTheNextProcess() throws Exception {
        RealServers.kafka().createTopics(TOPICS, RealServers.partitions());
        RealServers.postgres().createDatabaseIfMissing(DATABASE);
        // account-service starts beside the first health-score-service process rather than after it.
        CompletableFuture<String> accountService = CompletableFuture.supplyAsync(WriterServices::accountServiceUrl);
        String team = "team-" + UUID.randomUUID();

        try (Receiver flaky = new Receiver(3)) {
            ServiceProcess beforeCrash = startHealthScoreService("before-crash");
            accountService.join();
            subscribe(team, "WEBHOOK", flaky.url("/hooks/flaky"), "ACCOUNT_AT_RISK");
            String account = account(team, "Crash Course Ltd", 90_000, "USD");
            String later = account(team, "Later News GmbH", 60_000, "EUR");
            goesAtRisk(account);
            String alert = alertId(team, account, "ACCOUNT_AT_RISK");

            // Two attempts failed and the next is due 5 s later: crash in between.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(deliveries(alert)).singleElement().satisfies(d -> {
                        assertThat(d.get("status")).isEqualTo("PENDING");
                        assertThat(d.get("attempts")).isEqualTo(2);
                    }));
            beforeCrash.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertThat(beforeCrash.process().isAlive()).isFalse();
            assertThat(flaky.requests()).as("requests when the service crashed (between attempts 2 and 3)")
                    .hasSize(2);

            startHealthScoreService("after-crash");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deliveries(alert)).singleElement()
                    .satisfies(d -> assertThat(d.get("status")).isEqualTo("DELIVERED")));
            Map<String, Object> delivery = deliveries(alert).getFirst();
            String deliveryId = (String) delivery.get("deliveryId");
            assertThat(delivery.get("attempts")).isEqualTo(4);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> attempts = (List<Map<String, Object>>) delivery.get("attemptLog");
            assertThat(attempts).extracting(a -> a.get("outcome"))
                    .containsExactly("HTTP 503", "HTTP 503", "HTTP 503", "HTTP 200");
            assertThat(attempts).extracting(a -> a.get("attempt")).containsExactly(1, 2, 3, 4);
            assertThat(flaky.requests()).hasSize(4).extracting(r -> r.header("Webhook-Id")).containsOnly(deliveryId);
            assertThat(flaky.accepted()).hasSize(1);

            // Nothing more comes of it: a later alert to the same leader is sent by a round of the new process that
            // would have claimed the first delivery too, had it been due again.
            goesAtRisk(later);
            String laterAlert = alertId(team, later, "ACCOUNT_AT_RISK");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deliveries(laterAlert))
                    .singleElement().satisfies(d -> assertThat(d.get("status")).isEqualTo("DELIVERED")));
            assertThat(flaky.requests()).hasSize(5).filteredOn(r -> deliveryId.equals(r.header("Webhook-Id")))
                    .hasSize(4);
            assertThat(deliveries(alert)).singleElement().satisfies(d -> {
                assertThat(d.get("status")).isEqualTo("DELIVERED");
                assertThat(d.get("attempts")).isEqualTo(4);
            });
        }
    }

    /**
     * The packaged health-score-service on this JVM's real PostgreSQL and Kafka, ready, with RestAssured pointed at it.
     * Due deliveries are looked for every second (Quarkus' scheduler checks its jobs once a second, so a shorter interval
     * only earns a warning), retries come 1 s, 2 s, 4 s apart. A crashed instance's Kafka partitions go to the next after the session
     * timeout, so it is the broker's minimum (6 s) here rather than the client's default 45 s.
     */
    private ServiceProcess startHealthScoreService(String phase) throws IOException, InterruptedException {
        LocalPostgres postgres = RealServers.postgres();
        Map<String, String> config = new HashMap<>(TestTokens.serviceConfig());
        config.putAll(Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(DATABASE),
                "quarkus.datasource.username", LocalPostgres.SUPERUSER,
                "quarkus.datasource.password", "",
                "kafka.bootstrap.servers", RealServers.kafka().bootstrapServers(),
                "kafka.session.timeout.ms", "6000",
                "kafka.heartbeat.interval.ms", "2000",
                "notifications.targets.allow-loopback", "true",
                // 5 s between attempts: time enough to kill the process between two of them on a loaded machine.
                "notifications.delivery.initial-backoff", "5s",
                "notifications.delivery.max-backoff", "5s",
                "quarkus.log.console.json.enabled", "false"));
        // Required in production: the same key for both processes, so the second reads the secret the first stored.
        config.put("notifications.secrets.key", SECRETS_KEY);
        int port = RealServers.freePort();
        ServiceProcess service = ServiceProcess.start("health-score-service", Path.of("").toAbsolutePath(), port,
                config, Path.of("target", "health-score-service-" + phase + ".log").toAbsolutePath());
        started.add(service);
        service.awaitReady(Duration.ofSeconds(60));
        RestAssured.port = port;
        return service;
    }
}
