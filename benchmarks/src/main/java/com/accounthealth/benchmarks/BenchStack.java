package com.accounthealth.benchmarks;

import com.accounthealth.localstack.DevIdentityProvider;
import com.accounthealth.localstack.JwtIssuer;
import com.accounthealth.localstack.LocalKafka;
import com.accounthealth.localstack.LocalPostgres;
import com.accounthealth.localstack.LocalStack;
import com.accounthealth.localstack.KeyFile;
import com.accounthealth.localstack.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * The system under test, started the way the local stack runs it (same classes): PostgreSQL with fsync on, one Kafka
 * broker with 3 partitions per topic, and the services as real processes. It lives in a fresh data directory under
 * target/benchmarks and uses ports of its own, so it runs beside a developer's local stack.
 */
final class BenchStack implements AutoCloseable {

    /** Moves every port of the stack (BENCH_PORT_OFFSET in bench.sh), so two checkouts can benchmark side by side. */
    private static final int PORT_OFFSET = Integer.getInteger("bench.port-offset", 0);
    static final int POSTGRES_PORT = 25432 + PORT_OFFSET;
    static final int KAFKA_PORT = 29092 + PORT_OFFSET;
    static final int PARTITIONS = 3;
    static final String BENCH_DATABASE = "bench";

    record Service(String name, int port, String database) {
        String url() {
            return "http://localhost:" + port;
        }
    }

    static final Service ACCOUNTS = new Service("account-service", 18081 + PORT_OFFSET, "account_service");
    static final Service OPPORTUNITIES = new Service("opportunity-service", 18082 + PORT_OFFSET, "opportunity_service");
    static final Service HEALTH = new Service("health-score-service", 18083 + PORT_OFFSET, "health_score_service");
    static final Service WORKSPACE = new Service("leader-web", 18084 + PORT_OFFSET, null);

    private final Path root;
    private final Path dataDirectory;
    private final LocalPostgres postgres;
    private final LocalKafka kafka;
    private final Path publicKey;
    private final JwtIssuer issuer;
    private final String token;
    private final Map<String, ServiceProcess> running = new HashMap<>();
    private Map<String, String> extraSettings = Map.of();

    private BenchStack(Path root, Path dataDirectory, LocalPostgres postgres, LocalKafka kafka, Path publicKey,
                       JwtIssuer issuer, String token) {
        this.root = root;
        this.dataDirectory = dataDirectory;
        this.postgres = postgres;
        this.kafka = kafka;
        this.publicKey = publicKey;
        this.issuer = issuer;
        this.token = token;
    }

    static BenchStack start(Path root) {
        Path data = root.resolve("target/benchmarks/stack");
        deleteRecursively(data);
        log("PostgreSQL (fsync on, as the local stack runs it) on 127.0.0.1:%d", POSTGRES_PORT);
        LocalPostgres postgres = LocalPostgres.start(data.resolve("postgres"), POSTGRES_PORT,
                Map.of("fsync", "on", "synchronous_commit", "on"));
        for (Service s : List.of(ACCOUNTS, OPPORTUNITIES, HEALTH)) {
            postgres.createDatabaseIfMissing(s.database());
        }
        postgres.createDatabaseIfMissing(BENCH_DATABASE);
        log("Kafka broker on 127.0.0.1:%d, topics with %d partitions", KAFKA_PORT, PARTITIONS);
        LocalKafka kafka = LocalKafka.start(data.resolve("kafka"), KAFKA_PORT, KAFKA_PORT + 1, PARTITIONS);
        kafka.createTopics(LocalStack.TOPICS, PARTITIONS);
        JwtIssuer issuer = JwtIssuer.loadOrCreate(data.resolve("keys"));
        Path publicKey = issuer.writePublicKey(data.resolve("keys/public-key.pem"));
        String token = issuer.token("benchmark", List.of("accounts:read", "accounts:write", "accounts:import",
                "opportunities:read", "opportunities:write", "opportunities:import", "health:read", "health:admin", "notifications:manage"),
                null, Duration.ofHours(12));
        return new BenchStack(root, data, postgres, kafka, publicKey, issuer, token);
    }

