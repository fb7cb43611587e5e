package com.accounthealth.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accounts opened through the REST API before the command benchmarks (not measured), each with a client team and a
 * contact, so the commands under test are the everyday ones: interactions, feedback, sightings, issues.
 */
record AccountPool(List<Member> members) {

    record Member(String accountId, String teamId, String contactId) {
    }

    private static final Pattern CREATED_ID = Pattern.compile("\"createdId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final String[] TEAMS = {"emea-north", "emea-south", "na-east", "apac"};
    private static final String[] TIERS = {"STRATEGIC", "ENTERPRISE", "MID_MARKET", "SMB"};

    static AccountPool open(String accountServiceUrl, String token, int size) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String yearAgo = Instant.now().minus(365, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        try (ExecutorService workers = Executors.newFixedThreadPool(8)) {
            List<Future<Member>> opened = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int n = i;
                opened.add(workers.submit(() -> {
                    String base = accountServiceUrl + "/api/v1/accounts";
                    String id = UUID.randomUUID().toString();
                    post(http, token, base, """
                            {"accountId":"%s","name":"Bench account %d","industry":"Software","tier":"%s","ownerId":"ae-%d",
                             "teamId":"%s","arr":{"amount":%d,"currency":"EUR"},"renewalDate":"2027-06-30","occurredAt":"%s"}"""
                            .formatted(id, n, TIERS[n % TIERS.length], n % 40, TEAMS[n % TEAMS.length], 20_000 + 1000 * (n % 300), yearAgo));
                    String team = post(http, token, base + "/" + id + "/teams", """
                            {"name":"Finance","occurredAt":"%s"}""".formatted(yearAgo));
                    String contact = post(http, token, base + "/" + id + "/contacts", """
                            {"name":"Ada Lovelace","title":"CFO","clientTeamId":"%s","role":"DECISION_MAKER","occurredAt":"%s"}"""
                            .formatted(team, yearAgo));
                    return new Member(id, team, contact);
                }));
            }
            List<Member> members = new ArrayList<>();
            for (Future<Member> f : opened) {
                members.add(f.get());
            }
            return new AccountPool(members);
        } catch (Exception e) {
            throw new IllegalStateException("Could not open the benchmark accounts: " + e.getMessage(), e);
        }
    }

    /** A POST as a caller should send it: refused with 503 or 429, it waits Retry-After and sends it again. */
    static String post(HttpClient http, String token, String url, String json) throws IOException, InterruptedException {
        String key = UUID.randomUUID().toString();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if ((r.statusCode() == 503 || r.statusCode() == 429) && attempt < 10) {
                long seconds = r.headers().firstValue("Retry-After").map(Long::parseLong).orElse(1L);
                Thread.sleep(seconds * 1000L * attempt / 2 + java.util.concurrent.ThreadLocalRandom.current().nextInt(200));
                continue;
            }
            if (r.statusCode() >= 300) {
                throw new IOException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
            }
            Matcher m = CREATED_ID.matcher(r.body());
            return m.find() ? m.group(1) : null;
        }
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, members.stream().map(m -> m.accountId() + "," + m.teamId() + "," + m.contactId()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static AccountPool read(Path file) {
        try {
            return new AccountPool(Files.readAllLines(file).stream().map(l -> l.split(","))
                    .map(p -> new Member(p[0], p[1], p[2])).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
