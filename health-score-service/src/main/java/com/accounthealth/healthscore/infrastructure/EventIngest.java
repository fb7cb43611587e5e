package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.BackgroundWorkers;
import com.accounthealth.eventstore.CloudEvents;
import com.accounthealth.eventstore.DatabaseFaults;
import com.accounthealth.eventstore.EventStoreFailure;
import com.accounthealth.eventstore.SupervisedWorker;
import com.accounthealth.healthscore.config.IngestConfig;
import com.accounthealth.healthscore.domain.Backfill;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Consumes the three fact topics with the plain Kafka client: a poll is a batch, applied in ONE database
 * transaction (inbox rows, health, history, alerts, outbox), and only after that commit are the offsets committed.
 * A record the writers' published contract does not allow goes to the dead-letter topic with the reason in its
 * headers, and so does one whose application fails for a reason of its own (the batch is then applied record by
 * record, so it holds back no other); a database that cannot work now is retried from the same offsets, never
 * dead-lettered. Each consumer runs as a {@link SupervisedWorker}: one that fails outside a batch (a poll error, e.g.
 * an authentication refused after a credential rotation) is closed and started again after a backoff, from the
 * committed offsets. The plain client (not SmallRye Reactive Messaging) because the batch, the transaction and the
 * offset commit must be one sequence this class controls.
 */
@ApplicationScoped
public class EventIngest {

    private static final Logger LOG = Logger.getLogger(EventIngest.class);

    private final IngestConfig config;
    private final Backfill backfill;
    private final Map<String, Object> kafkaConfig;
    private final Inbox inbox;
    private final AccountFolds folds;
    private final BatchScoring scoring;
    private final Outcomes outcomes;
    private final BackgroundWorkers workers;
    /** Reads a record's value as exactly one JSON document: anything after it makes the record undecodable. */
    private final ObjectReader oneDocument;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Counter retried;
    private final PublishedContract contract = PublishedContract.load();
    private final DataSource dataSource;
    private final MeterRegistry registry;
    /** Per partition this instance reads: when it last advanced and how far behind it is, for the stall gauge. */
    private final Map<TopicPartition, PartitionProgress> progress = new ConcurrentHashMap<>();

    private volatile boolean running;
    private final List<Consumer> consumers = new ArrayList<>();

