package com.accounthealth.testsupport;

import com.accounthealth.localstack.LocalKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Points a service's Kafka clients at the test JVM's real broker. Init arg {@code topics}: comma-separated topics
 * to create before the application starts.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {

    private List<String> topics = List.of();

    @Override
    public void init(Map<String, String> initArgs) {
        topics = Arrays.stream(initArgs.getOrDefault("topics", "").split(","))
                .map(String::trim).filter(t -> !t.isEmpty()).toList();
    }

    @Override
    public Map<String, String> start() {
        LocalKafka kafka = RealServers.kafka();
        kafka.createTopics(topics, RealServers.partitions());
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // The broker outlives this application start: RealServers stops it when the JVM exits.
    }
}
