package com.accounthealth.eventstore;

import com.accounthealth.localstack.LocalPostgres;
import com.accounthealth.testsupport.RealServers;
import com.accounthealth.testsupport.TopicReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of a service each run a relay against the same outbox: one publishes, the other stands by, and
 * takes over when the first one's database session dies. Nothing is lost or published twice either way. Commits in
 * either replica wake the publishing relay. Runs the relay without Quarkus, against the real PostgreSQL and broker.
 */
class OutboxRelayReplicasTest {

    /** Short, so that a test waits for it: the services' default is 15 s. */
    private static final Duration LEADER_TIMEOUT = Duration.ofSeconds(3);

    private final String database = "relay_" + UUID.randomUUID().toString().replace("-", "");
    private final String topic = "relay-test-" + UUID.randomUUID();
    private OutboxCommits firstCommits;
    private OutboxCommits secondCommits;
    private OutboxRelay first;
    private OutboxRelay second;
    private SimpleMeterRegistry firstMeters;
    private BackgroundWorkers firstWorkers;

    @BeforeEach
    void createSchema() throws Exception {
        LocalPostgres postgres = RealServers.postgres();
        postgres.createDatabaseIfMissing(database);
        try (Connection c = connect()) {
            c.createStatement().execute(resource("/db/outbox/V0_1__outbox.sql"));
        }
        RealServers.kafka().createTopics(List.of(topic), 3);
        firstCommits = new OutboxCommits(dataSource());
        secondCommits = new OutboxCommits(dataSource());
        // A fallback poll far beyond any test's wait: records are published because a commit was signalled.
        firstMeters = new SimpleMeterRegistry();
        firstWorkers = new BackgroundWorkers(firstMeters);
        first = relay(firstCommits, firstWorkers, RealServers.kafka().bootstrapServers(), jdbcUrl(), LEADER_TIMEOUT);
        second = relay(secondCommits, new BackgroundWorkers(new SimpleMeterRegistry()),
                RealServers.kafka().bootstrapServers(), jdbcUrl(), LEADER_TIMEOUT);
        first.start(null);
        second.start(null);
    }

    @AfterEach
    void stopRelays() throws InterruptedException {
        first.stop(null);
        second.stop(null);
        firstCommits.stop();
        secondCommits.stop();
    }

    @Test
    void aCommitInThePublishingReplicaWakesItsRelay() throws Exception {
        assertACommitSignalledBy(true);
    }

    @Test
    void aCommitInTheStandbyReplicaNotifiesThePublishingOne() throws Exception {
        assertACommitSignalledBy(false);
    }

    private void assertACommitSignalledBy(boolean publishingReplica) throws Exception {
        try (TopicReader reader = new TopicReader(List.of(topic))) {
            enqueue(0, 1);
            reader.awaitRecords(r -> true, 1, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(this::exactlyOneLeader);
            OutboxCommits signalling = first.isLeader() == publishingReplica ? firstCommits : secondCommits;

            // Committed without a signal: the relay, waiting for one, leaves it alone.
            try (Connection c = connect()) {
                insert(c, "committed quietly");
            }
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> reader.readToEnd(r -> true).size() == 1);

            signalling.recordsCommitted();
            List<ConsumerRecord<String, String>> all = reader.awaitRecords(r -> true, 2, Duration.ofSeconds(30));
            assertThat(all.get(1).value()).isEqualTo("\"committed quietly\"");
        }
    }

