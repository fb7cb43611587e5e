package com.accounthealth.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one run: the comparable top-level keys of results.json, a table row per measurement (with the load
 * average beside it) for results.md, and the machine facts.
 */
final class Results {

    record Row(String part, String measurement, String figure, String baseline, String ratio, String target,
               double loadAverage) {
    }

    private final Map<String, Object> keys = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private Map<String, Object> machine = Map.of();
    private final Instant startedAt = Instant.now();

    void key(String name, double value) {
        keys.put(name, Double.isNaN(value) ? null : Math.round(value * 100) / 100.0);
    }

    void row(String part, String measurement, String figure, String baseline, String ratio, String target) {
        rows.add(new Row(part, measurement, figure, baseline, ratio, target, Machine.loadAverage()));
        BenchStack.log("%s | %s: %s %s %s %s (load %.2f)", part, measurement, figure,
                baseline.isEmpty() ? "" : "| baseline " + baseline, ratio.isEmpty() ? "" : "| ratio " + ratio,
                target.isEmpty() ? "" : "| target " + target, Machine.loadAverage());
    }

    void detail(String name, Object value) {
        details.put(name, value);
    }

    void note(String text) {
        notes.add(text);
    }

    void machine(Map<String, Object> facts) {
        machine = facts;
    }

    void write(Path directory, BenchOptions options) {
        try {
            Files.createDirectories(directory);
            Map<String, Object> json = new LinkedHashMap<>(keys);
            json.put("started_at", startedAt.toString());
            json.put("finished_at", Instant.now().toString());
            json.put("parameters", Map.of("events", options.events(), "accounts", options.accounts(),
                    "step_duration_s", options.duration().toSeconds(), "concurrency", options.concurrency(),
                    "e2e_rates", options.e2eRates(), "parts", options.parts(), "service_settings", options.serviceSettings()));
            json.put("machine", machine);
            json.put("measurements", rows);
            json.put("details", details);
            json.put("notes", notes);
            new ObjectMapper().findAndRegisterModules().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(directory.resolve("results.json").toFile(), json);
            Files.writeString(directory.resolve("results.md"), markdown(options));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String markdown(BenchOptions options) {
        StringBuilder md = new StringBuilder("# Account Health benchmarks\n\n");
        md.append("Run ").append(startedAt).append(" → ").append(Instant.now()).append("; ")
                .append(options.events()).append(" events for ").append(options.accounts()).append(" accounts, ")
                .append(options.duration().toSeconds()).append(" s per step")
                .append(options.serviceSettings().isEmpty() ? "" : "; service settings " + options.serviceSettings())
                .append(".\n\n");
        md.append("| machine | |\n|---|---|\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        md.append("\n| part | measurement | figure | baseline (same run) | ratio | target | load avg (1 min) |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(r.part()).append(" | ").append(r.measurement()).append(" | ").append(r.figure())
                    .append(" | ").append(r.baseline()).append(" | ").append(r.ratio()).append(" | ").append(r.target())
                    .append(" | ").append(String.format("%.2f", r.loadAverage())).append(" |\n");
        }
        if (!notes.isEmpty()) {
            md.append("\nNotes:\n\n");
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }
}
