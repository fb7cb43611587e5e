package com.accounthealth.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/** Runs a Gatling simulation in this JVM and reads its global statistics (percentiles 50/95/99/99.9). */
final class GatlingRun {

    record Stats(long requests, long failed, double perSecond, double p50, double p95, double p99, double max) {
    }

    static {
        System.setProperty("gatling.data.enableAnalytics", "false");
        System.setProperty("gatling.charting.indicators.percentile1", "50");
        System.setProperty("gatling.charting.indicators.percentile2", "95");
        System.setProperty("gatling.charting.indicators.percentile3", "99");
        System.setProperty("gatling.charting.indicators.percentile4", "99.9");
        System.setProperty("gatling.data.console.light", "true");
    }

    private GatlingRun() {
    }

    static Stats run(Class<?> simulation, Path resultsDirectory, Map<String, String> parameters) {
        parameters.forEach(System::setProperty);
        try {
            Files.createDirectories(resultsDirectory);
            long startedAt = System.currentTimeMillis();
            int status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {"-s", simulation.getName(),
                    "-rf", resultsDirectory.toString()});
            Path report;
            try (Stream<Path> runs = Files.list(resultsDirectory)) {
                report = runs.filter(p -> Files.exists(p.resolve("js/stats.js")))
                        .filter(p -> p.toFile().lastModified() >= startedAt - 1000)
                        .max(Comparator.comparingLong(p -> p.toFile().lastModified()))
                        .orElseThrow(() -> new IllegalStateException("Gatling (status " + status + ") wrote no report in "
                                + resultsDirectory));
            }
            JsonNode stats = globalStats(Files.readString(report.resolve("js/stats.js")));
            return new Stats(stats.path("numberOfRequests").path("total").asLong(),
                    stats.path("numberOfRequests").path("ko").asLong(),
                    stats.path("meanNumberOfRequestsPerSecond").path("total").asDouble(),
                    stats.path("percentiles1").path("total").asDouble(),
                    stats.path("percentiles2").path("total").asDouble(),
                    stats.path("percentiles3").path("total").asDouble(),
                    stats.path("maxResponseTime").path("total").asDouble());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gatling 3.13 writes its statistics into js/stats.js only: the first "stats: {...}" object is the global one. */
    private static JsonNode globalStats(String statsJs) throws IOException {
        int start = statsJs.indexOf('{', statsJs.indexOf("stats: {"));
        int depth = 0;
        for (int i = start; i < statsJs.length(); i++) {
            char c = statsJs.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return new ObjectMapper().readTree(statsJs.substring(start, i + 1));
            }
        }
        throw new IOException("No global statistics in Gatling's stats.js");
    }
}
