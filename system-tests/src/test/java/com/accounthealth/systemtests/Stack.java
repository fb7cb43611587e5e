package com.accounthealth.systemtests;

import com.accounthealth.localstack.JwtIssuer;
import com.accounthealth.localstack.LocalKafka;
import com.accounthealth.localstack.LocalPostgres;
import com.accounthealth.localstack.LocalStack;
import com.accounthealth.localstack.KeyFile;
import com.accounthealth.localstack.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The system under faults, as production runs it but on one machine: PostgreSQL with fsync on, one Kafka broker,
 * two account-service replicas (their relays elect one publisher) and health-score-service, each a process of its
 * own started from the packaged application. Every part can be killed, frozen and started again.
 */
final class Stack implements AutoCloseable {

    static final int PARTITIONS = 3;
    static final String ACCOUNTS_DB = "account_service";
    static final String HEALTH_DB = "health_score_service";

    private final Path root;
    private final Path data;
    private final int postgresPort = freePort();
    private final Map<String, String> postgresConfig = Map.of("fsync", "on", "synchronous_commit", "on");
    private LocalPostgres postgres;
    private final LocalKafka kafka;
    private final Path publicKey;
    private final String token;
    private final String secretsKey;
    private final Map<String, ServiceProcess> services = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();

    Stack(Path root) {
        this.root = root;
        this.data = root.resolve("system-tests/target/faults-stack");
        deleteRecursively(data);
        postgres = LocalPostgres.start(data.resolve("postgres"), postgresPort, postgresConfig);
        postgres.createDatabaseIfMissing(ACCOUNTS_DB);
        postgres.createDatabaseIfMissing(HEALTH_DB);
        kafka = LocalKafka.start(data.resolve("kafka"), freePort(), freePort(), PARTITIONS);
        kafka.createTopics(LocalStack.TOPICS, PARTITIONS);
        JwtIssuer issuer = JwtIssuer.loadOrCreate(data.resolve("keys"));
        publicKey = issuer.writePublicKey(data.resolve("keys/public-key.pem"));
        token = issuer.token("fault-suite", List.of("accounts:read", "accounts:write", "health:read", "health:admin"),
                null, Duration.ofHours(12));
        secretsKey = KeyFile.loadOrCreate(data.resolve("keys/notification-secrets.key"));
    }

    /** Starts (or starts again) a service: {@code module} is its Maven module, {@code name} this instance's. */
    ServiceProcess start(String name, String module, String database, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "mp.jwt.verify.publickey.location", publicKey.toString(),
                "mp.jwt.verify.issuer", JwtIssuer.DEV_ISSUER,
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.username", LocalPostgres.SUPERUSER,
                "quarkus.datasource.password", "",
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.log.console.json.enabled", "false",
                // The load is one caller: the per-caller write limit would throttle the suite, not the faults.
                "api.rate-limit.writes-per-second", "1000000",
                "api.rate-limit.burst", "1000000",
                "notifications.secrets.key", secretsKey));
        settings.put("personal-data.master-key", KeyFile.loadOrCreate(data.resolve("keys/personal-data-master.key")));
        settings.putAll(extra);
        postgres.createDatabaseIfMissing(database);
        int port = ports.computeIfAbsent(name, n -> freePort());
        try {
            ServiceProcess process = ServiceProcess.start(module, root.resolve(module), port, settings,
                    data.resolve("logs").resolve(name + ".log"));
            services.put(name, process);
            process.awaitReady(Duration.ofSeconds(180));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    ServiceProcess service(String name) {
        return services.get(name);
    }

    String url(String name) {
        return "http://localhost:" + ports.get(name);
    }

    /** SIGKILL: no shutdown hook runs, transactions in flight are lost to the database's rollback. */
    void kill(String name) {
        ServiceProcess s = services.remove(name);
        try {
            s.process().destroyForcibly().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM and a graceful stop. */
    void stop(String name) {
        services.remove(name).close();
    }

    void freeze(String name) {
        signal(services.get(name).process().pid(), "-STOP");
    }

    void thaw(String name) {
        signal(services.get(name).process().pid(), "-CONT");
    }

    void killBroker() {
        kafka.killBroker();
    }

    void startBroker() {
        kafka.startBroker();
    }

    /** PostgreSQL stopped (fast, or as a crash) and started again on the same data and port. */
    void restartPostgres(boolean crash) {
        postgres.stop(crash);
        postgres = LocalPostgres.start(data.resolve("postgres"), postgresPort, postgresConfig);
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String token() {
        return token;
    }

    Connection connect(String database) throws SQLException {
        postgres.createDatabaseIfMissing(database);
        return DriverManager.getConnection(postgres.jdbcUrl(database), LocalPostgres.SUPERUSER, "");
    }

    Path log(String name) {
        return data.resolve("logs").resolve(name + ".log");
    }

    @Override
    public void close() {
        new ArrayList<>(services.keySet()).forEach(name -> {
            thaw(name);
            stop(name);
        });
        kafka.close();
        postgres.close();
    }

    private static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", signal, Long.toString(pid)).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
