package com.accounthealth.eventstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes the outbox to Kafka, in commit-safe order, after the broker acknowledged each record.
 *
 * <ul>
 *   <li><b>One publisher across replicas</b>: the relay publishes only while it holds a session advisory lock on its
 *       own connection; a standby takes over when that connection (or its replica) dies. A leader that falls silent
 *       (frozen, cut off, its host gone) loses the lock within {@code outbox.relay.leader-timeout}: PostgreSQL ends its
 *       session when it stays idle that long ({@code idle_session_timeout}) or its unacknowledged data or keepalives
 *       go unanswered ({@code tcp_user_timeout}, {@code tcp_keepalives_*}), not after the hours TCP takes by default;
 *       a live leader makes a round trip at least every third of it.</li>
 *   <li><b>Supervised</b>: the relay runs as a {@link SupervisedWorker}; a failure outside the ones it handles (e.g.
 *       a producer that cannot be built while the bootstrap name does not resolve) closes its connection, so its
 *       leadership passes to a standby, and it starts again after a backoff.</li>
 *   <li><b>No skipped records</b>: records are read in (transaction id, position) order and only from transactions
 *       older than every transaction of this database still running, so one that commits late is published after,
 *       not skipped.</li>
 *   <li><b>Prompt</b>: a commit with outbox records wakes the relay, in memory when it is in the same replica, by a
 *       NOTIFY from the committing replica otherwise ({@link OutboxCommits}).</li>
 *   <li><b>Nothing lost, nothing repeated</b>: the checkpoint moves only over records the broker acknowledged; the
 *       idempotent producer retries through a broker outage shorter than the delivery timeout without
 *       duplicates. Longer outages are retried from the checkpoint: consumers deduplicate by CloudEvent id.</li>
 *   <li><b>Few round trips</b>: a round's acknowledged checkpoint is saved by the statement that reads the next
 *       batch, and after a batch the relay looks for the next at once; each round trip is a wait for a CPU on a busy
 *       host. (A relay that dies in between repeats that batch, as above.)</li>
 * </ul>
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    /** How often a waiting relay looks for another replica's NOTIFY (it waits in memory for its own replica's). */
    private static final Duration NOTIFICATION_CHECK = Duration.ofMillis(5);

    private final OutboxRelayConfig config;
    private final OutboxCommits commits;
    private final ObjectMapper json;
    private final Map<String, Object> kafkaConfig;
    private final String relayName;
    private final String jdbcUrl;
    private final String jdbcUser;
    private final String jdbcPassword;
    private final BackgroundWorkers workers;

    private volatile boolean running;
    private volatile boolean leader;
    private SupervisedWorker worker;
    private Connection connection;
    /** The last record the broker acknowledged, while leading; {@code unsaved} of them not yet in the table. */
    private Position checkpoint;
    private int unsaved;
    private KafkaProducer<String, String> producer;
    private Instant lastCleanup = Instant.EPOCH;

    OutboxRelay(OutboxRelayConfig config, OutboxCommits commits, ObjectMapper json, BackgroundWorkers workers,
                @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                @ConfigProperty(name = "quarkus.application.name") String relayName,
                @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
                @ConfigProperty(name = "quarkus.datasource.username") String jdbcUser,
                @ConfigProperty(name = "quarkus.datasource.password") Optional<String> jdbcPassword) {
        this.config = config;
        this.commits = commits;
        this.json = json;
        this.kafkaConfig = kafkaConfig;
        this.relayName = relayName;
        this.jdbcUrl = jdbcUrl;
        this.jdbcUser = jdbcUser;
        this.jdbcPassword = jdbcPassword.orElse("");
        this.workers = workers;
    }

    void start(@Observes StartupEvent ignored) {
        if (!config.enabled()) {
            LOG.info("Outbox relay disabled (outbox.relay.enabled=false)");
            return;
        }
        running = true;
        worker = workers.start("outbox-relay", this::run);
    }

    /** Lets the current batch finish and its checkpoint commit (no interrupt), then closes the producer. */
    void stop(@Observes ShutdownEvent ignored) throws InterruptedException {
        running = false;
        if (worker != null) {
            worker.stop();
            commits.wakeLocalRelay();
            worker.join(Duration.ofSeconds(30));
        }
    }

    /** Whether this instance is the one publishing right now. */
    public boolean isLeader() {
        return leader;
    }

    public String name() {
        return relayName;
    }

    /**
     * Leads or stands by until stopped. What it cannot handle escapes to its {@link SupervisedWorker}, after the
     * connection (with the leadership) and the producer are closed.
     */
    private void run() {
        try {
            relay();
        } finally {
            saveCheckpoint();
            disconnect();
            if (producer != null) {
                producer.close(Duration.ofSeconds(10));
                producer = null;
            }
        }
    }

    private void relay() {
        Duration backoff = Duration.ofMillis(200);
        while (running) {
            try {
                ensureConnected();
                if (!leader) {
                    leader = tryLead();
                    commits.localRelayPublishes(leader);
                    if (!leader) {
                        awaitCommits(Duration.ofSeconds(2));
                        continue;
                    }
                    checkpoint = readCheckpoint();
                    unsaved = 0;
                    LOG.infof("Outbox relay %s is publishing (advisory lock taken)", relayName);
                }
                int published = publishBatch();
                backoff = Duration.ofMillis(200);
                if (published > 0) {
                    continue;
                }
                cleanUpIfDue();
                if (hasRecordsOfRunningTransactions()) {
                    // Committed records wait behind an older transaction of this database that is still open:
                    // its commit signals if it wrote records; if it wrote none, look again after a short while.
                    awaitCommits(Duration.ofMillis(20));
                } else {
                    awaitCommits(config.fallbackPollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (SQLException e) {
                if (running) {
                    LOG.warnf("Outbox relay lost its database connection (%s); reconnecting in %d ms",
                            e.getMessage(), backoff.toMillis());
                }
                disconnect();
                backoff = sleepAndGrow(backoff);
            } catch (PublishFailure e) {
                LOG.warnf("Outbox relay could not publish (%s); retrying from the checkpoint in %d ms",
                        e.getMessage(), backoff.toMillis());
                backoff = sleepAndGrow(backoff);
            }
        }
    }

    private record Position(String transactionId, long position) {
    }

    private Position readCheckpoint() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT transaction_id::text, position FROM outbox_checkpoint WHERE relay = ?")) {
            ps.setString(1, relayName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Position(rs.getString(1), rs.getLong(2));
            }
        }
    }

    /** On the way out: the acknowledged records no later round will save. */
    private void saveCheckpoint() {
        if (!leader || unsaved == 0) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(SAVE_CHECKPOINT)) {
            bindCheckpoint(ps);
            ps.executeUpdate();
            unsaved = 0;
        } catch (SQLException e) {
            LOG.warnf("Outbox relay could not save its checkpoint (%s); the next leader publishes the last %d records again",
                    e.getMessage(), unsaved);
        }
    }

    private Duration sleepAndGrow(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        return backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : backoff.multipliedBy(2);
    }

    private void ensureConnected() throws SQLException {
        if (connection != null && !connection.isClosed()) {
            return;
        }
        Properties properties = new Properties();
        properties.setProperty("user", jdbcUser);
        properties.setProperty("password", jdbcPassword);
        // This side gives up on a server that stopped answering too (well after the longest statement, the cleanup).
        properties.setProperty("socketTimeout", "300");
        properties.setProperty("tcpKeepAlive", "true");
        connection = DriverManager.getConnection(jdbcUrl, properties);
        connection.setAutoCommit(true);
        long timeout = config.leaderTimeout().toMillis();
        long probe = Math.max(1, config.leaderTimeout().toSeconds() / 5);
        try (var s = connection.createStatement()) {
            s.execute("LISTEN " + Outbox.CHANNEL);
            s.execute("SET application_name = 'outbox-relay'");
            // Bounds on how long PostgreSQL keeps this session, and with it the leadership, for a silent relay.
            s.execute("SET idle_session_timeout = " + timeout);
            s.execute("SET tcp_user_timeout = " + timeout);
            s.execute("SET tcp_keepalives_idle = " + probe);
            s.execute("SET tcp_keepalives_interval = " + probe);
            s.execute("SET tcp_keepalives_count = 3");
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO outbox_checkpoint (relay, transaction_id, position) VALUES (?, '0'::xid8, 0) ON CONFLICT DO NOTHING")) {
            ps.setString(1, relayName);
            ps.executeUpdate();
        }
    }

    private void disconnect() {
        leader = false;
        commits.localRelayPublishes(false);
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is gone either way; its advisory lock goes with it
            }
            connection = null;
        }
    }

    private boolean tryLead() throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext('outbox-relay:' || ?))")) {
            ps.setString(1, relayName);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * Returns at the first commit signalled, or after the timeout. The driver can't wait on its socket and in memory
     * at once, so NOTIFYs of other replicas are looked for every few milliseconds, without a round trip; one is made
     * every {@link #heartbeat()}, so that PostgreSQL does not end the session as idle.
     */
    private void awaitCommits(Duration timeout) throws SQLException, InterruptedException {
        PGConnection notifications = connection.unwrap(PGConnection.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextPing = System.nanoTime() + heartbeat().toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            PGNotification[] received = notifications.getNotifications();
            if (received != null && received.length > 0) {
                return;
            }
            if (commits.awaitLocalCommit(Duration.ofNanos(Math.min(left, NOTIFICATION_CHECK.toNanos())))) {
                return;
            }
            if (System.nanoTime() - nextPing > 0) {
                ping();
                nextPing = System.nanoTime() + heartbeat().toNanos();
            }
        }
    }

    private void ping() throws SQLException {
        try (var s = connection.createStatement()) {
            s.execute("SELECT 1");
        }
    }

    private record Pending(String transactionId, long position, String topic, String key, String headers, String payload) {
    }

    /**
     * The oldest transaction of THIS database still running in the statement's snapshot (or, if none, the first not
     * yet started): every outbox record of an older transaction is committed and visible, or was rolled back.
     * Transaction ids are cluster-wide, so the snapshot's own xmin would also wait for transactions of the other
     * databases of the cluster (another service's long ingest batch held commands' records back by hundreds of ms).
     * Only a running transaction positively seen in another database is passed over: one that ended meanwhile, or
     * whose database the relay's role may not see, still counts, which errs on the side of waiting.
     * pg_stat_activity shows 32-bit xids, the snapshot 64-bit ones: they are compared modulo 2^32.
     */
    private static final String PUBLISHABLE_BELOW = """
            SELECT coalesce((SELECT running FROM pg_snapshot_xip(snapshot) AS running
                             WHERE (running::text::numeric % 4294967296)::bigint NOT IN (
                                 SELECT backend_xid::text::bigint FROM pg_stat_activity
                                 WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database())
                             ORDER BY running LIMIT 1),
                            pg_snapshot_xmax(snapshot))
            FROM (SELECT pg_current_snapshot() AS snapshot) s""";

    /** Moves the checkpoint over the acknowledged records; parameters from {@link #bindCheckpoint}. */
    private static final String SAVE_CHECKPOINT = """
            UPDATE outbox_checkpoint SET transaction_id = ?::xid8, position = ?, published = published + ?,
                   updated_at = now() WHERE relay = ?""";

    /** Saves the checkpoint (when it moved) and reads the records after it, in one round trip. */
    private static final String SAVE_CHECKPOINT_AND_READ_NEXT_BATCH = """
            WITH saved AS (%s AND ?)
            SELECT o.transaction_id::text, o.position, o.topic, o.record_key, o.headers::text, o.payload
            FROM outbox o
            WHERE (o.transaction_id, o.position) > (?::xid8, ?)
              AND o.transaction_id < (%s)
            ORDER BY o.transaction_id, o.position
            LIMIT ?""".formatted(SAVE_CHECKPOINT, PUBLISHABLE_BELOW);

    /** The four parameters of {@link #SAVE_CHECKPOINT}: the acknowledged position, how many records, the relay. */
    private void bindCheckpoint(PreparedStatement ps) throws SQLException {
        ps.setString(1, checkpoint.transactionId());
        ps.setLong(2, checkpoint.position());
        ps.setInt(3, unsaved);
        ps.setString(4, relayName);
    }

    private int publishBatch() throws SQLException, InterruptedException, PublishFailure {
        List<Pending> batch = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(SAVE_CHECKPOINT_AND_READ_NEXT_BATCH)) {
            bindCheckpoint(ps);
            ps.setBoolean(5, unsaved > 0);
            ps.setString(6, checkpoint.transactionId());
            ps.setLong(7, checkpoint.position());
            ps.setInt(8, config.batchSize());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    batch.add(new Pending(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
            unsaved = 0;
        }
        if (batch.isEmpty()) {
            return 0;
        }
        KafkaProducer<String, String> p = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        PublishFailure failure = null;
        for (Pending r : batch) {
            ProducerRecord<String, String> record = new ProducerRecord<>(r.topic(), r.key(), r.payload());
            headers(r).forEach((name, value) -> record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
            try {
                acks.add(p.send(record));
            } catch (KafkaException e) {
                // No metadata from the broker within max.block.ms: the rest of the batch waits for the next round.
                failure = new PublishFailure(e.getMessage());
                break;
            }
        }
        // The checkpoint moves over the acknowledged prefix only: a record after a failure is tried again.
        int acknowledged = 0;
        long deadline = System.nanoTime() + config.deliveryTimeout().plusSeconds(10).toNanos();
        for (Future<RecordMetadata> ack : acks) {
            try {
                awaitAck(ack, deadline);
                if (failure == null) {
                    acknowledged++;
                }
            } catch (ExecutionException | TimeoutException e) {
                if (failure == null) {
                    failure = new PublishFailure(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                }
            }
        }
        if (acknowledged > 0) {
            Pending last = batch.get(acknowledged - 1);
            checkpoint = new Position(last.transactionId(), last.position());
            unsaved += acknowledged;
            LOG.debugf("Published %d outbox records", acknowledged);
        }
        if (failure != null) {
            throw failure;
        }
        return acknowledged;
    }

    /**
     * Waits for the broker's acknowledgement, with a round trip to the database every {@link #heartbeat()}: a leader
     * waiting through a broker outage keeps its session, which PostgreSQL would end as idle.
     */
    private void awaitAck(Future<RecordMetadata> ack, long deadline)
            throws ExecutionException, TimeoutException, InterruptedException, SQLException {
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                ack.get(Math.max(0, Math.min(left, heartbeat().toNanos())), TimeUnit.NANOSECONDS);
                return;
            } catch (TimeoutException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                ping();
            }
        }
    }

    /** How long the relay may go without a round trip to the database: a third of the leader timeout. */
    private Duration heartbeat() {
        return config.leaderTimeout().dividedBy(3);
    }

    private Map<String, String> headers(Pending r) {
        try {
            return json.readValue(r.headers(), HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Outbox record " + r.position() + " has headers that are not a JSON object", e);
        }
    }

    private boolean hasRecordsOfRunningTransactions() throws SQLException {
        // In index order: as EXISTS, the prepared statement's generic plan scanned the whole table (published records
        // stay for the retention period), 40-90 ms a call on the benchmark's outbox.
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT 1 FROM outbox WHERE (transaction_id, position) > (?::xid8, ?)
                ORDER BY transaction_id, position LIMIT 1""")) {
            ps.setString(1, checkpoint.transactionId());
            ps.setLong(2, checkpoint.position());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void cleanUpIfDue() throws SQLException {
        if (Instant.now().isBefore(lastCleanup.plus(Duration.ofMinutes(10)))) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("""
                DELETE FROM outbox o USING outbox_checkpoint c
                WHERE c.relay = ? AND (o.transaction_id, o.position) <= (c.transaction_id, c.position)
                  AND o.created_at < now() - make_interval(secs => ?)""")) {
            ps.setString(1, relayName);
            ps.setLong(2, config.retention().toSeconds());
            int deleted = ps.executeUpdate();
            if (deleted > 0) {
                LOG.infof("Deleted %d published outbox records older than %s", deleted, config.retention());
            }
        }
        lastCleanup = Instant.now();
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            Map<String, Object> props = new HashMap<>();
            // Connection and security settings (bootstrap servers, SASL, TLS) come from the service's kafka.* config.
            kafkaConfig.forEach((k, v) -> {
                if (ProducerConfig.configNames().contains(k)) {
                    props.put(k, v);
                }
            });
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.deliveryTimeout().toMillis());
            // A send waiting for the broker's metadata blocks the relay: no longer than it may go without a round trip.
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) heartbeat().toMillis());
            props.put(ProducerConfig.CLIENT_ID_CONFIG, relayName + "-outbox-relay");
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /** A record the broker did not acknowledge in time. */
    static final class PublishFailure extends Exception {
        PublishFailure(String message) {
            super(message);
        }
    }
}