    /** Settings every service started from now on gets on top of the benchmark's own (e.g. --set on the command line). */
    void extraSettings(Map<String, String> settings) {
        this.extraSettings = settings;
    }

    /** Starts a service and waits until it is ready. */
    ServiceProcess startService(Service s) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "mp.jwt.verify.publickey.location", publicKey.toString(),
                "mp.jwt.verify.issuer", JwtIssuer.DEV_ISSUER,
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(s.database()),
                "quarkus.datasource.username", LocalPostgres.SUPERUSER,
                "quarkus.datasource.password", "",
                "kafka.bootstrap.servers", kafka.bootstrapServers(),
                "quarkus.log.console.json.enabled", "false",
                // The load generator is one caller: the per-caller write limit (100/s by default) would measure itself.
                "api.rate-limit.writes-per-second", "1000000",
                "api.rate-limit.burst", "1000000"));
        if (s.equals(OPPORTUNITIES)) {
            settings.put("accounts.url", ACCOUNTS.url()); // where a deal's account is checked
        }
        // The notification step's webhook receivers run on this machine.
        settings.put("notifications.targets.allow-loopback", "true");
        settings.put("notifications.secrets.key",
                KeyFile.loadOrCreate(dataDirectory.resolve("keys").resolve("notification-secrets.key")));
        settings.put("personal-data.master-key",
                KeyFile.loadOrCreate(dataDirectory.resolve("keys").resolve("personal-data-master.key")));
        settings.putAll(extraSettings);
        return launch(s, settings);
    }

    /** The workspace, signing leaders in at {@code identityProvider}, calling the three services. */
    ServiceProcess startWorkspace(DevIdentityProvider identityProvider) {
        return launch(WORKSPACE, identityProvider.workspaceSettings(WORKSPACE.name(), ACCOUNTS.url(),
                OPPORTUNITIES.url(), HEALTH.url()));
    }

    /** Starts the module's packaged application with these settings and waits until it is ready. */
    private ServiceProcess launch(Service s, Map<String, String> settings) {
        try {
            log("%s on port %d", s.name(), s.port());
            ServiceProcess p = ServiceProcess.start(s.name(), root.resolve(s.name()), s.port(), settings,
                    dataDirectory.resolve("logs").resolve(s.name() + ".log"));
            running.put(s.name(), p);
            p.awaitReady(Duration.ofSeconds(180));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The key the services trust: what the benchmark's identity provider signs with. */
    JwtIssuer issuer() {
        return issuer;
    }

    /** Stops the service (as Kubernetes does, with SIGTERM) and starts it again: nothing it kept in memory is left. */
    ServiceProcess restartService(Service s) {
        ServiceProcess stopped = running.remove(s.name());
        if (stopped != null) {
            log("%s stopping", s.name());
            stopped.close();
        }
        return startService(s);
    }

    ServiceProcess service(Service s) {
        return running.get(s.name());
    }

    List<ServiceProcess> services() {
        return List.copyOf(running.values());
    }

    String token() {
        return token;
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    long kafkaPid() {
        return kafka.pid();
    }

    String jdbcUrl(String database) {
        return postgres.jdbcUrl(database);
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), LocalPostgres.SUPERUSER, "");
    }

    String postgresVersion() {
        try (Connection c = connect(BENCH_DATABASE); var rs = c.createStatement().executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1) + " (" + postgres.description() + ")";
        } catch (SQLException e) {
            return "unknown";
        }
    }

    /** The processes of this stack's PostgreSQL (they work in its data directory), not those of a local stack beside it. */
    List<Long> postgresProcesses() {
        Path data = realPath(dataDirectory);
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false))
                .filter(p -> realPath(Path.of("/proc", Long.toString(p.pid()), "cwd")).startsWith(data))
                .map(ProcessHandle::pid).toList();
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return Path.of("/nonexistent"); // a process gone since the listing
        }
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public void close() {
        List<ServiceProcess> all = new ArrayList<>(running.values());
        all.forEach(ServiceProcess::close);
        kafka.close();
        postgres.close();
    }

    static void log(String format, Object... args) {
        System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
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
