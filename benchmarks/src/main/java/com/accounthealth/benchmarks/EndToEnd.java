package com.accounthealth.benchmarks;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Part 4: end to end, while Gatling keeps a steady command rate on account-service: probe commands (4 a second) on
 * accounts of their own, each timed from just before its POST until (a) health-score-service's REST answer for the
 * account cites the command's event as a reason (feedback → satisfaction) and (b) the alert it raises (a sighting of
 * a new competitor offering a capability we lack → COMPETITIVE_GAP) arrives on account-health-alerts.
 */
final class EndToEnd {

    private static final Pattern EVENT_ID = Pattern.compile("\"eventId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final int PROBES_PER_SECOND = 4;
    private static final Duration GIVE_UP = Duration.ofSeconds(30);
    /** The load runs this long before the first probe, so that the step measures the steady state at its rate. */
    private static final Duration LEAD_IN = Duration.ofSeconds(15);
    private static final Duration WARM_UP = Duration.ofSeconds(60);

    private EndToEnd() {
    }

    static void run(BenchStack stack, BenchOptions options, Results results, Path out, Path poolFile) throws Exception {
        AccountPool probes = AccountPool.open(BenchStack.ACCOUNTS.url(), stack.token(), 40);
        returnToAccountsUnderLoad(stack, AccountPool.read(poolFile), results);
        // The restarted service has run for seconds, not the minutes of ingest the steady steps used to follow: its JIT
        // compiler is still at work. It is warmed up under the first step's load first, as the command step does.
        BenchStack.log("End to end: warming the restarted health-score-service up at 200 commands/s for %d s (not measured)",
                WARM_UP.toSeconds());
        GatlingRun.run(LoadSimulation.class, out.resolve("gatling"), Map.of("bench.rate", "200",
                "bench.duration-ms", Long.toString(WARM_UP.toMillis()), "bench.pool", poolFile.toString(),
                "bench.url", BenchStack.ACCOUNTS.url(), "bench.token", stack.token()));
        try (AlertWatch alerts = new AlertWatch(stack.bootstrapServers())) {
            for (int rate : options.e2eRates()) {
                BenchStack.log("End to end at %d commands/s for %d s (probes: %d/s, after %d s of load)", rate,
                        options.duration().toSeconds(), PROBES_PER_SECOND, LEAD_IN.toSeconds());
                Latencies rest = new Latencies();
                Latencies alert = new Latencies();
                AtomicInteger lost = new AtomicInteger();
                List<UUID> probeEvents = new CopyOnWriteArrayList<>();
                CompletableFuture<GatlingRun.Stats> load = CompletableFuture.supplyAsync(() -> GatlingRun.run(
                        LoadSimulation.class, out.resolve("gatling"), Map.of("bench.rate", Integer.toString(rate),
                                "bench.duration-ms", Long.toString(LEAD_IN.plus(options.duration()).toMillis()),
                                "bench.pool", poolFile.toString(), "bench.url", BenchStack.ACCOUNTS.url(),
                                "bench.token", stack.token())));
                Thread.sleep(LEAD_IN.toMillis());
                // BENCH_E2E_PORTFOLIO_READS=false leaves them out, to see what they cost the end-to-end figures.
                boolean withReads = rate == 200 && !"false".equals(System.getenv("BENCH_E2E_PORTFOLIO_READS"));
                PortfolioReads reads = withReads ? new PortfolioReads(BenchStack.HEALTH.url(), stack.token()) : null;
                try {
                    probe(stack, probes, alerts, options.duration().minusSeconds(4), rest, alert, lost, probeEvents);
                } finally {
                    if (reads != null) {
                        reads.close();
                    }
                }
                GatlingRun.Stats commands = load.get();
                for (Map.Entry<String, Latencies> read : reads == null ? Map.<String, Latencies>of().entrySet()
                        : reads.latencies().entrySet()) {
                    String name = read.getKey().substring(read.getKey().lastIndexOf('/') + 1).replace('-', '_');
                    results.key("portfolio_" + name + "_p99_ms_" + rate, read.getValue().percentileMs(99));
                    results.row("portfolio", "GET %s while ingest applies %d commands/s, p50/p99".formatted(
                                    read.getKey().substring("/api/v1".length()), rate),
                            "%.0f / %.0f ms (%d requests; %d of all three paths failed)".formatted(
                                    read.getValue().percentileMs(50), read.getValue().percentileMs(99),
                                    read.getValue().count(), reads.failed()), "", "", "p99 ≤ 200 ms");
                }
                Latencies toIngest = untilIngestBegan(stack, probeEvents);
                String suffix = "_" + rate;
                results.key("e2e_p50_ms" + suffix, rest.percentileMs(50));
                results.key("e2e_p99_ms" + suffix, rest.percentileMs(99));
                results.key("e2e_alert_p50_ms" + suffix, alert.percentileMs(50));
                results.key("e2e_alert_p99_ms" + suffix, alert.percentileMs(99));
                results.key("e2e_commands_per_s" + suffix, commands.perSecond());
                results.row("end to end", rate + " commands/s: command → score visible over REST, p50/p99",
                        "%.0f / %.0f ms (%d probes, %d not seen within %d s or unfinished)".formatted(rest.percentileMs(50),
                                rest.percentileMs(99), rest.count(), lost.get(), GIVE_UP.toSeconds()),
                        "load: %.0f commands/s achieved, p99 %.0f ms, %d failed".formatted(commands.perSecond(),
                                commands.p99(), commands.failed()), "", rate == 200 ? "p99 ≤ 500 ms" : "");
                results.key("e2e_to_ingest_p50_ms" + suffix, toIngest.percentileMs(50));
                results.key("e2e_to_ingest_p99_ms" + suffix, toIngest.percentileMs(99));
                results.row("end to end", rate + " commands/s: of that, command → start of the ingest batch, p50/p99",
                        "%.0f / %.0f ms (%d probes)".formatted(toIngest.percentileMs(50), toIngest.percentileMs(99),
                                toIngest.count()), "", "", "");
                results.row("end to end", rate + " commands/s: command → alert on account-health-alerts, p50/p99",
                        "%.0f / %.0f ms (%d probes)".formatted(alert.percentileMs(50), alert.percentileMs(99),
                                alert.count()), "", "", "");
            }
        }
    }

    /**
     * The cold catch-up: health-score-service is restarted, so it holds no account in memory (as a new replica or
     * one after a rebalance), and the first event of each account under load (about 700 events each after the command
     * benchmark) must resume the account from its stored fold. Left to the steady load, that catch-up fell into the
     * probes (when it folded whole inboxes, all probes of the first 5 s waited 3.4-7.7 s for their batch in one run).
     * It is measured here on its own: one command to each account under load, timed until health-score-service has
     * applied them all. The steady-state probes then start on accounts ingest keeps.
     */
    private static void returnToAccountsUnderLoad(BenchStack stack, AccountPool pool, Results results) throws Exception {
        stack.restartService(BenchStack.HEALTH);
        BenchStack.log("End to end: health-score-service restarted; one command to each of the %d accounts under load,"
                + " until all are applied", pool.members().size());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<UUID> sent = new CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        try (ExecutorService workers = Executors.newFixedThreadPool(8)) {
            for (AccountPool.Member m : pool.members()) {
                workers.submit(() -> {
                    CommandMix.Command c = CommandMix.of(m, ThreadLocalRandom.current());
                    Matcher id = EVENT_ID.matcher(post(http, stack.token(), c.path(), c.body()));
                    if (!id.find()) {
                        throw new IllegalStateException("No eventId in the answer to " + c.path());
                    }
                    sent.add(UUID.fromString(id.group(1)));
                    return null;
                });
            }
        }
        if (sent.size() < pool.members().size()) {
            throw new IllegalStateException((pool.members().size() - sent.size()) + " commands to the accounts under load failed");
        }
        try (Connection c = stack.connect(BenchStack.HEALTH.database());
             PreparedStatement applied = c.prepareStatement("SELECT count(*) FROM inbox WHERE event_id = ANY(?)");
             PreparedStatement history = c.prepareStatement("SELECT count(*) FROM inbox WHERE account_id = ANY(?)")) {
            applied.setArray(1, c.createArrayOf("uuid", sent.toArray()));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (count(applied) < sent.size()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Commands to the accounts under load not applied within 5 minutes");
                }
                Thread.sleep(20);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            history.setArray(1, c.createArrayOf("uuid", pool.members().stream().map(m -> UUID.fromString(m.accountId())).toArray()));
            long events = count(history);
            results.key("e2e_cold_catch_up_ms", ms);
            results.row("end to end", "before the load, health-score-service just restarted: one command to each of the %d accounts under load (%,d events in their inboxes) → all applied".formatted(
                            pool.members().size(), events), "%,d ms (%,.0f inbox events per s)".formatted(ms, events * 1000.0 / ms),
                    "", "", "");
        }
    }

    private static long count(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The first part of the REST latency, from the inbox: the probe event's {@code recordedat} (the command's
     * transaction time in account-service) to {@code received_at} (the start of the health-score transaction that
     * applied it): relay, broker and the wait for an ingest consumer. The rest is applying, committing and polling.
     */
    private static Latencies untilIngestBegan(BenchStack stack, List<UUID> eventIds) throws SQLException {
        Latencies waited = new Latencies();
        try (Connection c = stack.connect(BenchStack.HEALTH.database());
             PreparedStatement ps = c.prepareStatement("""
                     SELECT extract(epoch FROM received_at - (cloud_event->>'recordedat')::timestamptz) * 1000000
                     FROM inbox WHERE event_id = ANY(?)""")) {
            ps.setArray(1, c.createArrayOf("uuid", eventIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    waited.add(Math.max(0, rs.getLong(1)));
                }
            }
        }
        return waited;
    }

    private static void probe(BenchStack stack, AccountPool probes, AlertWatch alerts, Duration duration,
                              Latencies rest, Latencies alert, AtomicInteger lost, List<UUID> probeEvents)
            throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService workers = Executors.newFixedThreadPool(16);
        int total = (int) (duration.toSeconds() * PROBES_PER_SECOND);
        AtomicInteger sequence = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < total; i++) {
            AccountPool.Member account = probes.members().get(i % probes.members().size());
            workers.submit(() -> {
                int n = sequence.incrementAndGet();
                try {
                    String at = Instant.now().minus(1, ChronoUnit.SECONDS).toString();
                    long t0 = System.nanoTime();
                    String body = post(http, stack.token(), "/api/v1/accounts/" + account.accountId() + "/feedback", """
                            {"grade":"%s","question":"End-to-end probe","contactId":"%s","occurredAt":"%s"}"""
                            .formatted(n % 2 == 0 ? "A" : "C", account.contactId(), at));
                    Matcher m = EVENT_ID.matcher(body);
                    if (!m.find()) {
                        throw new IllegalStateException("No eventId in " + body);
                    }
                    String eventId = m.group(1);
                    probeEvents.add(UUID.fromString(eventId));
                    HttpRequest health = HttpRequest.newBuilder(URI.create(BenchStack.HEALTH.url()
                            + "/api/v1/health/accounts/" + account.accountId())).header("Authorization", "Bearer " + stack.token()).build();
                    boolean seen = false;
                    while (System.nanoTime() - t0 < GIVE_UP.toNanos()) {
                        HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200 && r.body().contains(eventId)) {
                            rest.add((System.nanoTime() - t0) / 1000);
                            seen = true;
                            break;
                        }
                        Thread.sleep(20);
                    }
                    if (!seen) {
                        lost.incrementAndGet();
                    }

                    String competitor = "Probe competitor " + n + "-" + System.nanoTime();
                    CompletableFuture<Long> raised = alerts.expect(competitor);
                    long t1 = System.nanoTime();
                    post(http, stack.token(), "/api/v1/accounts/" + account.accountId() + "/competitor-sightings", """
                            {"competitor":"%s","clientTeamId":"%s","capabilities":["probe-capability-%d"],"occurredAt":"%s"}"""
                            .formatted(competitor, account.teamId(), n, at));
                    long arrived = raised.get(GIVE_UP.toSeconds(), TimeUnit.SECONDS);
                    alert.add((arrived - t1) / 1000);
                    finished.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    lost.incrementAndGet();
                    finished.incrementAndGet();
                }
            });
            Thread.sleep(1000 / PROBES_PER_SECOND);
        }
        workers.shutdown();
        if (!workers.awaitTermination(GIVE_UP.toSeconds() * 2 + 10, TimeUnit.SECONDS)) {
            // Probes still queued or running when the step ends count as not seen (an overloaded system must not
            // look fast because only its quick answers were timed).
            lost.addAndGet(total - finished.get());
            workers.shutdownNow();
        }
    }

    private static String post(HttpClient http, String token, String path, String json) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(BenchStack.ACCOUNTS.url() + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode());
        }
        return r.body();
    }

    /** Reads account-health-alerts from its end and completes the probe waiting for each competitor's alert. */
    static final class AlertWatch implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        private final Map<String, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        AlertWatch(String bootstrapServers) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor("account-health-alerts")) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            thread = Thread.ofPlatform().name("alert-watch").daemon().start(this::run);
        }

        CompletableFuture<Long> expect(String competitor) {
            return waiting.computeIfAbsent(competitor, k -> new CompletableFuture<>());
        }

        private void run() {
            try {
                while (running) {
                    for (var r : consumer.poll(Duration.ofMillis(200))) {
                        long now = System.nanoTime();
                        int i = r.value().indexOf("\"competitor\":\"Probe competitor ");
                        if (i >= 0) {
                            int from = i + 14;
                            String competitor = r.value().substring(from, r.value().indexOf('"', from));
                            expect(competitor).complete(now);
                            waiting.remove(competitor);
                        }
                    }
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumer.wakeup();
            thread.join(5000);
        }
    }
}
