package com.accounthealth.testsupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

/** A plain Kafka consumer reading topics from the beginning, as any downstream system would. */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    /** By topic, partition and offset: a consumer re-reading after a broker restart is not a duplicate publish. */
    private final Map<String, ConsumerRecord<String, String>> received = new java.util.LinkedHashMap<>();

    public TopicReader(Collection<String> topics) {
        consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, RealServers.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // A topic created a moment ago may be missing from the first metadata answer: look again soon, not
                // after the default five minutes.
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.copyOf(topics));
    }

    /** Polls until the records matching {@code filter} reach {@code count}; returns them in arrival order. */
    public List<ConsumerRecord<String, String>> awaitRecords(Predicate<ConsumerRecord<String, String>> filter, int count,
                                                      Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> received.putIfAbsent(r.topic() + "/" + r.partition() + "/" + r.offset(), r));
            return received.values().stream().filter(filter).count() >= count;
        });
        return received.values().stream().filter(filter).toList();
    }

    /**
     * Reads every record on the topics up to their current end offsets: once the producer side is known to be done,
     * this is the complete picture (duplicates included).
     */
    public List<ConsumerRecord<String, String>> readToEnd(Predicate<ConsumerRecord<String, String>> filter) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> received.putIfAbsent(r.topic() + "/" + r.partition() + "/" + r.offset(), r));
            if (consumer.assignment().isEmpty()) {
                return false;
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
            return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
        });
        return received.values().stream().filter(filter).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
