package com.accounthealth.testsupport;

import com.accounthealth.localstack.LocalPostgres;
import com.accounthealth.localstack.KeyFile;
import com.accounthealth.localstack.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * account-service and opportunity-service (and, for the workspace, health-score-service) as real processes beside the
 * service under test, on the test JVM's real PostgreSQL and broker: for end-to-end tests that go REST → writer →
 * Kafka → consumer. Started once per test JVM from the applications the reactor built before the module under test.
 */
public final class WriterServices {

    private static ServiceProcess accounts;
    private static ServiceProcess opportunities;
    private static ServiceProcess healthScore;

    private WriterServices() {
    }

    public static synchronized String accountServiceUrl() {
        if (accounts == null) {
            accounts = start("account-service", "account_service", Map.of("personal-data.master-key",
                    KeyFile.loadOrCreate(Path.of("target", "personal-data-master.key").toAbsolutePath())));
        }
        return accounts.url();
    }

    public static synchronized String opportunityServiceUrl() {
        if (opportunities == null) {
            // It asks account-service whether a deal's account is the caller's to see.
            opportunities = start("opportunity-service", "opportunity_service",
                    Map.of("accounts.url", accountServiceUrl()));
        }
        return opportunities.url();
    }

    /** health-score-service as a process too, for the workspace's tests: it reads what the writers publish. */
    public static synchronized String healthScoreServiceUrl() {
        if (healthScore == null) {
            healthScore = start("health-score-service", "health_score_service", Map.of(
                    "notifications.secrets.key", KeyFile.loadOrCreate(
                            Path.of("target", "notification-secrets.key").toAbsolutePath()),
                    "health.ingest.news-window", "P36500D"));
        }
        return healthScore.url();
    }

    /** Opens an account of {@code team} on the real account-service; answers its id. */
    public static String openAccount(String team) {
        return TestTokens.as("fixture-loader", "accounts:write").baseUri(accountServiceUrl())
                .contentType("application/json").body("""
                {"name":"Fixture","tier":"SMB","ownerId":"ae-1","teamId":"%s","arr":{"amount":1000,"currency":"EUR"}}"""
                .formatted(team)).post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
    }

    private static ServiceProcess start(String name, String database) {
        return start(name, database, Map.of());
    }

    private static ServiceProcess start(String name, String database, Map<String, String> settings) {
        LocalPostgres postgres = RealServers.postgres();
        postgres.createDatabaseIfMissing(database);
        Path root = Path.of("").toAbsolutePath().getParent();
        try {
            Map<String, String> config = new HashMap<>(TestTokens.serviceConfig());
            config.putAll(Map.of(
                    "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                    "quarkus.datasource.username", LocalPostgres.SUPERUSER,
                    "quarkus.datasource.password", "",
                    "kafka.bootstrap.servers", RealServers.kafka().bootstrapServers(),
                    "quarkus.log.console.json.enabled", "false"));
            config.putAll(settings);
            ServiceProcess service = ServiceProcess.start(name, root.resolve(name), RealServers.freePort(), config,
                    Path.of("target", name + "-under-test.log").toAbsolutePath());
            Runtime.getRuntime().addShutdownHook(new Thread(service::close, name + "-shutdown"));
            service.awaitReady(Duration.ofSeconds(120));
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
