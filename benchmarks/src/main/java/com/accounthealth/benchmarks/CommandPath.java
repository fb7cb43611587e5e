package com.accounthealth.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Part 1 and 2: the command path of account-service at 1, 8, 32 and 64 clients beside raw single-row insert
 * transactions at the same concurrency, and the relay lag (commit → broker) at those command rates.
 */
final class CommandPath {

    private static final Duration WARM_UP_WINDOW = Duration.ofSeconds(20);
    private static final int WARM_UP_WINDOWS = 12;
    // A fresh service can hold a rate for three windows and then rise by two fifths (310/s, then 559 to 763/s).
    private static final int MIN_WARM_UP_WINDOWS = 6;

    private CommandPath() {
    }

    static void run(BenchStack stack, BenchOptions options, Results results, Path out) throws Exception {
        RawInserts.createTable(stack);
        int poolSize = Math.max(640, options.concurrency().stream().mapToInt(i -> i).max().orElse(1) * 10);
        BenchStack.log("Opening %d accounts (setup, not measured)", poolSize);
        AccountPool pool = AccountPool.open(BenchStack.ACCOUNTS.url(), stack.token(), poolSize);
        Path poolFile = out.resolve("account-pool.csv");
        pool.write(poolFile);

        warmUp(stack, out, poolFile, options.concurrency().stream().mapToInt(i -> i).max().orElse(1), false, results);
        RawInserts.run(stack, 8, Duration.ofSeconds(5));

        try (RelayLagProbe relay = new RelayLagProbe(stack.bootstrapServers(), List.of("account-events", "feedback-events"))) {
            for (int clients : options.concurrency()) {
                RawInserts.Result raw = RawInserts.run(stack, clients, options.duration());
                relay.begin();
                GatlingRun.Stats commands = gatling(stack, out, poolFile, clients, false, options.duration());
                Latencies lag = relay.end();
                double ratio = commands.perSecond() / raw.perSecond();
                String target = clients == 32 ? "≥ 1,500/s, p99 ≤ 50 ms, ≥ 50% of raw" : "";
                results.row("commands", clients + " clients: commands/s (p50/p95/p99 ms)",
                        "%.0f/s (%.0f/%.0f/%.0f), %d failed of %d".formatted(commands.perSecond(), commands.p50(),
                                commands.p95(), commands.p99(), commands.failed(), commands.requests()),
                        "raw insert tx %.0f/s (%.1f/%.1f/%.1f)".formatted(raw.perSecond(), raw.p50(), raw.p95(), raw.p99()),
                        "%.0f%%".formatted(ratio * 100), target);
                results.row("relay", clients + " clients: relay lag p50/p99",
                        "%.0f / %.0f ms (%d records)".formatted(lag.percentileMs(50), lag.percentileMs(99), lag.count()),
                        "", "", clients == 32 ? "p99 ≤ 100 ms" : "");
                results.key("commands_per_s_" + clients, commands.perSecond());
                results.key("commands_p50_ms_" + clients, commands.p50());
                results.key("commands_p95_ms_" + clients, commands.p95());
                results.key("commands_p99_ms_" + clients, commands.p99());
                results.key("commands_failed_" + clients, commands.failed());
                results.key("raw_insert_tps_" + clients, raw.perSecond());
                results.key("raw_insert_p99_ms_" + clients, raw.p99());
                results.key("commands_vs_raw_" + clients, ratio);
                results.key("relay_lag_p50_ms_" + clients, lag.percentileMs(50));
                results.key("relay_lag_p99_ms_" + clients, lag.percentileMs(99));
                if (clients == 32 || !options.concurrency().contains(32)) {
                    results.key("relay_lag_p50_ms", lag.percentileMs(50));
                    results.key("relay_lag_p99_ms", lag.percentileMs(99));
                }
            }
        }
    }

