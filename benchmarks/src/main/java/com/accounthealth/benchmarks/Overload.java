package com.accounthealth.benchmarks;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Overload (issue 26): account-service's closed-loop capacity in this run (32 clients, after warm-up, health-score
 * consuming beside it, every command with an Idempotency-Key of its own as in the open-model steps: keyed commands
 * cost more, and a capacity of unkeyed ones overstated what the steps could be given), then, after ten unmeasured
 * seconds of open-model load, open-model load at 0.5, 1, 2 and 4 times that capacity. Per step: goodput (accepted
 * commands a second) against the capacity, the p99 of accepted and of shed answers, 500s, the generator's own errors,
 * health-score-service's consumer lag while it happens, a check that every acknowledged command is stored once
 * and published once, and no shed one at all, and the cores each process used ({@link CpuShares}), so a step whose
 * generator took the writer's margin says so. The load comes from Gatling ({@link OverloadSimulation}), as the other
 * HTTP loads do: a generator on JDK HttpClient, tried first, became the bottleneck on 2 cores (its answers waited
 * seconds inside the client while the service answered in milliseconds). With {@code --generator-core} the generator
 * runs on a core of its own ({@link GeneratorCore}).
 */
final class Overload {

    private static final double[] FACTORS = {0.5, 1, 2, 4};
    private static final List<String> TOPICS = List.of("account-events", "feedback-events");
    private static final int CLIENTS = 32;
    private static final Duration OPEN_WARM_UP = Duration.ofSeconds(10);

    private Overload() {
    }

    static void run(BenchStack stack, BenchOptions options, Results results, Path out) throws Exception {
        if (stack.service(BenchStack.HEALTH) == null) {
            stack.startService(BenchStack.HEALTH);
        }
        results.key("overload_generator_core", options.generatorCore() ? 1 : 0);
        if (!options.generatorCore()) {
            measure(stack, options, results, out);
            return;
        }
        String where = GeneratorCore.pin(stack);
        BenchStack.log("Overload: %s", where);
        results.note("Overload ran with --generator-core (%s): the capacity and the steps are those of the system on its "
                .formatted(where) + "cores, with the load coming from elsewhere.");
        try {
            measure(stack, options, results, out);
        } finally {
            GeneratorCore.release(stack);
        }
    }

