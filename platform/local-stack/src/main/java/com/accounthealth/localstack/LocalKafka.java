package com.accounthealth.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Apache Kafka broker (KRaft) on loopback, in a JVM of its own.
 *
 * <p>Running it out of process keeps the broker's jars off the services' classpath and lets tests and operators stop
 * and restart it as a real outage: same ports, same data directory.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalKafka.class);

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private final int defaultPartitions;
    private Process broker;

    private LocalKafka(Path directory, int port, int controllerPort, int defaultPartitions) {
        this.directory = directory;
        this.port = port;
        this.controllerPort = controllerPort;
        this.defaultPartitions = defaultPartitions;
    }

    /** Starts the broker and returns once it answers clients. */
    public static LocalKafka start(Path directory, int port, int controllerPort, int defaultPartitions) {
        LocalKafka kafka = new LocalKafka(directory, port, controllerPort, defaultPartitions);
        kafka.startBroker();
        return kafka;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return directory.resolve("broker.log");
    }

    public synchronized boolean isRunning() {
        return broker != null && broker.isAlive();
    }

    public synchronized long pid() {
        return broker == null ? -1 : broker.pid();
    }

    /** Starts (or restarts) the broker process on the same ports and data, and waits until it serves requests. */
    public synchronized void startBroker() {
        if (isRunning()) {
            return;
        }
        Instant started = Instant.now();
        try {
            Files.createDirectories(directory);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            broker = new ProcessBuilder(java, "-Xms128m", "-Xmx768m", "-XX:+UseG1GC",
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                    "-Dorg.slf4j.simpleLogger.showDateTime=true",
                    "-cp", Classpath.ofThisModule(),
                    KafkaBrokerMain.class.getName(), directory.toString(), Integer.toString(port),
                    Integer.toString(controllerPort), Integer.toString(defaultPartitions),
                    Long.toString(ProcessHandle.current().pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the Kafka broker JVM", e);
        }
        awaitReady(Duration.ofSeconds(90));
        LOG.infof("Kafka broker ready on %s in %d ms (pid %d, data in %s)", bootstrapServers(),
                Duration.between(started, Instant.now()).toMillis(), broker.pid(), directory);
    }

    /** Stops the broker the way an operator would (SIGTERM, controlled shutdown) and waits for it to exit. */
    public synchronized void stopBroker() {
        if (broker == null) {
            return;
        }
        broker.destroy();
        try {
            if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                LOG.warn("Kafka broker did not stop within 60 s; killing it");
                broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        broker = null;
    }

    /** Kills the broker as a crash would (SIGKILL, no controlled shutdown); {@link #startBroker()} starts it again. */
    public synchronized void killBroker() {
        if (broker == null) {
            return;
        }
        try {
            broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        broker = null;
    }

    /** Creates the topics that do not exist yet on this broker; existing ones are left as they are. */
    public List<String> createTopics(Collection<String> names, int partitions) {
        return createTopics(bootstrapServers(), names, partitions);
    }

    /** Creates the topics that do not exist yet on any cluster; returns the ones it created. */
    public static List<String> createTopics(String bootstrapServers, Collection<String> names, int partitions) {
        try (Admin admin = admin(bootstrapServers)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = names.stream().filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, partitions, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
            return missing.stream().map(NewTopic::name).toList();
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topics " + names, e);
        }
    }

    private static Admin admin(String bootstrapServers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        return Admin.create(p);
    }

    private void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = admin(bootstrapServers())) {
            while (Instant.now().isBefore(deadline)) {
                if (!broker.isAlive()) {
                    throw new IllegalStateException("The Kafka broker exited with code " + broker.exitValue()
                            + "; see " + logFile());
                }
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception notYet) {
                    LocalPostgres.sleepQuietly(200);
                }
            }
        }
        throw new IllegalStateException("The Kafka broker was not ready within " + timeout + "; see " + logFile());
    }

    @Override
    public void close() {
        stopBroker();
    }

    /** The classpath this module was built with, written at build time (see the module's pom). */
    static final class Classpath {
        private Classpath() {
        }

        static String ofThisModule() {
            try (InputStream deps = LocalKafka.class.getResourceAsStream("runtime.classpath");
                 InputStream self = LocalKafka.class.getResourceAsStream("build.properties")) {
                if (deps == null || self == null) {
                    throw new IllegalStateException("runtime.classpath is missing: build the local-stack module with Maven");
                }
                Properties build = new Properties();
                build.load(self);
                return build.getProperty("classes.directory") + java.io.File.pathSeparator
                        + new String(deps.readAllBytes(), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
