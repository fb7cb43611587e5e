package com.accounthealth.benchmarks;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The bulk import (issue 24): a CRM's history as NDJSON into one account-service instance, then its deals into one
 * opportunity-service instance, one client each, measured as facts stored per second from the first byte sent to the
 * summary line read; beside them, what PostgreSQL itself takes from one client in the same run, as single-row
 * transactions and as batches of the import's chunk size.
 */
final class BulkImportRate {

    private static final int FACTS_PER_ACCOUNT = 100;
    /** Five facts a deal: as many facts as the account import, so both run long enough to measure alike. */
    private static final int DEALS_PER_ACCOUNT = 20;
    private static final int CHUNK = 500;
    private static final String[] TEAMS = {"emea-north", "emea-south", "na-east", "apac"};

    private record Run(int lines, int failed, double seconds) {
        double perSecond() {
            return lines / seconds;
        }
    }

    private BulkImportRate() {
    }

    static void run(BenchStack stack, BenchOptions options, Results results, Path out) throws Exception {
        RawInserts.createTable(stack);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 3; i++) {
            // A new file each time: sent again, it would only be answered from the idempotency keys.
            List<String> warmUp = new ArrayList<>();
            send(http, stack, BenchStack.ACCOUNTS, "accounts", write(out.resolve("import-warm-up.ndjson"), 100, warmUp));
            send(http, stack, BenchStack.OPPORTUNITIES, "opportunities",
                    writeDeals(out.resolve("deal-import-warm-up.ndjson"), warmUp));
        }
        int accounts = 600;
        List<String> accountIds = new ArrayList<>();
        Path file = write(out.resolve("import.ndjson"), accounts, accountIds);
        BenchStack.log("Importing %d facts on %d accounts", accounts * FACTS_PER_ACCOUNT, accounts);
        Run imported = send(http, stack, BenchStack.ACCOUNTS, "accounts", file);
        Path deals = writeDeals(out.resolve("deal-import.ndjson"), accountIds);
        BenchStack.log("Importing %d deals on %d accounts", accounts * DEALS_PER_ACCOUNT, accounts);
        Run dealsImported = send(http, stack, BenchStack.OPPORTUNITIES, "opportunities", deals);
        RawInserts.Result single = RawInserts.run(stack, 1, options.duration());
        double batched = batchedInserts(stack, options.duration());
        double ratio = imported.perSecond() / batched;
        results.row("import", "bulk import, one client: facts/s (%d lines)".formatted(imported.lines()),
                "%.0f/s, %d failed, %.1f s".formatted(imported.perSecond(), imported.failed(), imported.seconds()),
                "raw insert, one client: %.0f rows/s in batches of %d; %.0f tx/s one row each"
                        .formatted(batched, CHUNK, single.perSecond()),
                "%.0f%%".formatted(ratio * 100), "≥ 5,000 facts/s");
        results.row("import", "deal import, one client: facts/s (%d lines)".formatted(dealsImported.lines()),
                "%.0f/s, %d failed, %.1f s".formatted(dealsImported.perSecond(), dealsImported.failed(),
                        dealsImported.seconds()), "the same raw insert", "%.0f%%".formatted(
                        dealsImported.perSecond() / batched * 100), "≥ 5,000 facts/s");
        results.key("import_facts_per_s", imported.perSecond());
        results.key("import_deal_facts_per_s", dealsImported.perSecond());
        results.key("import_deal_failed", dealsImported.failed());
        results.key("import_lines", imported.lines());
        results.key("import_failed", imported.failed());
        results.key("import_raw_batch_rows_per_s", batched);
        results.key("import_raw_single_tps", single.perSecond());
        results.key("import_vs_raw_batch", ratio);
    }

    /** A year of history of each account: opened, a team, two contacts, then interactions, feedback, sightings, issues. */
    private static Path write(Path file, int accounts, List<String> accountIds) throws IOException {
        Files.createDirectories(file.getParent());
        Instant yearAgo = Instant.now().minus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String run = UUID.randomUUID().toString();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int a = 0; a < accounts; a++) {
                String account = UUID.randomUUID().toString();
                accountIds.add(account);
                String team = UUID.randomUUID().toString();
                String champion = UUID.randomUUID().toString();
                String buyer = UUID.randomUUID().toString();
                String key = run + "-" + a + "-";
                w.write("""
                        {"idempotencyKey":"%s0","command":"openAccount","body":{"accountId":"%s","name":"Imported %d","tier":"ENTERPRISE","ownerId":"ae-%d","teamId":"%s","arr":{"amount":%d,"currency":"EUR"},"renewalDate":"2027-06-30","occurredAt":"%s"}}
                        {"idempotencyKey":"%s1","command":"mapClientTeam","accountId":"%s","id":"%s","body":{"name":"Finance","occurredAt":"%s"}}
                        {"idempotencyKey":"%s2","command":"addContact","accountId":"%s","id":"%s","body":{"name":"Ada Lovelace","title":"CFO","clientTeamId":"%s","role":"CHAMPION","occurredAt":"%s"}}
                        {"idempotencyKey":"%s3","command":"addContact","accountId":"%s","id":"%s","body":{"name":"Grace Hopper","title":"CIO","clientTeamId":"%s","role":"DECISION_MAKER","occurredAt":"%s"}}
                        """.formatted(key, account, a, a % 40, TEAMS[a % TEAMS.length], 20_000 + 1000 * (a % 300), yearAgo,
                        key, account, team, yearAgo, key, account, champion, team, yearAgo, key, account, buyer, team,
                        yearAgo));
                for (int f = 4; f < FACTS_PER_ACCOUNT; f++) {
                    String at = yearAgo.plus(f * 3L, ChronoUnit.DAYS).toString();
                    String body = switch (f % 4) {
                        case 0 -> """
                                "recordInteraction","accountId":"%s","body":{"type":"MEETING","occurredAt":"%s","contactIds":["%s"],"clientTeamId":"%s","summary":"Check-in on adoption"}"""
                                .formatted(account, at, champion, team);
                        case 1 -> """
                                "recordFeedback","accountId":"%s","body":{"grade":"B","question":"How likely are you to renew?","comment":"Fine so far","contactId":"%s","occurredAt":"%s"}"""
                                .formatted(account, buyer, at);
                        case 2 -> """
                                "recordCompetitorSighting","accountId":"%s","body":{"competitor":"Initech","clientTeamId":"%s","capabilities":["reporting"],"occurredAt":"%s"}"""
                                .formatted(account, team, at);
                        default -> """
                                "recordClientEvent","accountId":"%s","body":{"type":"NEW_EXECUTIVE","occurredAt":"%s","description":"New CFO"}"""
                                .formatted(account, at);
                    };
                    w.write("{\"idempotencyKey\":\"" + key + f + "\",\"command\":" + body + "}\n");
                }
            }
        }
        return file;
    }

    /**
     * Each account's deals over the year, as a CRM has them: opened, moved to proposal, repriced, a competitor came in,
     * then won or lost (five facts a deal), the accounts one after another.
     */
    private static Path writeDeals(Path file, List<String> accounts) throws IOException {
        Instant yearAgo = Instant.now().minus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String run = UUID.randomUUID().toString();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int a = 0; a < accounts.size(); a++) {
                for (int d = 0; d < DEALS_PER_ACCOUNT; d++) {
                    String deal = UUID.randomUUID().toString();
                    String key = run + "-" + a + "-" + d + "-";
                    Instant opened = yearAgo.plus(d * (280L / DEALS_PER_ACCOUNT), ChronoUnit.DAYS);
                    String close = d % 2 == 0 ? """
                            "win","opportunityId":"%s","body":{"occurredAt":"%s"}""".formatted(deal,
                            opened.plus(60, ChronoUnit.DAYS)) : """
                            "lose","opportunityId":"%s","body":{"reason":"COMPETITOR","competitor":"Initech","occurredAt":"%s"}"""
                            .formatted(deal, opened.plus(60, ChronoUnit.DAYS));
                    w.write("""
                            {"idempotencyKey":"%s0","command":"openOpportunity","body":{"opportunityId":"%s","accountId":"%s","name":"Deal %d","type":"UPSELL","amount":{"amount":%d,"currency":"EUR"},"ownerId":"ae-%d","teamId":"%s","expectedCloseDate":"%s","occurredAt":"%s"}}
                            {"idempotencyKey":"%s1","command":"changeStage","opportunityId":"%s","body":{"stage":"PROPOSAL","occurredAt":"%s"}}
                            {"idempotencyKey":"%s2","command":"changeAmount","opportunityId":"%s","body":{"amount":{"amount":%d,"currency":"EUR"},"occurredAt":"%s"}}
                            {"idempotencyKey":"%s3","command":"changeCompetitor","opportunityId":"%s","body":{"competitor":"Initech","occurredAt":"%s"}}
                            {"idempotencyKey":"%s4","command":%s}
                            """.formatted(key, deal, accounts.get(a), d, 10_000 + 500 * (a % 40), a % 40,
                            TEAMS[a % TEAMS.length], LocalDate.ofInstant(opened.plus(90, ChronoUnit.DAYS),
                                    ZoneOffset.UTC), opened, key, deal, opened.plus(20, ChronoUnit.DAYS), key, deal,
                            12_000 + 500 * (a % 40), opened.plus(30, ChronoUnit.DAYS), key, deal,
                            opened.plus(40, ChronoUnit.DAYS), key, close));
                }
            }
        }
        return file;
    }

    private static Run send(HttpClient http, BenchStack stack, BenchStack.Service service, String collection,
                            Path file) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.url() + "/api/v1/" + collection + "/import"))
                .header("Authorization", "Bearer " + stack.token()).header("Content-Type", "application/x-ndjson")
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofFile(file)).build();
        long started = System.nanoTime();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Import answered " + response.statusCode() + ": "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        int lines = 0;
        int failed = 0;
        String last = null;
        try (BufferedReader answer = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = answer.readLine(); line != null; line = answer.readLine()) {
                if (line.startsWith("{\"line\"")) {
                    lines++;
                    if (!line.contains("\"status\":20")) {
                        failed++;
                    }
                }
                last = line;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (last == null || last.contains("stoppedBecause")) {
            throw new IllegalStateException("Import did not finish: " + last);
        }
        return new Run(lines, failed, seconds);
    }

    /** Rows of an event's size inserted by one client in transactions of {@link #CHUNK} rows, per second. */
    private static double batchedInserts(BenchStack stack, Duration duration) throws Exception {
        long rows = 0;
        long started = System.nanoTime();
        long end = started + duration.toNanos();
        try (Connection c = stack.connect(BenchStack.BENCH_DATABASE);
             PreparedStatement ps = c.prepareStatement("INSERT INTO raw_insert (account_id, payload) VALUES (?, ?::jsonb)")) {
            c.setAutoCommit(false);
            UUID account = UUID.randomUUID();
            while (System.nanoTime() < end) {
                for (int i = 0; i < CHUNK; i++) {
                    ps.setObject(1, account);
                    ps.setString(2, RawInserts.PAYLOAD.formatted(UUID.randomUUID()));
                    ps.addBatch();
                }
                ps.executeBatch();
                c.commit();
                rows += CHUNK;
            }
        }
        return rows / ((System.nanoTime() - started) / 1e9);
    }
}
