package com.accounthealth.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a service really uses, read from its own sources: src/main/resources/application.properties (port, health and
 * metrics paths, ingest topics, consumer group, timeouts, every configurable key) and the topic constants its code
 * publishes to. Where a property is absent the Quarkus default applies, as it does at run time.
 */
final class ServiceConfig {

    /** Quarkus defaults, used only where application.properties does not set the property. */
    private static final String NON_APPLICATION_ROOT = "q";
    private static final String HEALTH_ROOT = "health";
    private static final String METRICS_PATH = "metrics";

    private static final Pattern TOPIC_CONSTANT =
            Pattern.compile("static\\s+final\\s+String\\s+\\w*TOPIC\\w*\\s*=\\s*\"([^\"]+)\"");

    private final String name;
    private final Path dir;
    private final Properties properties;

    private ServiceConfig(String name, Path dir, Properties properties) {
        this.name = name;
        this.dir = dir;
        this.properties = properties;
    }

    static Path propertiesOf(Path serviceDir) {
        return serviceDir.resolve("src/main/resources/application.properties");
    }

    static ServiceConfig of(String service) {
        Path dir = Repository.root().resolve(service);
        Path file = propertiesOf(dir);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("The manifests deploy " + service + ", but there is no " + file);
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + file, e);
        }
        return new ServiceConfig(service, dir, properties);
    }

    String name() {
        return name;
    }

    boolean has(String key) {
        return properties.containsKey(key);
    }

    String get(String key) {
        String value = properties.getProperty(key);
        if (value == null) {
            throw new AssertionError(name + "'s application.properties has no " + key);
        }
        return value.trim();
    }

    int httpPort() {
        return Integer.parseInt(get("quarkus.http.port"));
    }

    /** /q/health/started, /q/health/live, /q/health/ready (or wherever the properties move them). */
    String startupPath() {
        return healthPath("quarkus.smallrye-health.startup-path", "started");
    }

    String livenessPath() {
        return healthPath("quarkus.smallrye-health.liveness-path", "live");
    }

    String readinessPath() {
        return healthPath("quarkus.smallrye-health.readiness-path", "ready");
    }

    String metricsPath() {
        return underNonApplicationRoot(properties.getProperty("quarkus.micrometer.export.prometheus.path", METRICS_PATH));
    }

    private String healthPath(String key, String defaultPath) {
        String root = underNonApplicationRoot(properties.getProperty("quarkus.smallrye-health.root-path", HEALTH_ROOT));
        String path = properties.getProperty(key, defaultPath);
        return path.startsWith("/") ? path : root + "/" + path;
    }

    private String underNonApplicationRoot(String path) {
        if (path.startsWith("/")) {
            return path;
        }
        String root = properties.getProperty("quarkus.http.non-application-root-path", NON_APPLICATION_ROOT);
        return (root.startsWith("/") ? root : "/" + root) + "/" + path;
    }

    /** The environment variable that overrides a property (MicroProfile Config: upper case, [^A-Z0-9] to '_'). */
    static String environmentVariableOf(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The environment variables of every property the service defines (profile-specific ones left out). */
    Set<String> environmentVariables() {
        return properties.stringPropertyNames().stream()
                .filter(key -> !key.startsWith("%"))
                .map(ServiceConfig::environmentVariableOf)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Whether the service runs the outbox relay (it configures one). */
    boolean runsOutboxRelay() {
        return properties.stringPropertyNames().stream().anyMatch(k -> k.startsWith("outbox.relay."));
    }

    /** Whether the service consumes Kafka topics itself (health.ingest.*). */
    boolean consumesTopics() {
        return has("health.ingest.topics");
    }

    Set<String> ingestTopics() {
        return Arrays.stream(get("health.ingest.topics").split(",")).map(String::trim)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    String ingestGroupId() {
        return get("health.ingest.group-id");
    }

    int ingestMaxBatch() {
        return Integer.parseInt(get("health.ingest.max-batch"));
    }

    String deadLetterTopic() {
        return get("health.ingest.dead-letter-topic");
    }

    /** quarkus.shutdown.timeout (Quarkus waits this long for requests in flight); none set is no wait. */
    Duration shutdownTimeout() {
        return has("quarkus.shutdown.timeout") ? duration(get("quarkus.shutdown.timeout")) : Duration.ZERO;
    }

    /** The database name at the end of the service's default JDBC URL. */
    String databaseName() {
        return databaseNameOf(get("quarkus.datasource.jdbc.url"));
    }

    static String databaseNameOf(String jdbcUrl) {
        String path = jdbcUrl.substring(jdbcUrl.lastIndexOf('/') + 1);
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /** The topics the service's code publishes to: its {@code static final String ...TOPIC... = "..."} constants. */
    Set<String> publishedTopics() {
        Set<String> topics = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir.resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = TOPIC_CONSTANT.matcher(Files.readString(file));
                while (m.find()) {
                    topics.add(m.group(1));
                }
            }
        } catch (IOException e) {
            throw new AssertionError("Cannot read " + name + "'s sources", e);
        }
        return topics;
    }

    /** Quarkus durations: ISO-8601 (PT10S), or a number with ms, s, m, h or d; a bare number is seconds. */
    static Duration duration(String value) {
        String v = value.trim();
        if (v.toUpperCase(Locale.ROOT).startsWith("P")) {
            return Duration.parse(v);
        }
        Matcher m = Pattern.compile("(\\d+)(ms|s|m|h|d)?").matcher(v);
        if (!m.matches()) {
            throw new AssertionError("Not a duration: " + value);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }
}