    EventIngest(IngestConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, Inbox inbox,
                AccountFolds folds, BatchScoring scoring, Outcomes outcomes, ObjectMapper json, MeterRegistry registry,
                DataSource dataSource, BackgroundWorkers workers) {
        this.outcomes = outcomes;
        this.config = config;
        this.backfill = new Backfill(config.newsWindow());
        this.dataSource = dataSource;
        this.registry = registry;
        this.kafkaConfig = kafkaConfig;
        this.inbox = inbox;
        this.folds = folds;
        this.scoring = scoring;
        this.workers = workers;
        this.oneDocument = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.applied = Counter.builder("health.ingest.applied").description("Events applied to the inbox").register(registry);
        this.duplicates = Counter.builder("health.ingest.duplicates").description("Redelivered events ignored").register(registry);
        this.deadLettered = Counter.builder("health.ingest.dead.lettered").description("Records sent to the dead-letter topic").register(registry);
        this.retried = Counter.builder("health.ingest.retried.batches").description("Batches retried after a failure (e.g. database outage)").register(registry);
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            LOG.info("Event ingest disabled (health.ingest.enabled=false)");
            return;
        }
        running = true;
        for (int i = 0; i < config.consumers(); i++) {
            Consumer c = new Consumer(new IngestFacts(inbox, folds, config.foldWrittenEvery(),
                    Math.max(1, config.factsKept() / config.consumers()),
                    config.eventsKept() / config.consumers()));
            consumers.add(c);
            c.worker = workers.start("event-ingest-" + i, c::run);
        }
    }

    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        for (Consumer c : consumers) {
            c.worker.stop();
            c.wakeup();
        }
        for (Consumer c : consumers) {
            c.worker.join(Duration.ofSeconds(30));
        }
    }

    /**
     * Reads every partition this instance owns from the beginning again, as after an offset reset: the inbox
     * recognises every event already applied, so nothing changes and no alert is raised twice.
     */
    public void replayFromStart() {
        consumers.forEach(c -> c.replayRequested = true);
    }

    /** Events recognised as already applied since start (redeliveries and replays). */
    public long duplicatesSeen() {
        return (long) duplicates.count();
    }

    /** Batches that failed and were retried from the same offsets. */
    public long retriedBatches() {
        return (long) retried.count();
    }

    public long appliedCount() {
        return (long) applied.count();
    }

    /**
     * The record's CloudEvent as an inbox arrival, if the writers' contract allows it; what the fold reads of it goes
     * into {@code decoded} by event id, and its id into {@code backfilled} when it was recorded long after it happened or
     * a bulk import loaded it.
     */
    private Inbox.Arrival decode(ConsumerRecord<String, String> r, Map<UUID, Inbox.Event> decoded,
                                 Set<UUID> backfilled, Instant now) {
        JsonNode document;
        try {
            document = oneDocument.readTree(r.value());
        } catch (Exception e) {
            throw new IllegalArgumentException("value is not JSON");
        }
        CloudEvent ce = CloudEvents.read(document);
        contract.violation(r.topic(), r.key(), document, now).ifPresent(reason -> {
            throw new IllegalArgumentException(reason);
        });
        Inbox.Arrival arrival = new Inbox.Arrival(UUID.fromString(ce.getId()), UUID.fromString(ce.getSubject()),
                r.topic(), ce.getType(), ce.getTime().toInstant(), r.partition(), r.offset(), r.value());
        decoded.put(arrival.eventId(), Inbox.Event.of(ce));
        // A bulk import marks its facts as history, however recent: loading them tells no one.
        if ("true".equals(String.valueOf(ce.getExtension("backfill")))
                || backfill.isHistory(arrival.occurredAt(), recordedAt(ce, now))) {
            backfilled.add(arrival.eventId());
        }
        return arrival;
    }

    /** When the writer recorded the event; without a readable {@code recordedat} (another producer), now. */
    private static Instant recordedAt(CloudEvent ce, Instant now) {
        Object recordedAt = ce.getExtension("recordedat");
        try {
            return recordedAt == null ? now : Instant.parse(recordedAt.toString());
        } catch (DateTimeParseException e) {
            return now;
        }
    }

    private ProducerRecord<String, String> deadLetter(ConsumerRecord<String, String> r, String reason) {
        LOG.warnf("Dead-lettering %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), reason);
        ProducerRecord<String, String> dead = new ProducerRecord<>(config.deadLetterTopic(), r.key(), r.value());
        dead.headers().add("dlt-reason", reason.getBytes(StandardCharsets.UTF_8));
        dead.headers().add("dlt-original-topic", r.topic().getBytes(StandardCharsets.UTF_8));
        dead.headers().add("dlt-original-partition", Integer.toString(r.partition()).getBytes(StandardCharsets.UTF_8));
        dead.headers().add("dlt-original-offset", Long.toString(r.offset()).getBytes(StandardCharsets.UTF_8));
        return dead;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition p : records.partitions()) {
            List<ConsumerRecord<String, String>> inPartition = records.records(p);
            offsets.put(p, new OffsetAndMetadata(inPartition.getLast().offset() + 1));
        }
        return offsets;
    }

    /**
     * One consumer of the group, on a thread of its own, with the folds of the accounts its partitions carry. Records
     * are keyed by account, so two consumers never apply events of the same account.
     */
    private final class Consumer {

        private final IngestFacts facts;
        /** Per owned partition, the offset before which records are replayed history (see V7 in db/migration). */
        private final Map<TopicPartition, Long> historyUntil = new HashMap<>();
        /** Per partition assigned, where its history would end if this database reads it for the first time. */
        private final Map<TopicPartition, Long> proposedHistory = new HashMap<>();
        private volatile boolean replayRequested;
        private SupervisedWorker worker;
        private volatile KafkaConsumer<String, String> consumer;

        Consumer(IngestFacts facts) {
            this.facts = facts;
        }

        void wakeup() {
            KafkaConsumer<String, String> c = consumer;
            if (c != null) {
                c.wakeup();
            }
        }

        private void run() {
            consumer = new KafkaConsumer<>(clientConfig(ConsumerConfig.configNames(), Map.of(
                    ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxBatch())),
                    new StringDeserializer(), new StringDeserializer());
            try (KafkaProducer<String, String> deadLetters = new KafkaProducer<>(clientConfig(ProducerConfig.configNames(),
                    Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)),
                    new StringSerializer(), new StringSerializer())) {
                consumer.subscribe(config.topics(), new ConsumerRebalanceListener() {
                    @Override
                    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                        partitions.forEach(progress::remove);
                        partitions.forEach(historyUntil::remove);
                        partitions.forEach(proposedHistory::remove);
                    }

                    @Override
                    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                        partitions.forEach(p -> progress(p).advancedAt = System.nanoTime());
                        proposedHistory.putAll(historyAtAssignment(partitions));
                    }
                });
                Duration backoff = Duration.ofMillis(200);
                while (running) {
                    if (replayRequested && !consumer.assignment().isEmpty()) {
                        replayRequested = false;
                        consumer.seekToBeginning(consumer.assignment());
                        LOG.infof("Replaying %s from the beginning (applied events are recognised and skipped)",
                                consumer.assignment());
                    }
                    measureLag();
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                    if (records.isEmpty()) {
                        continue;
                    }
                    try {
                        apply(records, deadLetters);
                        backoff = Duration.ofMillis(200);
                    } catch (RuntimeException e) {
                        LOG.warnf("Could not apply %d records (%s); retrying them in %d ms", records.count(),
                                e.getMessage(), backoff.toMillis());
                        retried.increment();
                        facts.forget();
                        rewind(records);
                        Thread.sleep(backoff.toMillis());
                        backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0
                                ? Duration.ofSeconds(10) : backoff.multipliedBy(2);
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                consumer.close(Duration.ofSeconds(10));
            }
        }

        private void apply(ConsumerRecords<String, String> records, KafkaProducer<String, String> deadLetters) {
            Instant now = Instant.now();
            Map<Inbox.Arrival, ConsumerRecord<String, String>> arrivals = new LinkedHashMap<>();
            Map<UUID, Inbox.Event> decoded = new HashMap<>();
            Set<UUID> backfilled = new HashSet<>();
            List<ProducerRecord<String, String>> rejected = new ArrayList<>();
            for (ConsumerRecord<String, String> r : records) {
                try {
                    arrivals.put(decode(r, decoded, backfilled, now), r);
                } catch (RuntimeException e) {
                    rejected.add(deadLetter(r, e.getMessage()));
                }
            }
            List<TopicPartition> unknown = records.partitions().stream().filter(p -> !historyUntil.containsKey(p)).toList();
            if (!unknown.isEmpty()) {
                historyUntil.putAll(historyBoundaries(unknown)); // here, not on assignment: a failure retries the batch
            }
            // An account is news when one of its records is past what this database replays and was recorded soon
            // after it happened; otherwise its changes are history (a replay or a backfill) and announce nothing.
            Set<UUID> news = new HashSet<>();
            arrivals.forEach((arrival, r) -> {
                if (r.offset() >= historyUntil.getOrDefault(new TopicPartition(r.topic(), r.partition()), 0L)
                        && !backfilled.contains(arrival.eventId())) {
                    news.add(arrival.accountId());
                }
            });
            int appliedNow;
            int refused = 0;
            try {
                appliedNow = applyTogether(List.copyOf(arrivals.keySet()), decoded, news, now);
            } catch (RuntimeException e) {
                if (DatabaseFaults.unavailable(e) || !databaseAnswers()) {
                    throw e;
                }
                LOG.warnf("A batch of %d records failed (%s); applying them one at a time", arrivals.size(),
                        e.getMessage());
                facts.forget();
                appliedNow = 0;
                for (Map.Entry<Inbox.Arrival, ConsumerRecord<String, String>> one : arrivals.entrySet()) {
                    try {
                        appliedNow += applyTogether(List.of(one.getKey()), decoded, news, now);
                    } catch (RuntimeException failure) {
                        facts.forget();
                        if (DatabaseFaults.unavailable(failure) || !databaseAnswers()) {
                            throw failure;
                        }
                        rejected.add(deadLetter(one.getValue(), "could not be applied: " + failure.getMessage()));
                        refused++;
                    }
                }
            }
            for (ProducerRecord<String, String> dead : rejected) {
                try {
                    deadLetters.send(dead).get();
                } catch (Exception e) {
                    throw new IllegalStateException("Could not dead-letter a record: " + e.getMessage(), e);
                }
            }
            consumer.commitSync(nextOffsets(records));
            advanced(records);
            applied.increment(appliedNow);
            int recognised = arrivals.size() - appliedNow - refused;
            duplicates.increment(recognised);
            deadLettered.increment(rejected.size());
            LOG.debugf("Applied %d events (%d duplicates, %d dead-lettered)", appliedNow, recognised, rejected.size());
        }

        /** Stores, scores and records {@code arrivals} in one transaction; returns how many were new. */
        private int applyTogether(List<Inbox.Arrival> arrivals, Map<UUID, Inbox.Event> decoded, Set<UUID> news,
                                  Instant now) {
            return QuarkusTransaction.requiringNew().call(() -> {
                Map<UUID, List<UUID>> stored = inbox.store(arrivals);
                Map<UUID, List<Inbox.Event>> storedEvents = new java.util.LinkedHashMap<>();
                stored.forEach((account, ids) -> storedEvents.put(account, ids.stream().map(decoded::get).toList()));
                outcomes.keep(storedEvents);
                facts.beginBatch(stored);
                scoring.rescore(stored, now, account -> facts.after(account, storedEvents.get(account)),
                        news::contains);
                facts.endBatch();
                return stored.values().stream().mapToInt(List::size).sum();
            });
        }

        /**
         * Where history would end in each of {@code partitions} just assigned: the partition's end if the consumer
         * group never read it (a new group reads a topic from its start: with a new database, a rebuild), else 0.
         * Taken at assignment, before any record is applied; kept only if this database has not read the partition.
         */
        private Map<TopicPartition, Long> historyAtAssignment(Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> proposed = new HashMap<>();
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                partitions.forEach(p -> proposed.put(p, committed.get(p) == null ? ends.getOrDefault(p, 0L) : 0L));
            } catch (RuntimeException e) {
                LOG.warnf("Could not read the offsets of %s (%s): every record there counts as news", partitions,
                        e.getMessage());
            }
            return proposed;
        }

        /** Where history ends in each of {@code partitions}, as this database first recorded it. */
        private Map<TopicPartition, Long> historyBoundaries(Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> known = readBoundaries(partitions);
            Map<TopicPartition, Long> first = new HashMap<>();
            partitions.stream().filter(p -> !known.containsKey(p))
                    .forEach(p -> first.put(p, proposedHistory.getOrDefault(p, 0L)));
            if (!first.isEmpty()) {
                first.forEach((p, until) -> {
                    if (until > 0) {
                        LOG.infof("%s is read from its start by a new database: the alerts of its first %d records"
                                + " are recorded, not announced again", p, until);
                    }
                });
                writeBoundaries(first);
                known.putAll(readBoundaries(first.keySet()));
            }
            return known;
        }

        /**
         * How far behind each owned partition is, between polls (when the position is the next record to apply: a
         * batch is either committed or rewound before the next poll). One with nothing waiting is not stalled.
         */
        private void measureLag() {
            for (TopicPartition p : consumer.assignment()) {
                PartitionProgress partition = progress(p);
                partition.behind = consumer.currentLag(p).orElse(partition.behind);
                if (partition.behind == 0) {
                    partition.advancedAt = System.nanoTime();
                }
            }
        }

        /** The partitions of a committed batch moved on: their stall clock starts again. */
        private void advanced(ConsumerRecords<String, String> records) {
            for (TopicPartition p : records.partitions()) {
                progress(p).advancedAt = System.nanoTime();
            }
        }

        /** Back to the first record of the failed batch in each partition, so the next poll returns it again. */
        private void rewind(ConsumerRecords<String, String> records) {
            for (TopicPartition p : records.partitions()) {
                consumer.seek(p, records.records(p).getFirst().offset());
            }
        }
    }

    /**
     * A partition this instance reads. A partition that has records waiting and has not advanced for minutes is
     * stalled (the database cannot take its batch): the gauges make that visible to alerting.
     */
    private static final class PartitionProgress {
        volatile long advancedAt = System.nanoTime();
        volatile long behind;

        double stalledSeconds() {
            return behind == 0 ? 0 : (System.nanoTime() - advancedAt) / 1e9;
        }
    }

    private PartitionProgress progress(TopicPartition p) {
        return progress.computeIfAbsent(p, key -> {
            Tags tags = Tags.of("topic", key.topic(), "partition", Integer.toString(key.partition()));
            Gauge.builder("health.ingest.partition.stalled.seconds", progress,
                            all -> all.containsKey(key) ? all.get(key).stalledSeconds() : 0)
                    .description("Seconds a partition with records waiting has not advanced (0: keeping up)")
                    .tags(tags).register(registry);
            Gauge.builder("health.ingest.partition.lag", progress,
                            all -> all.containsKey(key) ? all.get(key).behind : 0)
                    .description("Records of a partition not yet applied").tags(tags).register(registry);
            return new PartitionProgress();
        });
    }

    private Map<TopicPartition, Long> readBoundaries(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> found = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT topic, kafka_partition, history_until FROM ingest_partition
                     WHERE (topic, kafka_partition) IN (SELECT * FROM unnest(?::text[], ?::int[]))""")) {
            ps.setArray(1, c.createArrayOf("text", partitions.stream().map(TopicPartition::topic).toArray()));
            ps.setArray(2, c.createArrayOf("int4", partitions.stream().map(TopicPartition::partition).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not read where the partitions' history ends", e);
        }
    }

    /** Records the boundaries; one another replica recorded first stays. */
    private void writeBoundaries(Map<TopicPartition, Long> boundaries) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO ingest_partition (topic, kafka_partition, history_until) VALUES (?, ?, ?)
                     ON CONFLICT DO NOTHING""")) {
            for (Map.Entry<TopicPartition, Long> b : boundaries.entrySet()) {
                ps.setString(1, b.getKey().topic());
                ps.setInt(2, b.getKey().partition());
                ps.setLong(3, b.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not record where the partitions' history ends", e);
        }
    }

    /** Whether the database answers at all: a failure while it does not is an outage, never the record's fault. */
    private boolean databaseAnswers() {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(5);
            return st.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    private Map<String, Object> clientConfig(java.util.Set<String> known, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        kafkaConfig.forEach((k, v) -> {
            if (known.contains(k)) {
                props.put(k, v);
            }
        });
        props.putAll(overrides);
        return props;
    }
}
