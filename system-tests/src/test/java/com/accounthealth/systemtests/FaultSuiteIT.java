package com.accounthealth.systemtests;

import com.accounthealth.client.account.AccountsApi;
import com.accounthealth.client.account.invoker.ApiException;
import com.accounthealth.client.account.model.MoneyInput;
import com.accounthealth.client.account.model.OpenAccount;
import com.accounthealth.client.account.model.RecordFeedback;
import com.accounthealth.client.account.model.Tier;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite: the packaged services on real servers under a load that records every command's outcome, one
 * fault after another, then the whole history judged. Run by {@code platform/local-stack/faults.sh}; its figures go
 * to {@code system-tests/target/faults/results.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT_A = "account-service-a";
    private static final String ACCOUNT_B = "account-service-b";
    private static final String HEALTH = "health-score-service";
    private static final List<String> FACT_TOPICS = List.of("account-events", "feedback-events");
    private static final String ALERTS = "account-health-alerts";
    private static final String DEAD_LETTERS = "health-score-dead-letters";
    /** How long a broker, a writer or a relay leader stays down or frozen, or the disk full. */
    private static final Duration FAULT = Duration.ofSeconds(10);
    /** account-service's tables every command writes: on the small disk for the disk-full case. */
    private static final List<String> SMALL_DISK_TABLES = List.of("event_store", "outbox", "idempotency_key");

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> figures = new LinkedHashMap<>();
    private Stack stack;
    private CommandLoad load;
    private String healthDatabase = Stack.HEALTH_DB;
    /** Keys of the records the suite forged onto the fact topics: no writer's, so left out of the judgement. */
    private final Set<String> forgedKeys = new HashSet<>();
    private Instant started;
    private Path smallDisk;
    /** The account the disk-full case probes: its events are none of the load's, so the judgement leaves them out. */
    private UUID probeAccount;

    @BeforeAll
    void startTheSystemAndTheLoad() {
        started = Instant.now();
        stack = new Stack(Path.of(System.getProperty("accounthealth.root", "..")).toAbsolutePath().normalize());
        stack.start(ACCOUNT_A, "account-service", Stack.ACCOUNTS_DB, Map.of());
        stack.start(ACCOUNT_B, "account-service", Stack.ACCOUNTS_DB, Map.of());
        startHealth(Map.of());
        List<UUID> accounts = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            accounts.add(openAccount(i));
        }
        load = new CommandLoad(() -> List.of(stack.url(ACCOUNT_A), stack.url(ACCOUNT_B)), stack.token(), accounts, 6);
        await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() >= 50);
        figures.put("start-up (servers, 3 services, 30 accounts)", seconds(started, Instant.now()));
    }

    @AfterAll
    void report() throws IOException, InterruptedException {
        if (load != null) {
            load.close();
        }
        figures.put("whole suite", seconds(started, Instant.now()));
        StringBuilder md = new StringBuilder("| measurement | figure |\n|---|---|\n");
        figures.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        Path out = Path.of("target/faults/results.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md.toString());
        System.out.println("\nFault suite figures:\n" + md);
        if (stack != null) {
            stack.close();
        }
        if (smallDisk != null) {
            new ProcessBuilder("umount", smallDisk.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    @Order(1)
    void theBrokerKilledAndRestartedLosesNothingAndCommandsGoOnMeanwhile() {
        long before = load.acknowledged();
        stack.killBroker();
        Instant down = Instant.now();
        holdTheFault();
        long duringOutage = load.acknowledged() - before;
        stack.startBroker();
        Instant restored = Instant.now();
        awaitPublished(restored);
        figures.put("broker killed " + FAULT.toSeconds() + " s: commands acknowledged meanwhile", Long.toString(duringOutage));
        figures.put("broker killed: a command of after the restart on the topic within", seconds(restored, Instant.now()));
        assertThat(duringOutage).as("commands taken into the outbox while the broker was down").isPositive();
    }

    @Test
    @Order(2)
    void postgresRestartedFastIsRecoveredFrom() {
        restartPostgres(false, "PostgreSQL fast restart");
    }

    @Test
    @Order(3)
    void postgresCrashedAndRestartedIsRecoveredFrom() {
        restartPostgres(true, "PostgreSQL crash (immediate) restart");
    }

    @Test
    @Order(4)
    void aWriterKilledMidLoadLosesNoAcknowledgedCommand() {
        stack.kill(ACCOUNT_B);
        Instant killed = Instant.now();
        holdTheFault();
        stack.start(ACCOUNT_B, "account-service", Stack.ACCOUNTS_DB, Map.of());
        figures.put("writer replica killed: back and ready after", seconds(killed, Instant.now()));
        awaitPublished(Instant.now());
    }

    @Test
    @Order(5)
    void healthScoreKilledMidBatchAppliesEverythingOnce() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> count(healthDatabase, "SELECT count(*) FROM inbox") > 0);
        stack.kill(HEALTH);
        Instant killed = Instant.now();
        startHealth(Map.of());
        awaitCaughtUp();
        figures.put("health-score killed mid-batch: caught up again after", seconds(killed, Instant.now()));
    }

    @Test
    @Order(6)
    void aFrozenRelayLeaderIsReplacedWithinABound() throws Exception {
        String leader = relayLeader();
        String standby = leader.equals(ACCOUNT_A) ? ACCOUNT_B : ACCOUNT_A;
        stack.freeze(leader);
        Instant frozen = Instant.now();
        try {
            awaitPublished(frozen.plusSeconds(1));
            figures.put("relay leader frozen (SIGSTOP): the standby (" + standby + ") published within",
                    seconds(frozen, Instant.now()));
        } finally {
            stack.thaw(leader);
        }
    }

    @Test
    @Order(7)
    void poisonAndForgedRecordsAreDeadLetteredAndHoldNothingBack() throws Exception {
        UUID account = UUID.randomUUID();
        forgedKeys.add(account.toString());
        Instant now = Instant.now();
        String valid = """
                {"specversion":"1.0","id":"%s","source":"/account-service","type":"com.accounthealth.account.FeedbackReceived.v1",
                 "subject":"%s","time":"%s","datacontenttype":"application/json",
                 "dataschema":"asyncapi.yaml#/components/messages/FeedbackReceived","streamid":"%s","streamversion":1,
                 "recordedat":"%s","actor":"forger",
                 "data":{"feedbackId":"%s","grade":"F","question":"%s","comment":null,"contactId":null}}""";
        List<String> bad = List.of(
                "{not json",
                valid.formatted(UUID.randomUUID(), account, now, account, now, UUID.randomUUID(), "Poison \\u0000"),
                valid.formatted(UUID.randomUUID(), account, "1899-12-31T00:00:00Z", account, now, UUID.randomUUID(), "Old"),
                valid.replace("/account-service", "/forger").formatted(UUID.randomUUID(), account, now, account, now,
                        UUID.randomUUID(), "Forged"));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (String value : bad) {
                producer.send(new ProducerRecord<>("feedback-events", account.toString(), value)).get();
            }
        }
        Instant sent = Instant.now();
        await().atMost(Duration.ofSeconds(60)).until(() -> Topics.readAll(stack.bootstrapServers(), List.of(DEAD_LETTERS))
                .stream().filter(r -> account.toString().equals(r.key())).count() == bad.size());
        figures.put("poison and forged records: all " + bad.size() + " dead-lettered within", seconds(sent, Instant.now()));
        assertThat(count(healthDatabase, "SELECT count(*) FROM inbox WHERE account_id = '" + account + "'")).isZero();
        awaitCaughtUp();
    }

    @Test
    @Order(8)
    void massRedeliveryAppliesNothingTwice() throws Exception {
        awaitCaughtUp();
        long inbox = count(healthDatabase, "SELECT count(*) FROM inbox");
        stack.stop(HEALTH);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> fromStart = new HashMap<>();
            for (String topic : FACT_TOPICS) {
                for (int p = 0; p < Stack.PARTITIONS; p++) {
                    fromStart.put(new TopicPartition(topic, p), new OffsetAndMetadata(0));
                }
            }
            admin.alterConsumerGroupOffsets("health-score-service", fromStart).all().get();
        }
        Instant restarted = Instant.now();
        startHealth(Map.of());
        awaitCaughtUp();
        await().atMost(Duration.ofSeconds(120)).until(() -> metric(HEALTH, "health_ingest_duplicates_total") >= inbox);
        figures.put("mass redelivery (every offset back to 0): " + inbox + " events recognised as applied within",
                seconds(restarted, Instant.now()));
        awaitCaughtUp();
        // Under the running load the store is ahead by what is in flight; after the load, the judgement compares sets.
        assertThat(count(healthDatabase, "SELECT count(*) FROM inbox")).as("inbox rows: no stored event twice")
                .isLessThanOrEqualTo(count(Stack.ACCOUNTS_DB, "SELECT count(*) FROM event_store"));
    }

    /**
     * account-service's tables on a small file system (a tmpfs tablespace, mounted as root), filled to the last byte
     * under load: PostgreSQL keeps running and refuses each write that needs a new page ("could not extend file").
     */
    @Test
    @Order(9)
    void aFullDiskIsA503ThatReadinessShowsAndTheFirstCommandAfterSpaceIsFreedSucceedsWithinASecond() throws Exception {
        smallDisk = Files.createTempDirectory("account-health-small-disk-");
        long tables;
        try (Connection c = stack.connect(Stack.ACCOUNTS_DB); ResultSet rs = c.createStatement().executeQuery(
                "SELECT sum(pg_total_relation_size(t::regclass)) FROM unnest(string_to_array('"
                        + String.join(",", SMALL_DISK_TABLES) + "', ',')) t")) {
            rs.next();
            tables = rs.getLong(1);
        }
        // Room for what the tables hold now, and for the rest of the suite's load once the filler is gone.
        long megabytes = tables / (1 << 20) + 256;
        boolean mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs",
                smallDisk.toString()).inheritIO().start().waitFor() == 0;
        if (!mounted) {
            figures.put("disk full", "not run: mounting a tmpfs needs root");
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(mounted, "mounting a tmpfs needs root");
        probeAccount = openAccount(30);
        Path tablespace = Files.createDirectories(smallDisk.resolve("tablespace"));
        try (Connection c = stack.connect(Stack.ACCOUNTS_DB); Statement s = c.createStatement()) {
            s.execute("CREATE TABLESPACE small_disk LOCATION '" + tablespace + "'");
            for (String table : SMALL_DISK_TABLES) {
                s.execute("ALTER TABLE " + table + " SET TABLESPACE small_disk");
            }
        }
        long unavailableBefore = load.unavailableAnswers();
        int errorsBefore = load.serverErrors();
        Path filler = smallDisk.resolve("filler");
        fill(filler);
        Instant full = Instant.now();
        await().atMost(FAULT).until(() -> load.unavailableAnswers() > unavailableBefore);
        await().atMost(FAULT).until(() -> readiness(ACCOUNT_A) == 503);
        holdTheFault();
        long unavailable = load.unavailableAnswers() - unavailableBefore;
        int errors = load.serverErrors() - errorsBefore;
        Files.delete(filler);
        Instant freed = Instant.now();
        // The load's clients back off up to 2 s between retries; a probe sending every 20 ms times the service itself.
        Duration firstSuccess = Duration.between(freed, firstProbeAcknowledged());
        await().atMost(Duration.ofSeconds(30)).until(() -> load.firstAcknowledgedAfter(freed).isPresent());
        await().atMost(Duration.ofSeconds(30)).until(() -> readiness(ACCOUNT_A) == 200);
        figures.put("disk full for " + seconds(full, freed) + ": answers 503 / 500", unavailable + " / " + errors);
        figures.put("disk full: first command acknowledged after space was freed (probe every 20 ms)",
                seconds(freed, freed.plus(firstSuccess)));
        figures.put("disk full: first command of the load's clients acknowledged after space was freed",
                seconds(freed, load.firstAcknowledgedAfter(freed).orElseThrow()));
        figures.put("disk full: readiness 200 again after space was freed", seconds(freed, Instant.now()));
        assertThat(errors).as("HTTP 500 answers while the disk was full (last: %s)", load.lastServerError()).isZero();
        assertThat(firstSuccess).as("first success after space was freed").isLessThanOrEqualTo(Duration.ofSeconds(1));
        awaitPublished(Instant.now());
    }

    @Test
    @Order(10)
    void theHistoryHoldsEveryAcknowledgedCommandExactlyOnceInOrderWithNo500() throws Exception {
        load.close();
        awaitCaughtUp();
        List<CommandLoad.Outcome> outcomes = load.outcomes();
        Map<CommandLoad.Result, Long> byResult = outcomes.stream()
                .collect(Collectors.groupingBy(CommandLoad.Outcome::result, Collectors.counting()));
        figures.put("commands: acknowledged / refused / unknown", "%d / %d / %d".formatted(
                byResult.getOrDefault(CommandLoad.Result.ACKNOWLEDGED, 0L),
                byResult.getOrDefault(CommandLoad.Result.REFUSED, 0L),
                byResult.getOrDefault(CommandLoad.Result.UNKNOWN, 0L)));
        figures.put("HTTP 500 answers", Integer.toString(load.serverErrors()));
        figures.put("refused commands by status", outcomes.stream().filter(o -> o.result() == CommandLoad.Result.REFUSED)
                .collect(Collectors.groupingBy(CommandLoad.Outcome::status, java.util.TreeMap::new, Collectors.counting()))
                .toString());

        Set<UUID> stored = ids(Stack.ACCOUNTS_DB, "SELECT event_id FROM event_store WHERE event_type <> 'AccountOpened'"
                + (probeAccount == null ? "" : " AND stream_id <> '" + probeAccount + "'"));
        List<UUID> acknowledged = outcomes.stream().filter(o -> o.result() == CommandLoad.Result.ACKNOWLEDGED)
                .map(CommandLoad.Outcome::eventId).toList();
        long unknown = byResult.getOrDefault(CommandLoad.Result.UNKNOWN, 0L);
        Set<UUID> acknowledgedOnce = new HashSet<>(acknowledged);
        Set<UUID> lost = new HashSet<>(acknowledgedOnce);
        lost.removeAll(stored);
        figures.put("acknowledged commands lost / stored twice", "%d / %d".formatted(lost.size(),
                acknowledged.size() - acknowledgedOnce.size()));
        figures.put("stored events not acknowledged (commands whose answer was lost)",
                Integer.toString(stored.size() - acknowledgedOnce.size()));

        List<ConsumerRecord<String, String>> facts = Topics.readAll(stack.bootstrapServers(), FACT_TOPICS);
        Map<UUID, JsonNode> published = new LinkedHashMap<>();
        int duplicates = 0;
        Map<String, List<Integer>> versionsByAccount = new HashMap<>();
        for (ConsumerRecord<String, String> r : facts) {
            if (forgedKeys.contains(r.key())) {
                continue;
            }
            JsonNode ce = JSON.readTree(r.value());
            UUID id = UUID.fromString(ce.path("id").asText());
            if (published.putIfAbsent(id, ce) != null) {
                duplicates++;
            } else {
                versionsByAccount.computeIfAbsent(r.topic() + "/" + r.key(), k -> new ArrayList<>()).add(ce.path("streamversion").asInt());
            }
        }
        Set<UUID> everyStored = ids(Stack.ACCOUNTS_DB, "SELECT event_id FROM event_store");
        Set<UUID> invented = new HashSet<>(published.keySet());
        invented.removeAll(everyStored);
        Set<UUID> unpublished = new HashSet<>(everyStored);
        unpublished.removeAll(published.keySet());
        List<String> outOfOrder = versionsByAccount.entrySet().stream()
                .filter(e -> !isIncreasing(e.getValue())).map(Map.Entry::getKey).toList();
        figures.put("stored events / on the topics / redelivered records", "%d / %d / %d".formatted(everyStored.size(),
                published.size(), duplicates));

        Set<UUID> inbox = ids(healthDatabase, "SELECT event_id FROM inbox");
        List<ConsumerRecord<String, String>> alertRecords = Topics.readAll(stack.bootstrapServers(), List.of(ALERTS));
        Set<UUID> alertIds = new HashSet<>();
        for (ConsumerRecord<String, String> r : alertRecords) {
            alertIds.add(UUID.fromString(JSON.readTree(r.value()).path("id").asText()));
        }
        Set<UUID> alertRows = ids(healthDatabase, "SELECT alert_id FROM alert");
        figures.put("alerts raised / on the topic (distinct) / records", "%d / %d / %d".formatted(alertRows.size(),
                alertIds.size(), alertRecords.size()));

        assertThat(load.serverErrors()).as("HTTP 500 answers (last: %s)", load.lastServerError()).isZero();
        assertThat(lost).as("acknowledged commands not stored").isEmpty();
        assertThat(acknowledged).as("one event per acknowledged command").doesNotHaveDuplicates();
        assertThat((long) stored.size()).as("stored events: every acknowledged one, at most one per unanswered command")
                .isBetween((long) acknowledgedOnce.size(), acknowledgedOnce.size() + unknown);
        assertThat(invented).as("records on the topics that no writer stored").isEmpty();
        assertThat(unpublished).as("stored events missing from the topics").isEmpty();
        assertThat(outOfOrder).as("topic/account pairs whose events are out of version order").isEmpty();
        assertThat(inbox).as("health-score's inbox: every stored event, once").isEqualTo(everyStored);
        assertThat(alertIds).as("alerts on the topic: exactly the alerts raised").isEqualTo(alertRows);
    }

    @Test
    @Order(11)
    void aRebuildFromScratchAgreesAndAnnouncesNothingAgain() throws Exception {
        Map<String, String> scores = scores(healthDatabase);
        int alertRecords = Topics.readAll(stack.bootstrapServers(), List.of(ALERTS)).size();
        stack.stop(HEALTH);
        healthDatabase = "health_rebuilt";
        Instant rebuilding = Instant.now();
        startHealth(Map.of("health.ingest.group-id", "health-score-rebuilt"));
        awaitCaughtUp();
        figures.put("rebuild from scratch (new database, new group): caught up after", seconds(rebuilding, Instant.now()));
        // Scores, not statuses: a status has hysteresis (it depends on the path), a score only on the facts.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(scores(healthDatabase)).as("score per account, rebuilt and original").isEqualTo(scores));
        assertThat(Topics.readAll(stack.bootstrapServers(), List.of(ALERTS))).as("alert records after the rebuild")
                .hasSize(alertRecords);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** Writes {@code file} until the file system has no byte left. */
    private static void fill(Path file) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException noSpaceLeft) {
            if (!Files.exists(file) || Files.size(file) == 0) {
                throw noSpaceLeft;
            }
        }
    }

    /** Sends a new command every 20 ms until one is acknowledged; when that was. */
    private Instant firstProbeAcknowledged() throws InterruptedException {
        AccountsApi probe = new AccountsApi(Clients.accountService(stack.url(ACCOUNT_A), stack.token(),
                Duration.ofSeconds(2)));
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(giveUp)) {
            try {
                probe.recordFeedback(probeAccount, new RecordFeedback().grade(RecordFeedback.GradeEnum.B)
                        .question("Disk space back?"), UUID.randomUUID().toString(), null);
                return Instant.now();
            } catch (ApiException refused) {
                if (refused.getCode() != 0) { // 0: no answer in 2 s, sent again
                    assertThat(refused.getCode()).as("a probe's answer while the disk recovers: %s",
                            refused.getResponseBody()).isEqualTo(503);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("No probe command was acknowledged within 30 s of space being freed");
    }

    private int readiness(String service) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(stack.url(service) + "/q/health/ready")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The fault lasts {@link #FAULT}: time itself is what is waited for. */
    private static void holdTheFault() {
        await().pollDelay(FAULT).atMost(FAULT.plusSeconds(5)).until(() -> true);
    }

    private void restartPostgres(boolean crash, String what) {
        Instant down = Instant.now();
        stack.restartPostgres(crash);
        Instant up = Instant.now();
        await().atMost(Duration.ofSeconds(120)).until(() -> load.firstAcknowledgedAfter(up).isPresent());
        figures.put(what + ": down for", seconds(down, up));
        figures.put(what + ": first command acknowledged after", seconds(up, load.firstAcknowledgedAfter(up).orElseThrow()));
        awaitPublished(Instant.now());
    }

    private void startHealth(Map<String, String> extra) {
        stack.start(HEALTH, "health-score-service", healthDatabase, extra);
    }

    private UUID openAccount(int i) {
        // Renewal within 90 days: a poor grade then makes the account AT_RISK and a good one lets it recover, so the
        // load raises alerts all along and the judgement has alerts to count.
        try {
            return new AccountsApi(Clients.accountService(stack, ACCOUNT_A)).open(new OpenAccount().name("Fault " + i)
                    .tier(List.of(Tier.SMB, Tier.MID_MARKET, Tier.ENTERPRISE).get(i % 3)).ownerId("ae-" + i % 5)
                    .teamId("fault-team").arr(new MoneyInput().amount(BigDecimal.valueOf(10_000L * (i + 1)))
                            .currency("EUR"))
                    .renewalDate(LocalDate.now(ZoneOffset.UTC).plusDays(45)), null).getAccountId();
        } catch (ApiException e) {
            throw new AssertionError("opening an account: " + e.getCode() + " " + e.getResponseBody(), e);
        }
    }

    /** Waits until a fact recorded after {@code since} is on the topics: publication goes on. */
    private void awaitPublished(Instant since) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                Topics.readAll(stack.bootstrapServers(), FACT_TOPICS).stream().anyMatch(recordedAfter(since)));
    }

    private static Predicate<ConsumerRecord<String, String>> recordedAfter(Instant since) {
        return r -> {
            try {
                return Instant.parse(JSON.readTree(r.value()).path("recordedat").asText()).isAfter(since);
            } catch (Exception e) {
                return false;
            }
        };
    }

    /**
     * Until health-score's inbox holds as many events as were stored when called: it has caught up with that moment
     * (under a running load the store keeps growing, so "all of them" would be a moving target).
     */
    private void awaitCaughtUp() throws SQLException {
        long stored = count(Stack.ACCOUNTS_DB, "SELECT count(*) FROM event_store");
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(() ->
                count(healthDatabase, "SELECT count(*) FROM inbox") >= stored);
    }

    /** A counter from a service's Prometheus metrics (0 before it first counts). */
    private double metric(String service, String name) throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(URI.create(stack.url(service) + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private String relayLeader() throws IOException {
        String leader = null;
        Instant latest = Instant.MIN;
        for (String name : List.of(ACCOUNT_A, ACCOUNT_B)) {
            List<String> lines = Files.readAllLines(stack.log(name), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("is publishing (advisory lock taken)")).toList();
            if (!lines.isEmpty()) {
                Instant at = Instant.parse(lines.getLast().substring(0, 23).replace(' ', 'T').replace(',', '.') + "Z");
                if (at.isAfter(latest)) {
                    latest = at;
                    leader = name;
                }
            }
        }
        assertThat(leader).as("a replica that took the relay's lock").isNotNull();
        return leader;
    }

    private Map<String, String> scores(String database) throws SQLException {
        Map<String, String> scores = new HashMap<>();
        try (Connection c = stack.connect(database);
             ResultSet rs = c.createStatement().executeQuery("SELECT account_id, score FROM account_health")) {
            while (rs.next()) {
                scores.put(rs.getString(1), rs.getString(2));
            }
        }
        return scores;
    }

    private long count(String database, String sql) throws SQLException {
        try (Connection c = stack.connect(database); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Set<UUID> ids(String database, String sql) throws SQLException {
        Set<UUID> ids = new HashSet<>();
        try (Connection c = stack.connect(database); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
            }
        }
        return ids;
    }

    /** An account's events are spread over two topics: on each, its versions only ever increase. */
    private static boolean isIncreasing(List<Integer> versions) {
        for (int i = 1; i < versions.size(); i++) {
            if (versions.get(i) <= versions.get(i - 1)) {
                return false;
            }
        }
        return true;
    }

    private static String seconds(Instant from, Instant to) {
        return "%.1f s".formatted(Duration.between(from, to).toMillis() / 1000.0);
    }
}
