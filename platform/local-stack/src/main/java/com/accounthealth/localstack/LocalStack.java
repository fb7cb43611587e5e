package com.accounthealth.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the whole system on one machine: PostgreSQL, a Kafka broker, the topics and the three services, each as a
 * real process. Everything it starts keeps its files under one data directory, so the next start finds them again;
 * Ctrl-C stops every process it started. Started by {@code platform/local-stack/run.sh}, which builds first.
 */
public final class LocalStack {

    /** The topics (docs/architecture.md): three fact streams in, one alert stream out, and dead letters. */
    public static final List<String> TOPICS = List.of("account-events", "feedback-events", "opportunity-events",
            "account-health-alerts", "account-health-changes", "health-score-dead-letters");

    record Service(String name, int port, String database) {
        String url() {
            return "http://localhost:" + port;
        }
    }

    static final List<Service> SERVICES = List.of(
            new Service("account-service", 8081, "account_service"),
            new Service("opportunity-service", 8082, "opportunity_service"),
            new Service("health-score-service", 8083, "health_score_service"));

    /** What a person trying the API gets a token for: each scope alone, and all of them together. */
    static final List<String> SCOPES = List.of("accounts:read", "accounts:write", "accounts:import", "opportunities:read",
            "opportunities:write", "opportunities:import", "health:read", "notifications:manage", "health:admin", "alerts:work",
            "personal-data:read", "personal-data:erase");
    private static final Duration TOKEN_LIFETIME = Duration.ofDays(7);
    /** The sales-leader workspace and the development identity provider it signs leaders in with. */
    static final int WORKSPACE_PORT = 8084;
    static final int IDENTITY_PROVIDER_PORT = 8090;
    static final String WORKSPACE_CLIENT_ID = "leader-web";
    static final String WORKSPACE_CLIENT_SECRET = "local-development-client-secret-0123456789";

    private final StackOptions options;
    private final List<ServiceProcess> services = new ArrayList<>();
    private LocalPostgres postgres;
    private LocalKafka kafka;
    private DevIdentityProvider identityProvider;
    private Path publicKey;
    private int step;
    private volatile boolean stopping;

