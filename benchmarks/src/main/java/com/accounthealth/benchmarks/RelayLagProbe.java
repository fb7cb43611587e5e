package com.accounthealth.benchmarks;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Relay lag as a consumer sees it: the time from an event's {@code recordedat} (PostgreSQL's now() in the command's
 * transaction, i.e. just before its commit) to the moment this consumer receives the record, which is after the
 * broker acknowledged it. An upper bound of commit → acknowledgement by the command's own duration and one fetch.
 */
final class RelayLagProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private volatile Latencies window = new Latencies();
    private volatile Instant windowStart = Instant.MAX;
    private volatile long lastReceivedNanos = System.nanoTime();
    private volatile boolean running = true;

    RelayLagProbe(String bootstrapServers, List<String> topics) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.CLIENT_ID_CONFIG, "bench-relay-lag"),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = Thread.ofPlatform().name("relay-lag-probe").daemon().start(this::run);
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    Instant received = Instant.now();
                    lastReceivedNanos = System.nanoTime();
                    Instant recorded = recordedAt(r.value());
                    if (recorded != null && !recorded.isBefore(windowStart)) {
                        window.add(Duration.between(recorded, received).toNanos() / 1000);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private static Instant recordedAt(String cloudEvent) {
        int i = cloudEvent.indexOf("\"recordedat\":\"");
        if (i < 0) {
            return null;
        }
        int from = i + 14;
        return Instant.parse(cloudEvent.substring(from, cloudEvent.indexOf('"', from)));
    }

    /** Starts a measurement window: records recorded from now on count. */
    void begin() {
        window = new Latencies();
        windowStart = Instant.now();
    }

    /** Ends the window once the relay has gone quiet (at most 30 s), returning the lags seen in it. */
    Latencies end() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && System.nanoTime() - lastReceivedNanos < Duration.ofSeconds(2).toNanos()) {
            Thread.sleep(100);
        }
        windowStart = Instant.MAX;
        return window;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