    private static void measure(BenchStack stack, BenchOptions options, Results results, Path out) throws Exception {
        Path poolFile = out.resolve("account-pool.csv");
        if (!options.runs("commands")) {
            AccountPool.open(BenchStack.ACCOUNTS.url(), stack.token(), 640).write(poolFile);
        }
        // Keyed, as the open-model steps send them: the capacity is that of the same commands.
        CommandPath.warmUp(stack, out, poolFile, CLIENTS, true, null);
        CpuShares.watch(new CpuShares(stack));
        GatlingRun.Stats closed = CommandPath.closedLoop(stack, out, poolFile, CLIENTS, true, options.duration());
        // Accepted commands only: a closed-loop client that is shed asks again at once, and those answers are no work.
        double capacity = closed.perSecond() * (closed.requests() - closed.failed()) / Math.max(1, closed.requests());
        BenchStack.log("Overload: closed-loop capacity %.0f commands/s at %d clients (p99 %.0f ms, %d of %d failed)",
                capacity, CLIENTS, closed.p99(), closed.failed(), closed.requests());
        results.key("overload_capacity_failed", closed.failed());
        results.key("overload_capacity_per_s", capacity);
        results.key("overload_capacity_p99_ms", closed.p99());
        Map<String, Double> capacityCores = CpuShares.lastLoad();
        cpuRow(results, "capacity", capacityCores, capacity);

        int http500 = 0;
        int clientErrors = 0;
        int unaccounted = 0;
        Latencies shedAll = new Latencies();
        try (PublishedIds published = new PublishedIds(stack.bootstrapServers());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            // Not measured: the generator's open-model path warms up (its first seconds answered in up to 900 ms).
            openLoad(stack, poolFile, out, (int) Math.round(capacity / 2), OPEN_WARM_UP);
            for (double factor : FACTORS) {
                int rate = (int) Math.round(capacity * factor);
                String label = factor == 0.5 ? "half" : (int) factor + "x";
                BenchStack.log("Overload: open model at %s capacity, %d commands/s for %d s", label, rate,
                        options.duration().toSeconds());
                long storedBefore = lastPosition(stack);
                published.begin();
                HealthLag lag = new HealthLag(admin);
                OverloadSimulation.Tally step = OverloadSimulation.TALLY;
                step.reset();
                GatlingRun.Stats load;
                try {
                    load = openLoad(stack, poolFile, out, rate, options.duration());
                } finally {
                    lag.stop();
                }
                Map<String, Double> stepCores = CpuShares.lastLoad();
                double seconds = options.duration().toMillis() / 1000.0;
                int accepted = step.accepted.get();
                int noAnswer = step.noAnswer.get();
                Map<String, Integer> seen = published.end();
                long stored = lastPosition(stack) - storedBefore;
                long caughtUpMs = lag.awaitCaughtUp(Duration.ofMinutes(2));
                // Exactly once: stored and published as many times as acknowledged, each acknowledged id once.
                int missing = (int) step.acknowledged.stream().filter(id -> seen.getOrDefault(id, 0) != 1).count();
                int extra = seen.size() - (step.acknowledged.size() - missing);
                int notOnce = missing + Math.max(0, extra) + (int) Math.abs(stored - accepted);
                unaccounted += notOnce;
                http500 += step.http500.get();
                clientErrors += noAnswer;
                shedAll.addAll(step.shedLatency);
                double acceptedPerSecond = accepted / seconds;
                double shedPerSecond = step.shed.get() / seconds;
                double goodput = acceptedPerSecond / capacity;
                results.row("overload", "%s capacity (%d/s offered): accepted/s, p99 ms; shed/s, p99 ms".formatted(label,
                                rate),
                        "%.0f/s, %.0f ms; %.0f/s, %.0f ms".formatted(acceptedPerSecond,
                                step.acceptedLatency.percentileMs(99), shedPerSecond, step.shedLatency.percentileMs(99)),
                        "500s %d, other %s, no answer %d, stored %d / published %d / acknowledged %d, health lag max %d (caught up %d ms after)"
                                .formatted(step.http500.get(), step.others(), noAnswer, stored, seen.size(), accepted,
                                        lag.max(), caughtUpMs),
                        "goodput %.0f%%".formatted(goodput * 100),
                        factor >= 2 ? "goodput ≥ 90%, accepted p99 ≤ 100 ms, shed p99 ≤ 50 ms, no 500" : "");
                results.key("overload_offered_per_s_" + label, rate);
                results.key("overload_accepted_per_s_" + label, acceptedPerSecond);
                results.key("overload_goodput_ratio_" + label, goodput);
                results.key("overload_accepted_p99_ms_" + label, step.acceptedLatency.percentileMs(99));
                results.key("overload_shed_per_s_" + label, shedPerSecond);
                results.key("overload_shed_p99_ms_" + label, step.shedLatency.percentileMs(99));
                results.key("overload_shed_malformed_" + label, step.shedMalformed.get());
                results.key("overload_sent_per_s_" + label, load.perSecond());
                results.key("overload_health_lag_max_" + label, lag.max());
                results.key("overload_health_caught_up_ms_" + label, caughtUpMs);
                results.key("overload_not_exactly_once_" + label, notOnce);
                cpuRow(results, label, stepCores, acceptedPerSecond);
                double generationGrown = loadGeneration(stepCores) - loadGeneration(capacityCores);
                double ceiling = writerCeiling(capacityCores, generationGrown);
                results.key("overload_writer_cpu_ceiling_" + label, ceiling);
                if (factor >= 2 && ceiling < 0.9 && !options.generatorCore()) {
                    results.note(("Overload at %s: the generator and the network took %.2f cores more than in the capacity "
                            + "run; with everything else as then, account-service and PostgreSQL could have had at most "
                            + "%.0f%% of their cores of the capacity run, below the 90%% goodput target before any "
                            + "refusing: the step measures the co-located generator as well as the service.").formatted(label,
                            generationGrown, ceiling * 100));
                }
                if (noAnswer > 0) {
                    results.note("Overload at %s: %d requests got no answer (the generator could not connect, or gave up "
                            .formatted(label, noAnswer) + "waiting): that step's figures are not valid.");
                }
            }
        }
        results.key("overload_shed_p99_ms", shedAll.percentileMs(99));
        results.key("overload_http_500", http500);
        results.key("overload_client_errors", clientErrors);
        results.key("overload_not_exactly_once", unaccounted);
    }

