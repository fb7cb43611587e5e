package com.accounthealth.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The benchmark run's parameters; the defaults are the sizes of issue 9, smaller ones make a quick run. */
record BenchOptions(Path root, int events, int accounts, Duration duration, List<Integer> concurrency,
                    List<Integer> e2eRates, Set<String> parts, Map<String, String> serviceSettings,
                    boolean generatorCore) {

    static final Set<String> ALL_PARTS = Set.of("commands", "sealing", "import", "ingest", "rescore", "backtest", "memory",
            "e2e", "workspace", "overload", "notify");

    static final String USAGE = """
            Usage: platform/local-stack/bench.sh [options]
              --events N          events preloaded for the ingest benchmark (default 1000000)
              --accounts N        accounts they belong to (default 20000; one more account gets 500 events for as-of)
              --duration D        length of each measured step, e.g. 30s or 2m (default 30s)
              --concurrency LIST  command-path client counts (default 1,8,32,64)
              --e2e-rates LIST    end-to-end command rates per second (default 200,1000)
              --only LIST         parts to run: commands,sealing,import,ingest,rescore,backtest,memory,e2e,workspace,
                                  overload,notify
                                  (default all; rescore, backtest, memory and workspace need ingest)
              --set KEY=VALUE     a setting for every service, e.g. --set health.ingest.max-batch=2000 (repeatable)
              --generator-core    overload only: the load generator alone on the last core, the whole system on the
                                  others (taskset), as if the generator ran on a host of its own
            Results: target/benchmarks/results.json and results.md""";

    static BenchOptions parse(String[] args) {
        Path root = Path.of(".").toAbsolutePath().normalize();
        int events = 1_000_000;
        int accounts = 20_000;
        Duration duration = Duration.ofSeconds(30);
        List<Integer> concurrency = List.of(1, 8, 32, 64);
        List<Integer> rates = List.of(200, 1000);
        Set<String> parts = ALL_PARTS;
        Map<String, String> settings = new LinkedHashMap<>();
        boolean generatorCore = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--generator-core")) { // the one option without a value
                generatorCore = true;
                continue;
            }
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--root" -> root = Path.of(require(args[i], value)).toAbsolutePath().normalize();
                case "--events" -> events = Integer.parseInt(require(args[i], value));
                case "--accounts" -> accounts = Integer.parseInt(require(args[i], value));
                case "--duration" -> duration = duration(require(args[i], value));
                case "--concurrency" -> concurrency = ints(require(args[i], value));
                case "--e2e-rates" -> rates = ints(require(args[i], value));
                case "--only" -> parts = Set.of(require(args[i], value).split(","));
                case "--set" -> {
                    String[] kv = require(args[i], value).split("=", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("--set takes KEY=VALUE");
                    }
                    settings.put(kv[0], kv[1]);
                }
                case "--help", "-h" -> throw new IllegalArgumentException("");
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
            i++;
        }
        if (!ALL_PARTS.containsAll(parts)) {
            throw new IllegalArgumentException("--only takes " + ALL_PARTS);
        }
        if (events < accounts * 20L) {
            throw new IllegalArgumentException("--events must be at least 20 per account");
        }
        return new BenchOptions(root, events, accounts, duration, concurrency, rates, parts, Map.copyOf(settings),
                generatorCore);
    }

    boolean runs(String part) {
        return parts.contains(part);
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    private static List<Integer> ints(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }

    private static Duration duration(String text) {
        if (text.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
        }
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            default -> throw new IllegalArgumentException("A duration is like 30s or 2m: " + text);
        };
    }
}
