package com.accounthealth.testsupport;

import com.accounthealth.localstack.LocalPostgres;
import com.accounthealth.localstack.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * account-service and opportunity-service as real processes beside the service under test, on the test JVM's real
 * PostgreSQL and broker: for end-to-end tests that go REST → writer → Kafka → consumer. Started once per test JVM
 * from the applications the reactor built (account-service and opportunity-service build before the consumer).
 */
public final class WriterServices {

    private static ServiceProcess accounts;
    private static ServiceProcess opportunities;

    private WriterServices() {
    }

    public static synchronized String accountServiceUrl() {
        if (accounts == null) {
            accounts = start("account-service", "account_service");
        }
        return accounts.url();
    }

    public static synchronized String opportunityServiceUrl() {
        if (opportunities == null) {
            opportunities = start("opportunity-service", "opportunity_service");
        }
        return opportunities.url();
    }

    private static ServiceProcess start(String name, String database) {
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
