package com.accounthealth.benchmarks;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Part 3: the facts of a whole portfolio preloaded into the three topics, then consumed, applied and scored by
 * health-score-service (started only after the preload, so it works through a backlog), beside two baselines of the
 * same run: a plain KafkaConsumer reading the same records with no processing, and a plain JDBC batched insert of as
 * many rows, shaped like the inbox, in transactions of the service's batch size.
 */
final class Ingest {

    static final List<String> TOPICS = List.of("account-events", "feedback-events", "opportunity-events");
    private static final int BATCH = 500;
    private static final String GROUP = "health-score-service";

    private Ingest() {
    }

    static PortfolioEvents run(BenchStack stack, BenchOptions options, Results results) throws Exception {
        PortfolioEvents portfolio = new PortfolioEvents(options.events(), options.accounts());
        preload(stack, portfolio, options);
        long records = endOffsets(stack).values().stream().mapToLong(Long::longValue).sum();
        BenchStack.log("Topics hold %d records (the preload and the command benchmarks' events)", records);

        double consumeRate = rawConsume(stack, records);
        double insertRate = rawBatchInsert(stack, portfolio, options.events());

        BenchStack.log("health-score-service: starting on the backlog of %d records", records);
        long launched = System.nanoTime();
        stack.startService(BenchStack.HEALTH);
        long ready = System.nanoTime();
        long lagAtReady;
        long last;
        try (Admin admin = admin(stack)) {
        lagAtReady = lag(admin);
        last = lagAtReady;
        long lastReport = System.nanoTime();
        while (last > 0) {
            Thread.sleep(250);
            last = lag(admin);
            if (System.nanoTime() - lastReport > 10_000_000_000L) {
                BenchStack.log("ingest: %d of %d records left (%.0f/s so far, load %.2f)", last, lagAtReady,
                        (lagAtReady - last) / ((System.nanoTime() - ready) / 1e9), Machine.loadAverage());
                lastReport = System.nanoTime();
            }
        }
        }
        double seconds = (System.nanoTime() - ready) / 1e9;
        double ingestRate = lagAtReady / seconds;
        results.detail("ingest", Map.of("records", records, "records_after_ready", lagAtReady,
                "seconds_after_ready", seconds, "start_to_ready_s", (ready - launched) / 1e9));
        results.key("ingest_events_per_s", ingestRate);
        results.key("raw_consume_events_per_s", consumeRate);
        results.key("raw_batch_insert_rows_per_s", insertRate);
        results.key("ingest_vs_raw_consume", ingestRate / consumeRate);
        results.key("ingest_vs_raw_batch_insert", ingestRate / insertRate);
        results.row("ingest", "health-score-service: consume, apply, score (events/s)",
                "%.0f/s (%d records in %.1f s after ready)".formatted(ingestRate, lagAtReady, seconds),
                "plain KafkaConsumer %.0f/s".formatted(consumeRate), "%.1f%%".formatted(100 * ingestRate / consumeRate),
                "≥ 20,000/s");
        results.row("ingest", "", "", "JDBC batched insert (500/tx) %.0f rows/s".formatted(insertRate),
                "%.1f%%".formatted(100 * ingestRate / insertRate), "");
        return portfolio;
    }