    /**
     * The cores each process used while the capacity run or a step ran, and the CPU milliseconds account-service and
     * PostgreSQL spent per accepted command: what a command cost, beside how many a second the machine gave that run.
     */
    private static void cpuRow(Results results, String label, Map<String, Double> cores, double acceptedPerSecond) {
        double serviceMs = 1000 * cores.getOrDefault(BenchStack.ACCOUNTS.name(), 0.0) / acceptedPerSecond;
        double postgresMs = 1000 * cores.getOrDefault(CpuShares.POSTGRES, 0.0) / acceptedPerSecond;
        results.row("overload", "%s: CPU, cores of %d".formatted(label, Runtime.getRuntime().availableProcessors()),
                CpuShares.describe(cores),
                "per accepted command: account-service %.2f ms, PostgreSQL %.2f ms".formatted(serviceMs, postgresMs), "", "");
        cores.forEach((role, used) -> results.key("overload_cpu_cores_%s_%s".formatted(CpuShares.key(role), label), used));
        results.key("overload_cpu_ms_per_command_account_service_" + label, serviceMs);
        results.key("overload_cpu_ms_per_command_postgresql_" + label, postgresMs);
    }

    /**
     * The share of its capacity-run cores the writer (account-service and PostgreSQL) can have had in a step with
     * everything else as in the capacity run but the load's generation (the generator and the rest of the machine,
     * mostly network), which grows with the rate offered: on 1.5 writer cores, a quarter core more for generation
     * leaves 83 %, under the 90 % goodput target.
     */
    private static double writerCeiling(Map<String, Double> capacity, double generationGrown) {
        double writer = capacity.getOrDefault(BenchStack.ACCOUNTS.name(), 0.0) + capacity.getOrDefault(CpuShares.POSTGRES, 0.0);
        return writer == 0 ? Double.NaN : Math.max(0, writer - Math.max(0, generationGrown)) / writer;
    }

    private static double loadGeneration(Map<String, Double> cores) {
        return cores.getOrDefault(CpuShares.GENERATOR, 0.0) + cores.getOrDefault(CpuShares.REST, 0.0);
    }

    private static GatlingRun.Stats openLoad(BenchStack stack, Path poolFile, Path out, int rate, Duration duration) {
        return GatlingRun.run(OverloadSimulation.class, out.resolve("gatling"), Map.of(
                "bench.rate", Integer.toString(rate), "bench.duration-ms", Long.toString(duration.toMillis()),
                "bench.pool", poolFile.toString(), "bench.url", BenchStack.ACCOUNTS.url(), "bench.token", stack.token()));
    }

