package com.accounthealth.healthscore.infrastructure;

import com.accounthealth.eventstore.BackgroundWorkers;
import com.accounthealth.eventstore.SupervisedWorker;
import com.accounthealth.healthscore.application.ScoringAccounts;
import com.accounthealth.healthscore.config.IngestConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Consumes the three fact topics with the plain Kafka client: a poll is a batch, applied in ONE database
 * transaction (inbox rows, health, history, alerts, outbox), and only after that commit are the offsets committed.
 * A record that cannot be decoded goes to the dead-letter topic with the reason in its headers; a database outage is
 * retried from the same offsets, never dead-lettered. Each consumer runs as a {@link SupervisedWorker}: one that fails
 * outside a batch (a poll error, e.g. an authentication refused after a credential rotation) is closed and started
 * again after a backoff, from the committed offsets. The plain client (not SmallRye Reactive Messaging) because the
 * batch, the transaction and the offset commit must be one sequence this class controls.
 */
@ApplicationScoped
public class EventIngest {

    private static final Logger LOG = Logger.getLogger(EventIngest.class);

    private final IngestConfig config;
    private final Map<String, Object> kafkaConfig;
    private final Inbox inbox;
    private final ScoringAccounts scoring;
    private final BackgroundWorkers workers;
    /** Reads a record's value as exactly one JSON document: anything after it makes the record undecodable. */
    private final ObjectReader oneDocument;
    private final Counter applied;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Counter retried;

    private volatile boolean running;
    private final List<Consumer> consumers = new ArrayList<>();

    EventIngest(IngestConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, Inbox inbox,
                ScoringAccounts scoring, ObjectMapper json, MeterRegistry registry, BackgroundWorkers workers) {
        this.config = config;
        this.kafkaConfig = kafkaConfig;
        this.inbox = inbox;
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
            Consumer c = new Consumer(new IngestFacts(inbox, Math.max(1, config.factsKept() / config.consumers()),
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

    /** The record's CloudEvent as an inbox arrival; what the fold reads of it goes into {@code decoded} by event id. */
    private Inbox.Arrival decode(ConsumerRecord<String, String> r, Map<UUID, Inbox.Event> decoded) {
        JsonNode ce;
        try {
            ce = oneDocument.readTree(r.value());
        } catch (Exception e) {
            throw new IllegalArgumentException("value is not JSON");
        }
        if (ce == null || !"1.0".equals(ce.path("specversion").asText())) {
            throw new IllegalArgumentException("not a CloudEvents 1.0 document");
        }
        for (String field : List.of("id", "type", "subject", "time", "data")) {
            if (ce.path(field).isMissingNode() || ce.path(field).isNull()) {
                throw new IllegalArgumentException("CloudEvent attribute '" + field + "' is missing");
            }
        }
        try {
            Inbox.Arrival arrival = new Inbox.Arrival(UUID.fromString(ce.path("id").asText()),
                    UUID.fromString(ce.path("subject").asText()), r.topic(), ce.path("type").asText(),
                    FactsFromEvents.instant(ce.path("time").asText()), r.partition(), r.offset(), r.value());
            decoded.put(arrival.eventId(), Inbox.Event.of(ce));
            return arrival;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("id and subject must be UUIDs and time an RFC 3339 instant");
        }
    }

    private ProducerRecord<String, String> deadLetter(ConsumerRecord<String, String> r, RuntimeException reason) {
        LOG.warnf("Dead-lettering %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), reason.getMessage());
        ProducerRecord<String, String> dead = new ProducerRecord<>(config.deadLetterTopic(), r.key(), r.value());
        dead.headers().add("dlt-reason", reason.getMessage().getBytes(StandardCharsets.UTF_8));
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
                consumer.subscribe(config.topics());
                Duration backoff = Duration.ofMillis(200);
                while (running) {
                    if (replayRequested && !consumer.assignment().isEmpty()) {
                        replayRequested = false;
                        consumer.seekToBeginning(consumer.assignment());
                        LOG.infof("Replaying %s from the beginning (applied events are recognised and skipped)",
                                consumer.assignment());
                    }
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
            List<Inbox.Arrival> arrivals = new ArrayList<>();
            Map<UUID, Inbox.Event> decoded = new HashMap<>();
            List<ProducerRecord<String, String>> rejected = new ArrayList<>();
            for (ConsumerRecord<String, String> r : records) {
                try {
                    arrivals.add(decode(r, decoded));
                } catch (RuntimeException e) {
                    rejected.add(deadLetter(r, e));
                }
            }
            Instant now = Instant.now();
            Map<UUID, List<UUID>> fresh = QuarkusTransaction.requiringNew().call(() -> {
                Map<UUID, List<UUID>> stored = inbox.store(arrivals);
                facts.beginBatch(stored);
                scoring.rescore(stored, now, account -> facts.after(account,
                        stored.get(account).stream().map(decoded::get).toList()));
                return stored;
            });
            for (ProducerRecord<String, String> dead : rejected) {
                try {
                    deadLetters.send(dead).get();
                } catch (Exception e) {
                    throw new IllegalStateException("Could not dead-letter a record: " + e.getMessage(), e);
                }
            }
            consumer.commitSync(nextOffsets(records));
            int appliedNow = fresh.values().stream().mapToInt(List::size).sum();
            applied.increment(appliedNow);
            duplicates.increment(arrivals.size() - appliedNow);
            deadLettered.increment(rejected.size());
            LOG.debugf("Applied %d events for %d accounts (%d duplicates, %d dead-lettered)", appliedNow, fresh.size(),
                    arrivals.size() - appliedNow, rejected.size());
        }

        /** Back to the first record of the failed batch in each partition, so the next poll returns it again. */
        private void rewind(ConsumerRecords<String, String> records) {
            for (TopicPartition p : records.partitions()) {
                consumer.seek(p, records.records(p).getFirst().offset());
            }
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