    private LocalStack(StackOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        StackOptions options;
        try {
            options = StackOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(StackOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(StackOptions.USAGE);
            return;
        }
        try {
            new LocalStack(options).run();
        } catch (RuntimeException e) {
            System.err.println("The local stack could not start: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run() throws Exception {
        Files.createDirectories(options.dataDirectory().resolve("logs"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll();
            stopped.countDown();
        }, "local-stack-shutdown"));

        String jdbcBase = startPostgres();
        String bootstrap = startKafka();
        createTopics(bootstrap);
        JwtIssuer tokens = developmentKeys();
        startServices(jdbcBase, bootstrap);
        startWorkspace(tokens);
        awaitReady();
        if (options.demo()) {
            progress("Demo portfolio: loading through the REST API as a CRM sync would");
            detail("%s", new DemoPortfolio(SERVICES.get(0).url(), SERVICES.get(1).url(), tokens.token("demo-loader",
                    List.of("accounts:read", "accounts:write", "opportunities:write"), null, Duration.ofHours(1)))
                    .load(60));
        }
        printTokens(tokens);

        System.out.println();
        for (Service s : SERVICES) {
            System.out.printf("  %-21s %s   (API docs: %s/q/swagger-ui, log: %s)%n", s.name(), s.url(), s.url(),
                    logFile(s.name()));
        }
        System.out.printf("%n  Sales-leader workspace: http://localhost:%d   (log: %s)%n", WORKSPACE_PORT,
                logFile(WORKSPACE_CLIENT_ID));
        System.out.printf("  Open it and sign in (development identity provider at %s) as one of, password %s:%n",
                identityProvider.url(), DevIdentityProvider.PASSWORD);
        for (DevIdentityProvider.User u : DevIdentityProvider.USERS) {
            System.out.printf("    %-6s %s, %s%n", u.username(), u.name(), u.teams() == null ? "leader of every team"
                    : "leader of " + String.join(", ", u.teams()));
        }
        System.out.printf("%nAll three services and the workspace are ready. Data: %s. Press Ctrl-C to stop everything.%n",
                options.dataDirectory());
        watchServices();
        stopped.await();
    }

    private String startPostgres() {
        if (options.postgresUrl() != null) {
            progress("PostgreSQL: using %s (databases must exist or be creatable by %s)", options.postgresUrl(),
                    options.postgresUser());
            return options.postgresUrl().replaceAll("/+$", "");
        }
        progress("PostgreSQL: starting on 127.0.0.1:%d, data in %s", options.postgresPort(),
                options.dataDirectory().resolve("postgres"));
        // Embedded PostgreSQL defaults to fsync off; the local stack keeps real durability (benchmarks run on it too).
        postgres = LocalPostgres.start(options.dataDirectory().resolve("postgres"), options.postgresPort(),
                Map.of("fsync", "on", "synchronous_commit", "on"));
        for (Service s : SERVICES) {
            postgres.createDatabaseIfMissing(s.database());
        }
        detail("ready (%s); databases %s", postgres.description(),
                SERVICES.stream().map(Service::database).toList());
        return "jdbc:postgresql://127.0.0.1:" + postgres.port();
    }

    private String startKafka() {
        if (options.kafkaBootstrap() != null) {
            progress("Kafka: using %s", options.kafkaBootstrap());
            return options.kafkaBootstrap();
        }
        progress("Kafka: starting a KRaft broker on 127.0.0.1:%d, data in %s", options.kafkaPort(),
                options.dataDirectory().resolve("kafka"));
        kafka = LocalKafka.start(options.dataDirectory().resolve("kafka"), options.kafkaPort(), options.kafkaPort() + 1,
                options.partitions());
        detail("ready (pid %d, log %s)", kafka.pid(), kafka.logFile());
        return kafka.bootstrapServers();
    }

    private void createTopics(String bootstrap) {
        List<String> created = LocalKafka.createTopics(bootstrap, TOPICS, options.partitions());
        progress("Kafka topics: created %s with %d partitions each; %d already existed and keep theirs", created,
                options.partitions(), TOPICS.size() - created.size());
    }

    /** The development key pair (kept in the data directory) whose public key the services verify tokens with. */
    private JwtIssuer developmentKeys() {
        Path keys = options.dataDirectory().resolve("keys");
        JwtIssuer issuer = JwtIssuer.loadOrCreate(keys);
        publicKey = issuer.writePublicKey(keys.resolve("public-key.pem"));
        progress("Bearer tokens: the services trust the development key %s (issuer %s)", publicKey, JwtIssuer.DEV_ISSUER);
        return issuer;
    }

    /** One token per scope, each valid for a week, printed and kept in tokens.env for scripts. */
    private void printTokens(JwtIssuer issuer) throws IOException {
        StringBuilder env = new StringBuilder("# Development bearer tokens, valid for " + TOKEN_LIFETIME.toDays()
                + " days from " + java.time.Instant.now() + ". Use: source this file; curl -H \"Authorization: Bearer $TOKEN\" ...\n");
        System.out.printf("%nBearer tokens (subject local-user, every team, valid %d days; also in %s):%n",
                TOKEN_LIFETIME.toDays(), options.dataDirectory().resolve("tokens.env"));
        for (String scope : SCOPES) {
            String token = issuer.token("local-user", List.of(scope), null, TOKEN_LIFETIME);
            // A shell variable name: personal-data:read becomes PERSONAL_DATA_READ_TOKEN.
            String name = scope.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_TOKEN";
            env.append(name).append('=').append(token).append('\n');
            System.out.printf("  %-21s %s%n", scope, token);
        }
        String all = issuer.token("local-user", SCOPES, null, TOKEN_LIFETIME);
        env.append("TOKEN=").append(all).append('\n');
        System.out.printf("  %-21s %s%n", "all of them ($TOKEN)", all);
        Files.writeString(options.dataDirectory().resolve("tokens.env"), env);
    }

    private void startServices(String jdbcBase, String bootstrap) throws IOException {
        for (Service s : SERVICES) {
            progress("%s: starting on port %d", s.name(), s.port());
            services.add(ServiceProcess.start(s.name(), options.root().resolve(s.name()), s.port(), Map.of(
                    "mp.jwt.verify.publickey.location", publicKey.toString(),
                    "mp.jwt.verify.issuer", JwtIssuer.DEV_ISSUER,
                    "quarkus.datasource.jdbc.url", jdbcBase + "/" + s.database(),
                    "quarkus.datasource.username", options.postgresUser(),
                    "quarkus.datasource.password", options.postgresPassword(),
                    "kafka.bootstrap.servers", bootstrap,
                    // One machine: notification webhooks to a receiver on it (http://localhost:...) are allowed.
                    "notifications.targets.allow-loopback", "true",
                    "notifications.secrets.key", KeyFile.loadOrCreate(
                            options.dataDirectory().resolve("keys").resolve("notification-secrets.key")),
                    "personal-data.master-key", KeyFile.loadOrCreate(
                            options.dataDirectory().resolve("keys").resolve("personal-data-master.key")),
                    // A person reads these logs: plain lines, not the JSON a log pipeline wants in production.
                    "quarkus.log.console.json.enabled", "false"), logFile(s.name())));
        }
    }

    /** The development identity provider, then the workspace, which finds the provider when it starts. */
    private void startWorkspace(JwtIssuer tokens) throws IOException {
        identityProvider = DevIdentityProvider.start(tokens, IDENTITY_PROVIDER_PORT,
                Map.of(WORKSPACE_CLIENT_ID, WORKSPACE_CLIENT_SECRET));
        progress("Identity provider (development, OpenID Connect): %s; users %s", identityProvider.url(),
                DevIdentityProvider.USERS.stream().map(DevIdentityProvider.User::username).toList());
        progress("%s: starting on port %d", WORKSPACE_CLIENT_ID, WORKSPACE_PORT);
        services.add(ServiceProcess.start(WORKSPACE_CLIENT_ID, options.root().resolve(WORKSPACE_CLIENT_ID),
                WORKSPACE_PORT, identityProvider.workspaceSettings(WORKSPACE_CLIENT_ID, SERVICES.get(0).url(),
                        SERVICES.get(1).url(), SERVICES.get(2).url()), logFile(WORKSPACE_CLIENT_ID)));
    }

    private void awaitReady() throws InterruptedException {
        progress("Waiting for %s to report ready", services.stream().map(ServiceProcess::name).toList());
        for (ServiceProcess s : services) {
            s.awaitReady(Duration.ofSeconds(180));
            detail("%s ready at %s/q/health/ready", s.name(), s.url());
        }
    }

    /** A service that dies while the stack runs is reported at once, not discovered later. */
    private void watchServices() {
        for (ServiceProcess s : services) {
            s.process().onExit().thenAccept(p -> {
                if (!stopping) {
                    System.out.printf("%s stopped unexpectedly (exit code %d); see %s%n", s.name(), p.exitValue(), s.log());
                }
            });
        }
    }

    private synchronized void stopAll() {
        stopping = true;
        System.out.println("\nStopping the local stack...");
        for (ServiceProcess s : services.reversed()) {
            s.close();
            System.out.printf("  stopped %s%n", s.name());
        }
        if (identityProvider != null) {
            identityProvider.close();
        }
        if (kafka != null) {
            kafka.close();
            System.out.println("  stopped Kafka");
        }
        if (postgres != null) {
            postgres.close();
            System.out.println("  stopped PostgreSQL");
        }
        System.out.printf("Stopped. Data kept in %s%n", options.dataDirectory());
    }

    private Path logFile(String service) {
        return options.dataDirectory().resolve("logs").resolve(service + ".log");
    }

    private void progress(String format, Object... args) {
        step++;
        System.out.printf("[%d] %s%n", step, String.format(format, args));
    }

    private static void detail(String format, Object... args) {
        System.out.printf("    %s%n", String.format(format, args));
    }
}