    /**
     * What sealing personal fields costs on the command path (77 % of the mix carries a name, title, summary or
     * comment): account-service restarted with {@code personal-data.sealing=false}, warmed up and measured, then
     * restarted as it runs in production, warmed up and measured the same way, at 32 clients (or the largest count).
     */
    static void sealingCost(BenchStack stack, BenchOptions options, Results results, Path out) throws Exception {
        Path poolFile = out.resolve("account-pool.csv");
        if (!options.runs("commands")) {
            AccountPool.open(BenchStack.ACCOUNTS.url(), stack.token(), 640).write(poolFile);
        }
        int clients = options.concurrency().contains(32) ? 32
                : options.concurrency().stream().mapToInt(i -> i).max().orElse(1);
        Map<String, GatlingRun.Stats> measured = new java.util.LinkedHashMap<>();
        for (String sealing : List.of("false", "true")) {
            Map<String, String> settings = new java.util.HashMap<>(options.serviceSettings());
            settings.put("personal-data.sealing", sealing);
            stack.extraSettings(settings);
            stack.restartService(BenchStack.ACCOUNTS);
            warmUp(stack, out, poolFile, clients, false, null);
            measured.put(sealing, gatling(stack, out, poolFile, clients, false, options.duration()));
        }
        stack.extraSettings(options.serviceSettings());
        GatlingRun.Stats clear = measured.get("false");
        GatlingRun.Stats sealed = measured.get("true");
        results.row("sealing", clients + " clients: commands/s (p50/p99 ms) sealed vs. in the clear",
                "%.0f/s (%.0f/%.0f), %d failed".formatted(sealed.perSecond(), sealed.p50(), sealed.p99(),
                        sealed.failed()),
                "%.0f/s (%.0f/%.0f), %d failed".formatted(clear.perSecond(), clear.p50(), clear.p99(), clear.failed()),
                "%.0f%%".formatted(100 * sealed.perSecond() / clear.perSecond()), "");
        results.key("sealing_clients", clients);
        results.key("sealed_commands_per_s", sealed.perSecond());
        results.key("sealed_commands_p99_ms", sealed.p99());
        results.key("clear_commands_per_s", clear.perSecond());
        results.key("clear_commands_p99_ms", clear.p99());
        results.key("sealed_vs_clear", sealed.perSecond() / clear.perSecond());
    }

    /**
     * Load until the command rate is steady, not measured: on 2 cores the JIT compiler competes with the load for
     * minutes (a 32-client run measured 761, 927, 1,236 and 1,515 commands/s in four 30 s windows back to back), and
     * users size deployments from a service that has been running. Windows of {@link #WARM_UP_WINDOW} until three in
     * a row are each within 5 % of the one before (after two, the rate at the same concurrency still rose by a
     * fifth), at least {@link #MIN_WARM_UP_WINDOWS} and at most {@link #WARM_UP_WINDOWS}.
     */
    static void warmUp(BenchStack stack, Path out, Path poolFile, int clients, boolean keyed, Results results) {
        double previous = 0;
        int steady = 0;
        for (int window = 1; window <= WARM_UP_WINDOWS; window++) {
            double rate = gatling(stack, out, poolFile, clients, keyed, WARM_UP_WINDOW).perSecond();
            BenchStack.log("Warm-up window %d (%d clients, %d s, not measured): %.0f commands/s", window, clients,
                    WARM_UP_WINDOW.toSeconds(), rate);
            if (results != null) {
                results.key("warm_up_windows", window);
            }
            steady = previous > 0 && Math.abs(rate - previous) <= 0.05 * previous ? steady + 1 : 0;
            if (steady >= 2 && window >= MIN_WARM_UP_WINDOWS) {
                return;
            }
            previous = rate;
        }
        BenchStack.log("Warm-up: the rate was still changing after %d windows", WARM_UP_WINDOWS);
    }

    /** {@code clients} closed-loop clients sending the command mix (each with a key of its own if keyed). */
    static GatlingRun.Stats closedLoop(BenchStack stack, Path out, Path poolFile, int clients, boolean keyed,
            Duration duration) {
        return gatling(stack, out, poolFile, clients, keyed, duration);
    }

    private static GatlingRun.Stats gatling(BenchStack stack, Path out, Path poolFile, int clients, boolean keyed,
            Duration duration) {
        return GatlingRun.run(CommandSimulation.class, out.resolve("gatling"), Map.of(
                "bench.users", Integer.toString(clients),
                "bench.keyed", Boolean.toString(keyed),
                "bench.duration-ms", Long.toString(duration.toMillis()),
                "bench.pool", poolFile.toString(),
                "bench.url", BenchStack.ACCOUNTS.url(),
                "bench.token", stack.token()));
    }
}
