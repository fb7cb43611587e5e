package com.accounthealth.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Part 6: a backtest over the ingested portfolio (a fifth of its accounts end the year renewed or churned): weekly
 * steps over a year, model v1 against a draft with the status caps, timed from its start until its report is complete.
 */
final class Backtest {

    private static final int HORIZON_DAYS = 365;
    private static final int STEP_DAYS = 7;

    private Backtest() {
    }

    static void run(BenchStack stack, Results results) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        String version = "bench-caps-" + System.currentTimeMillis();
        send(http, stack, "/api/v1/models", """
                {"version":"%s","description":"Benchmark: v1 with the status caps","derivedFrom":"v1",\
                "changes":{"status":{"capBelow":25},"critical":{"strategicSilenceDays":90}}}""".formatted(version), 201);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        JsonNode started = json.readTree(send(http, stack, "/api/v1/backtests", """
                {"models":["v1","%s"],"from":"%s","to":"%s","horizonDays":%d,"stepDays":%d,"leadDays":30,\
                "asRecorded":false}""".formatted(version, today.minusDays(400), today.plusDays(1), HORIZON_DAYS,
                STEP_DAYS), 202));
        String job = started.path("jobId").asText();
        JsonNode progress;
        do {
            Thread.sleep(1000);
            progress = json.readTree(get(http, stack, "/api/v1/admin/rescore/" + job)); // progress only: light
        } while ("RUNNING".equals(progress.path("state").asText()));
        JsonNode report = json.readTree(get(http, stack, "/api/v1/backtests/" + job));
        if (!"DONE".equals(progress.path("state").asText())) {
            throw new IllegalStateException("The backtest did not finish: " + progress);
        }
        double seconds = Duration.between(Instant.parse(progress.path("startedAt").asText()),
                Instant.parse(progress.path("finishedAt").asText())).toMillis() / 1000.0;
        int accounts = progress.path("total").asInt();
        int steps = HORIZON_DAYS / STEP_DAYS + (HORIZON_DAYS % STEP_DAYS == 0 ? 0 : 1);
        double rate = accounts * (double) steps * 2 / seconds;
        results.key("backtest_account_steps_per_s", rate);
        results.key("backtest_seconds", seconds);
        JsonNode v1 = report.path("report").path("models").path(0);
        JsonNode caps = report.path("report").path("models").path(1);
        results.detail("backtest", Map.of("accounts", accounts, "steps", steps, "seconds", seconds,
                "v1", summary(v1), version, summary(caps)));
        results.row("backtest", "%d accounts with an outcome, %d weekly steps, 2 models (account-steps/s)"
                        .formatted(accounts, steps), "%.0f/s (%.1f s; v1 caught %d of %d, %d false alarms)".formatted(rate,
                        seconds, v1.path("caught").asInt(), v1.path("positives").asInt(), v1.path("falseAlarms").asInt()),
                "", "", "whole backtest ≤ 120 s");
        BenchStack.log("Backtest: %d accounts x %d steps x 2 models in %.1f s (%.0f account-steps/s)", accounts, steps,
                seconds, rate);
    }

    private static Map<String, Object> summary(JsonNode model) {
        return Map.of("caught", model.path("caught").asInt(), "positives", model.path("positives").asInt(),
                "falseAlarms", model.path("falseAlarms").asInt(), "negatives", model.path("negatives").asInt(),
                "rocAuc", model.path("rocAuc").asDouble());
    }

    private static String get(HttpClient http, BenchStack stack, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(BenchStack.HEALTH.url() + path))
                .header("Authorization", "Bearer " + stack.token()).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String send(HttpClient http, BenchStack stack, String path, String body, int expected)
            throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(BenchStack.HEALTH.url() + path))
                .header("Authorization", "Bearer " + stack.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