    private static long lastPosition(BenchStack stack) throws SQLException {
        try (Connection c = stack.connect(BenchStack.ACCOUNTS.database());
             ResultSet r = c.createStatement().executeQuery("SELECT coalesce(max(global_position), 0) FROM event_store")) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * The event ids published on the writers' topics during a step, each with how often it was seen. They are read
     * after the step, from the offsets the topics ended at when it began: a consumer reading beside the load took a
     * tenth of the CPU the service had in the steps and none in the capacity run it is compared with.
     */
    private static final class PublishedIds implements AutoCloseable {
        private static final Duration QUIET = Duration.ofSeconds(3);
        private static final Duration AT_MOST = Duration.ofSeconds(60);
        private final KafkaConsumer<String, String> consumer;
        private final List<TopicPartition> partitions = new ArrayList<>();
        private Map<TopicPartition, Long> from;

        PublishedIds(String bootstrapServers) {
            consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.CLIENT_ID_CONFIG, "bench-overload",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(), new StringDeserializer());
            for (String topic : TOPICS) {
                for (PartitionInfo p : consumer.partitionsFor(topic)) {
                    partitions.add(new TopicPartition(topic, p.partition()));
                }
            }
            consumer.assign(partitions);
        }

        void begin() {
            from = consumer.endOffsets(partitions);
        }

        /** Once the relay has gone quiet (the topics' ends unchanged for 3 s, at most 60 s): what it published since {@link #begin()}. */
        Map<String, Integer> end() throws InterruptedException {
            long deadline = System.nanoTime() + AT_MOST.toNanos();
            Map<TopicPartition, Long> to = consumer.endOffsets(partitions);
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline && System.nanoTime() - quietSince < QUIET.toNanos()) {
                Thread.sleep(250);
                Map<TopicPartition, Long> now = consumer.endOffsets(partitions);
                if (!now.equals(to)) {
                    to = now;
                    quietSince = System.nanoTime();
                }
            }
            from.forEach(consumer::seek);
            Map<String, Integer> seen = new HashMap<>();
            // Reading gets its own 60 s after the wait; ids it could not read show as not published once.
            long readDeadline = deadline + AT_MOST.toNanos();
            while (System.nanoTime() < readDeadline && behind(to)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    String id = idOf(r.value());
                    if (id != null && r.offset() < to.get(new TopicPartition(r.topic(), r.partition()))) {
                        seen.merge(id, 1, Integer::sum);
                    }
                }
            }
            return seen;
        }

        private boolean behind(Map<TopicPartition, Long> to) {
            return partitions.stream().anyMatch(p -> consumer.position(p) < to.get(p));
        }

        private static String idOf(String cloudEvent) {
            int i = cloudEvent.indexOf("\"id\":\"");
            return i < 0 ? null : cloudEvent.substring(i + 6, cloudEvent.indexOf('"', i + 6));
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    /** health-score-service's consumer lag on the writers' topics, sampled every second while a step runs. */
    private static final class HealthLag {
        private static final String GROUP = "health-score-service";
        private final Admin admin;
        private final AtomicLong max = new AtomicLong();
        private final Thread sampler;
        private volatile boolean sampling = true;

        HealthLag(Admin admin) {
            this.admin = admin;
            this.sampler = Thread.ofPlatform().name("overload-health-lag").daemon().start(() -> {
                while (sampling) {
                    try {
                        max.accumulateAndGet(lag(), Math::max);
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        // a sample missed; the next one counts
                    }
                }
            });
        }

        long lag() throws Exception {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Set<TopicPartition> partitions = committed.keySet().stream()
                    .filter(p -> TOPICS.contains(p.topic())).collect(Collectors.toSet());
            var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(),
                    p -> OffsetSpec.latest()))).all().get(10, TimeUnit.SECONDS);
            long lag = 0;
            for (TopicPartition p : partitions) {
                OffsetAndMetadata done = committed.get(p);
                lag += Math.max(0, ends.get(p).offset() - (done == null ? 0 : done.offset()));
            }
            return lag;
        }

        void stop() throws InterruptedException {
            sampling = false;
            sampler.interrupt();
            sampler.join(5000);
        }

        long max() {
            return max.get();
        }

        /** Milliseconds until the lag is back to zero after the step, or -1 if it was not within {@code atMost}. */
        long awaitCaughtUp(Duration atMost) throws Exception {
            long start = System.nanoTime();
            while (System.nanoTime() - start < atMost.toNanos()) {
                if (lag() == 0) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
                Thread.sleep(250);
            }
            return -1;
        }
    }
}
