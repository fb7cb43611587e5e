package com.accounthealth.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

/**
 * Part 5: re-scoring every account from the inbox (events/s), as-of queries for an account with 500 events, and the
 * portfolio view over every account.
 */
final class Rescore {

    private Rescore() {
    }

    static void run(BenchStack stack, PortfolioEvents portfolio, Results results, Path out) throws Exception {
        long inboxEvents;
        try (Connection c = stack.connect(BenchStack.HEALTH.database());
             var rs = c.createStatement().executeQuery("SELECT count(*), count(DISTINCT account_id) FROM inbox")) {
            rs.next();
            inboxEvents = rs.getLong(1);
            BenchStack.log("Re-score: %d inbox events of %d accounts", inboxEvents, rs.getLong(2));
        }
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        // Re-scoring the portfolio is what activating a model does: a draft with other weights, then its activation.
        String version = "bench-" + System.currentTimeMillis();
        HttpResponse<String> drafted = http.send(HttpRequest.newBuilder(URI.create(BenchStack.HEALTH.url() + "/api/v1/models"))
                .header("Authorization", "Bearer " + stack.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"version":"%s","description":"Benchmark: satisfaction weighs more","changes":{"weights":\
                        {"satisfaction":40,"engagement":15,"relationships":10,"competition":15,"commercial":10,"support":10}}}"""
                        .formatted(version))).build(), HttpResponse.BodyHandlers.ofString());
        if (drafted.statusCode() != 201) {
            throw new IllegalStateException("The benchmark's draft model answered " + drafted.statusCode() + ": " + drafted.body());
        }
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(BenchStack.HEALTH.url()
                        + "/api/v1/models/" + version + "/activate"))
                .header("Authorization", "Bearer " + stack.token()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("Activating the model answered " + started.statusCode() + ": " + started.body());
        }
        String job = json.readTree(started.body()).path("jobId").asText();
        JsonNode progress;
        do {
            Thread.sleep(500);
            progress = json.readTree(http.send(HttpRequest.newBuilder(URI.create(BenchStack.HEALTH.url()
                            + "/api/v1/admin/rescore/" + job)).header("Authorization", "Bearer " + stack.token()).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        } while ("RUNNING".equals(progress.path("state").asText()));
        if (!"DONE".equals(progress.path("state").asText())) {
            throw new IllegalStateException("Re-score did not finish: " + progress);
        }
        double seconds = Duration.between(Instant.parse(progress.path("startedAt").asText()),
                Instant.parse(progress.path("finishedAt").asText())).toMillis() / 1000.0;
        double rate = inboxEvents / seconds;
        results.key("rescore_events_per_s", rate);
        results.key("rescore_accounts_per_s", progress.path("total").asInt() / seconds);
        results.detail("rescore", json.convertValue(progress, Map.class));
        results.row("re-score", "all accounts from the inbox (events/s)", "%.0f/s (%d accounts, %d events in %.1f s; %d changed status)"
                .formatted(rate, progress.path("total").asInt(), inboxEvents, seconds, progress.path("statusChanged").asInt()),
                "", "", "≥ 50,000/s");

        UUID account = portfolio.asOfAccount();
        String path = "/api/v1/health/accounts/" + account + "?asOf=" + LocalDate.now(ZoneOffset.UTC).minusDays(1);
        Map<String, String> parameters = Map.of("bench.url", BenchStack.HEALTH.url(), "bench.token", stack.token(),
                "bench.path", path, "bench.requests", "50");
        GatlingRun.run(OneClientGets.class, out.resolve("gatling"), parameters);
        GatlingRun.Stats asOf = GatlingRun.run(OneClientGets.class, out.resolve("gatling"),
                Map.of("bench.requests", "300"));
        results.key("asof_p50_ms", asOf.p50());
        results.key("asof_p99_ms", asOf.p99());
        results.row("as-of", "health as of yesterday, account with %d events: p50/p95/p99".formatted(PortfolioEvents.ASOF_EVENTS),
                "%.0f / %.0f / %.0f ms (%d requests, %d failed)".formatted(asOf.p50(), asOf.p95(), asOf.p99(), asOf.requests(),
                        asOf.failed()), "", "", "p99 ≤ 50 ms");

        // After ingest and the re-score (no ingest running meanwhile): the rows every account's scoring keeps.
        for (String portfolioPath : PortfolioReads.PATHS) {
            GatlingRun.Stats gets = GatlingRun.run(OneClientGets.class, out.resolve("gatling"),
                    Map.of("bench.path", portfolioPath, "bench.requests", "100"));
            String name = portfolioPath.substring(portfolioPath.lastIndexOf('/') + 1).replace('-', '_');
            results.key(name.equals("competitive_gaps") ? "competitive_gaps_p99_ms" : "portfolio_" + name + "_p99_ms",
                    gets.p99());
            results.row("portfolio", "GET %s over %d accounts, every team, after ingest: p50/p95/p99"
                            .formatted(portfolioPath.substring("/api/v1".length()), progress.path("total").asInt()),
                    "%.0f / %.0f / %.0f ms (%d requests, %d failed)".formatted(gets.p50(), gets.p95(), gets.p99(),
                            gets.requests(), gets.failed()), "", "", "p99 ≤ 200 ms");
        }
    }
}
