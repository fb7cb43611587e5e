package com.accounthealth.testsupport;

import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/**
 * What every service needs from the build before it does anything of its own: its Flyway schema in a real
 * PostgreSQL, a real Kafka broker it can produce to and consume from, and health, metrics and API documents.
 * A service's test class extends this and is annotated with its test resources.
 */
public abstract class RealServersContract {

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** The service's own tables, one of which the migration must have created. */
    protected abstract String aMigratedTable();

    @Test
    void migrationsRanAgainstTheRealDatabase() throws Exception {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FILTER (WHERE success), count(*) FILTER (WHERE NOT success) FROM flyway_schema_history")) {
            rs.next();
            assertThat(rs.getInt(1)).as("successful migrations").isPositive();
            assertThat(rs.getInt(2)).as("failed migrations").isZero();
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.getMetaData().getTables(null, null, aMigratedTable(), new String[] {"TABLE"})) {
            assertThat(rs.next()).as("table %s exists", aMigratedTable()).isTrue();
        }
    }

    @Test
    void producesToAndConsumesFromTheRealBroker() throws Exception {
        String topic = "probe-" + UUID.randomUUID();
        RealServers.kafka().createTopics(List.of(topic), 1);
        String key = UUID.randomUUID().toString();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, "hello")).get();
        }
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + key,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return !received.isEmpty();
            });
        }
        assertThat(received).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo(key);
            assertThat(r.value()).isEqualTo("hello");
        });
    }

    @Test
    void readinessAsksTheDatabaseNotKafkaAndLivenessWatchesTheBackgroundWorkers() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "Outbox relay"))
                .body("checks.name", not(hasItem("Kafka connection health check")));
        given().get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'Background workers' }.status", equalTo("UP"));
    }

    @Test
    void servesMetricsAndApiDocuments() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
        given().accept("application/json").get("/q/openapi").then().statusCode(200).body("openapi", startsWith("3."));
    }
}
