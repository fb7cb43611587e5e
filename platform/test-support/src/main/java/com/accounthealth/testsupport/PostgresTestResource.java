package com.accounthealth.testsupport;

import com.accounthealth.localstack.LocalPostgres;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Points a service's datasource at a database of its own on the test JVM's real PostgreSQL server.
 * Init arg {@code database}: the database name (created if missing).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private String database = "service";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        LocalPostgres postgres = RealServers.postgres();
        postgres.createDatabaseIfMissing(database);
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.username", LocalPostgres.SUPERUSER,
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        // The server outlives this application start: RealServers stops it when the JVM exits.
    }
}