    @Test
    void oneReplicaPublishesTheOtherStandsByAndTakesOver() throws Exception {
        try (TopicReader reader = new TopicReader(List.of(topic))) {
            enqueue(0, 50);
            reader.awaitRecords(r -> true, 50, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(this::exactlyOneLeader);

            // The leader's database session dies (network, failover): its advisory lock goes with it, a relay
            // (either) leads again and publishing goes on.
            try (Connection c = connect()) {
                c.createStatement().execute("SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a "
                        + "JOIN pg_locks l ON l.pid = a.pid AND l.locktype = 'advisory' AND l.granted "
                        + "WHERE a.application_name = 'outbox-relay' AND a.datname = '" + database + "'");
            }
            enqueue(50, 50);
            reader.awaitRecords(r -> true, 100, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(10)).until(this::exactlyOneLeader);

            // The leading replica shuts down: the standby takes over.
            OutboxRelay leader = first.isLeader() ? first : second;
            OutboxRelay standby = leader == first ? second : first;
            leader.stop(null);
            await().atMost(Duration.ofSeconds(15)).until(standby::isLeader);
            enqueue(100, 50);
            reader.awaitRecords(r -> true, 150, Duration.ofSeconds(30));

            List<ConsumerRecord<String, String>> all = reader.readToEnd(r -> true);
            assertThat(all).as("every record published").hasSize(150);
            assertThat(all.stream().map(ConsumerRecord::value).distinct()).as("none twice").hasSize(150);
        }
    }

    @Test
    void aRelayThatFailsWhereItDoesNotRetryLetsGoOfLeadershipAndIsStartedAgain() throws Exception {
        // Issue 19: building the producer while the bootstrap name did not resolve ended the relay's thread, which
        // kept its advisory lock: no standby ever took over.
        stopBoth();
        first = relay(firstCommits, firstWorkers, "no-such-broker.invalid:9092", jdbcUrl(), LEADER_TIMEOUT);
        first.start(null);
        try (TopicReader reader = new TopicReader(List.of(topic))) {
            enqueue(0, 10);
            await().atMost(Duration.ofSeconds(20)).until(() -> firstMeters.counter("background.worker.restarts",
                    "worker", "outbox-relay").count() >= 1);

            second = relay(secondCommits, new BackgroundWorkers(new SimpleMeterRegistry()),
                    RealServers.kafka().bootstrapServers(), jdbcUrl(), LEADER_TIMEOUT);
            second.start(null);
            reader.awaitRecords(r -> true, 10, Duration.ofSeconds(30));
            assertThat(second.isLeader()).isTrue();
        }
        assertThat(firstWorkers.call().getStatus()).as("restarted, not given up").isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void aStandbyTakesOverFromAFrozenLeaderWithinTheLeaderTimeout() throws Exception {
        stopBoth();
        try (FreezableLink link = new FreezableLink(RealServers.postgres().port());
             TopicReader reader = new TopicReader(List.of(topic))) {
            first = relay(firstCommits, firstWorkers, RealServers.kafka().bootstrapServers(),
                    jdbcUrl().replace(":" + RealServers.postgres().port() + "/", ":" + link.port() + "/"), LEADER_TIMEOUT);
            first.start(null);
            await().atMost(Duration.ofSeconds(10)).until(first::isLeader);
            second = relay(secondCommits, new BackgroundWorkers(new SimpleMeterRegistry()),
                    RealServers.kafka().bootstrapServers(), jdbcUrl(), LEADER_TIMEOUT);
            second.start(null);
            enqueue(0, 10);
            reader.awaitRecords(r -> true, 10, Duration.ofSeconds(30));

            // Frozen: its connection stays open, the kernel would answer keepalives, nothing it says arrives.
            link.freeze();
            long frozenAt = System.nanoTime();
            await().atMost(LEADER_TIMEOUT.plusSeconds(5)).pollInterval(Duration.ofMillis(50)).until(second::isLeader);
            Duration failover = Duration.ofNanos(System.nanoTime() - frozenAt);
            System.out.printf("Standby took over %d ms after the leader froze (leader timeout %d ms)%n",
                    failover.toMillis(), LEADER_TIMEOUT.toMillis());

            enqueue(10, 10);
            secondCommits.recordsCommitted(); // a frozen replica commits nothing: the live one signals its commits
            List<ConsumerRecord<String, String>> all = reader.awaitRecords(r -> true, 20, Duration.ofSeconds(30));
            assertThat(all.stream().map(ConsumerRecord::value).distinct()).hasSize(20);
        }
        // Thawed, the old leader finds its session ended and stands by.
        await().atMost(Duration.ofSeconds(30)).until(this::exactlyOneLeader);
    }

    @Test
    void aTransactionThatCommitsLateIsPublishedNotSkipped() throws Exception {
        try (TopicReader reader = new TopicReader(List.of(topic));
             Connection slow = connect();
             Connection fast = connect()) {
            // The reader has its partitions before the clock below starts (joining the group takes seconds).
            assertThat(reader.readToEnd(r -> true)).isEmpty();
            // The slow transaction takes its position (and transaction id) first but commits last.
            slow.setAutoCommit(false);
            insert(slow, "slow");
            fast.setAutoCommit(false);
            insert(fast, "fast");
            fast.commit();
            firstCommits.recordsCommitted();
            // The relay is woken by the fast commit but must hold it back behind the older, still running one:
            // a checkpoint past "fast" now would skip "slow" forever.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(15))
                    .until(() -> reader.readToEnd(r -> true).isEmpty());
            slow.commit();
            firstCommits.recordsCommitted();
            List<ConsumerRecord<String, String>> both = reader.awaitRecords(r -> true, 2, Duration.ofSeconds(30));
            assertThat(both).extracting(ConsumerRecord::value).containsExactly("\"slow\"", "\"fast\"");
        }
    }

    @Test
    void aTransactionOfAnotherDatabaseDoesNotHoldPublishingBack() throws Exception {
        // Transaction ids are cluster-wide: another service's database shares the server (as on the local stack and
        // in deploy/), and its transactions never write this outbox.
        String neighbour = database + "_neighbour";
        RealServers.postgres().createDatabaseIfMissing(neighbour);
        try (TopicReader reader = new TopicReader(List.of(topic));
             Connection elsewhere = DriverManager.getConnection(RealServers.postgres().jdbcUrl(neighbour),
                     LocalPostgres.SUPERUSER, "");
             Connection here = connect()) {
            assertThat(reader.readToEnd(r -> true)).isEmpty(); // the reader has its partitions before the clock starts
            elsewhere.setAutoCommit(false);
            elsewhere.createStatement().execute("SELECT pg_current_xact_id()");
            here.setAutoCommit(false);
            insert(here, "younger than the neighbour's transaction");
            here.commit();
            firstCommits.recordsCommitted();

            List<ConsumerRecord<String, String>> published = reader.awaitRecords(r -> true, 1, Duration.ofSeconds(30));
            assertThat(published).extracting(ConsumerRecord::value)
                    .containsExactly("\"younger than the neighbour's transaction\"");
            assertThat(elsewhere.createStatement().executeQuery("SELECT pg_current_xact_id_if_assigned() IS NOT NULL")
                    .next()).as("the neighbour's transaction was still open while the record was published").isTrue();
            elsewhere.rollback();
        }
    }

    private void insert(Connection c, String payload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO outbox (topic, record_key, payload) VALUES (?, 'k', ?)")) {
            ps.setString(1, topic);
            ps.setString(2, "\"" + payload + "\"");
            ps.execute();
        }
    }

    private void stopBoth() throws InterruptedException {
        first.stop(null);
        second.stop(null);
    }

    private boolean exactlyOneLeader() {
        return first.isLeader() ^ second.isLeader();
    }

    private void enqueue(int from, int count) throws SQLException {
        try (Connection c = connect();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO outbox (topic, record_key, payload) VALUES (?, ?, ?)")) {
            c.setAutoCommit(false);
            for (int i = from; i < from + count; i++) {
                ps.setString(1, topic);
                ps.setString(2, "account-" + (i % 7));
                ps.setString(3, "{\"n\":" + i + "}");
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        }
        firstCommits.recordsCommitted();
    }

    private OutboxRelay relay(OutboxCommits commits, BackgroundWorkers workers, String bootstrapServers, String jdbcUrl,
                              Duration leaderTimeout) {
        OutboxRelayConfig config = new OutboxRelayConfig() {
            public boolean enabled() {
                return true;
            }

            public int batchSize() {
                return 20;
            }

            public Duration fallbackPollInterval() {
                return Duration.ofMinutes(10);
            }

            public Duration deliveryTimeout() {
                return Duration.ofMinutes(1);
            }

            public Duration retention() {
                return Duration.ofDays(1);
            }

            public Duration leaderTimeout() {
                return leaderTimeout;
            }
        };
        return new OutboxRelay(config, commits, new ObjectMapper(), workers, Map.of("bootstrap.servers", bootstrapServers),
                "replicated-service", jdbcUrl, LocalPostgres.SUPERUSER, Optional.empty());
    }

    private String jdbcUrl() {
        return RealServers.postgres().jdbcUrl(database);
    }

    private PGSimpleDataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(RealServers.postgres().jdbcUrl(database));
        dataSource.setUser(LocalPostgres.SUPERUSER);
        return dataSource;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(RealServers.postgres().jdbcUrl(database), LocalPostgres.SUPERUSER, "");
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = OutboxRelayReplicasTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
