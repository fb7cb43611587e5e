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

    /** The topics of the system (see SYSTEM.md): three fact streams in, one alert stream out, and dead letters. */
    public static final List<String> TOPICS = List.of("account-events", "feedback-events", "opportunity-events",
            "account-health-alerts", "health-score-dead-letters");

    record Service(String name, int port, String database) {
        String url() {
            return "http://localhost:" + port;
        }
    }

    static final List<Service> SERVICES = List.of(
            new Service("account-service", 8081, "account_service"),
            new Service("opportunity-service", 8082, "opportunity_service"),
            new Service("health-score-service", 8083, "health_score_service"));

    private final StackOptions options;
    private final List<ServiceProcess> services = new ArrayList<>();
    private LocalPostgres postgres;
    private LocalKafka kafka;
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
        startServices(jdbcBase, bootstrap);
        awaitReady();
        if (options.demo()) {
            progress("Demo portfolio: loading through the REST API as a CRM sync would");
            detail("%s", new DemoPortfolio(SERVICES.get(0).url(), SERVICES.get(1).url()).load(60));
        }

        System.out.println();
        for (Service s : SERVICES) {
            System.out.printf("  %-21s %s   (API docs: %s/q/swagger-ui, log: %s)%n", s.name(), s.url(), s.url(),
                    logFile(s.name()));
        }
        System.out.printf("%nAll three services are ready. Data: %s. Press Ctrl-C to stop everything.%n",
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

    private void startServices(String jdbcBase, String bootstrap) throws IOException {
        for (Service s : SERVICES) {
            progress("%s: starting on port %d", s.name(), s.port());
            services.add(ServiceProcess.start(s.name(), options.root().resolve(s.name()), s.port(), Map.of(
                    "quarkus.datasource.jdbc.url", jdbcBase + "/" + s.database(),
                    "quarkus.datasource.username", options.postgresUser(),
                    "quarkus.datasource.password", options.postgresPassword(),
                    "kafka.bootstrap.servers", bootstrap,
                    // A person reads these logs: plain lines, not the JSON a log pipeline wants in production.
                    "quarkus.log.console.json.enabled", "false"), logFile(s.name())));
        }
    }

    private void awaitReady() throws InterruptedException {
        progress("Waiting for %s to report ready", SERVICES.stream().map(Service::name).toList());
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