    private static void preload(BenchStack stack, PortfolioEvents portfolio, BenchOptions options) throws Exception {
        BenchStack.log("Preloading %d events for %d accounts (+1 with %d) into %s", options.events(), options.accounts(),
                PortfolioEvents.ASOF_EVENTS, TOPICS);
        long started = System.nanoTime();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new StringSerializer())) {
            portfolio.forEach(e -> producer.send(new ProducerRecord<>(e.topic(), e.accountId().toString(), e.json()),
                    (m, ex) -> {
                        if (ex != null) {
                            failure.compareAndSet(null, ex);
                        }
                    }), producer::flush);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Preload failed: " + failure.get().getMessage(), failure.get());
        }
        BenchStack.log("Preloaded in %.1f s", (System.nanoTime() - started) / 1e9);
    }

    private static double rawConsume(BenchStack stack, long records) {
        BenchStack.log("Baseline: plain KafkaConsumer reading all %d records", records);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-consumer",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(TOPICS);
            long started = System.nanoTime();
            long read = 0;
            long bytes = 0;
            while (read < records) {
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(500));
                for (var r : batch) {
                    bytes += r.value().length();
                }
                read += batch.count();
                if (!batch.isEmpty()) {
                    consumer.commitSync();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            BenchStack.log("  %d records (%.0f MB) in %.1f s", read, bytes / 1e6, seconds);
            return read / seconds;
        }
    }

    private static double rawBatchInsert(BenchStack stack, PortfolioEvents portfolio, int rows) throws SQLException {
        BenchStack.log("Baseline: JDBC batched insert of %d inbox-shaped rows, %d per transaction", rows, BATCH);
        try (Connection c = stack.connect(BenchStack.BENCH_DATABASE)) {
            try (var s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS inbox_baseline");
                s.execute("""
                        CREATE TABLE inbox_baseline (event_id UUID PRIMARY KEY, account_id UUID NOT NULL, topic TEXT NOT NULL,
                            event_type TEXT NOT NULL, occurred_at TIMESTAMPTZ NOT NULL,
                            received_at TIMESTAMPTZ NOT NULL DEFAULT now(), kafka_partition INT NOT NULL,
                            kafka_offset BIGINT NOT NULL, cloud_event JSONB NOT NULL)""");
                s.execute("CREATE INDEX inbox_baseline_account_time ON inbox_baseline (account_id, occurred_at)");
            }
            c.setAutoCommit(false);
            long[] nanos = {0};
            long[] offset = {0};
            List<PortfolioEvents.Event> pending = new ArrayList<>(BATCH);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO inbox_baseline (event_id, account_id, topic, event_type, occurred_at, kafka_partition,
                                                kafka_offset, cloud_event) VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb)""")) {
                Runnable flush = () -> {
                    if (pending.isEmpty()) {
                        return;
                    }
                    long t = System.nanoTime();
                    try {
                        for (PortfolioEvents.Event e : pending) {
                            ps.setObject(1, e.eventId());
                            ps.setObject(2, e.accountId());
                            ps.setString(3, e.topic());
                            ps.setString(4, e.type());
                            ps.setTimestamp(5, Timestamp.from(e.occurredAt()));
                            ps.setInt(6, 0);
                            ps.setLong(7, offset[0]++);
                            ps.setString(8, e.json());
                            ps.addBatch();
                        }
                        ps.executeBatch();
                        c.commit();
                    } catch (SQLException ex) {
                        throw new IllegalStateException(ex);
                    }
                    nanos[0] += System.nanoTime() - t;
                    pending.clear();
                };
                portfolio.forEach(e -> {
                    pending.add(e);
                    if (pending.size() == BATCH) {
                        flush.run();
                    }
                }, flush);
            }
            double seconds = nanos[0] / 1e9;
            BenchStack.log("  %d rows in %.1f s of inserting", offset[0], seconds);
            return offset[0] / seconds;
        }
    }

    /** Records of the three topics not yet committed by health-score-service's consumer group. */
    static long lag(Admin admin) throws ExecutionException, InterruptedException, java.util.concurrent.TimeoutException {
        Map<TopicPartition, Long> ends = endOffsets(admin);
        {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue() - (c == null ? 0 : c.offset());
            }
            return lag;
        }
    }

    static Map<TopicPartition, Long> endOffsets(BenchStack stack) throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        try (Admin admin = admin(stack)) {
            return endOffsets(admin);
        }
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin) throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (var d : admin.describeTopics(TOPICS).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }

    static Admin admin(BenchStack stack) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
    }
}
