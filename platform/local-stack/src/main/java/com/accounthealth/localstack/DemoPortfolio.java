package com.accounthealth.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A realistic sample portfolio loaded through the public REST API, the way a CRM sync would backfill a year of
 * history: 60 accounts across four tiers and four sales teams, with org maps, contacts, interactions spread over the
 * past year, feedback, competitors, support issues, client events and deals. A third of the accounts are looked after
 * (recent meetings, good grades), a third are drifting, a third are in trouble (silence, poor grades, a departed
 * champion, open critical issues, competitors), so health shows every status at once; about half of them have an
 * outcome yesterday (renewed, with expansion or contraction, churned, lost at renewal) for backtests. Deterministic
 * (fixed seed and ids); loading it twice changes nothing.
 */
final class DemoPortfolio {

    private static final String[] TEAMS = {"emea-north", "emea-south", "na-east", "apac"};
    private static final String[] TIERS = {"STRATEGIC", "ENTERPRISE", "MID_MARKET", "SMB"};
    private static final String[] INDUSTRIES = {"Manufacturing", "Retail", "Financial services", "Healthcare", "Logistics", "Software"};
    private static final String[] NAMES = {"Globex", "Initrode", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne",
            "Tyrell", "Cyberdyne", "Soylent", "Acme", "Wonka", "Gringotts", "Oscorp", "Pied Piper"};
    private static final String[] SUFFIXES = {"Industries", "Group", "Holdings", "Logistics"};
    private static final String[] CLIENT_TEAMS = {"Finance", "IT", "Marketing", "Operations", "Sales"};
    private static final String[] COMPETITORS = {"Initech Analytics", "Northwind CRM", "Contoso Insights"};
    private static final String[] CAPABILITIES = {"forecasting", "eu-data-residency", "sso", "mobile-app", "ai-assistant"};
    private static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson"};
    private static final Pattern CREATED_ID = Pattern.compile("\"(?:createdId|opportunityId)\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String accounts;
    private final String opportunities;
    private final Random random = new Random(42);
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    private final String bearer;
    private int requests;

    /** @param token a bearer token with accounts:read, accounts:write and opportunities:write */
    DemoPortfolio(String accountServiceUrl, String opportunityServiceUrl, String token) {
        this.accounts = accountServiceUrl + "/api/v1/accounts";
        this.opportunities = opportunityServiceUrl + "/api/v1/opportunities";
        this.bearer = "Bearer " + token;
    }

    /** Loads the portfolio; returns a one-line summary. */
    String load(int count) throws IOException, InterruptedException {
        Instant started = Instant.now();
        int loaded = 0;
        for (int i = 0; i < count; i++) {
            UUID id = UUID.nameUUIDFromBytes(("demo-account-" + i).getBytes(StandardCharsets.UTF_8));
            if (exists(accounts + "/" + id)) {
                continue;
            }
            loadAccount(i, id);
            loaded++;
            if (loaded % 10 == 0) {
                System.out.printf("    demo: %d of %d accounts loaded%n", loaded, count);
            }
        }
        return loaded == 0 ? "the demo portfolio was already loaded"
                : "%d accounts loaded with %d requests in %d s".formatted(loaded, requests,
                Duration.between(started, Instant.now()).toSeconds());
    }

    private void loadAccount(int i, UUID id) throws IOException, InterruptedException {
        // Every third account is in good shape, the next drifting, the next in trouble.
        int health = i % 3;
        String tier = TIERS[i % TIERS.length];
        String team = TEAMS[(i / 3) % TEAMS.length];
        String owner = "ae-" + (1 + i % 8);
        String name = NAMES[i % NAMES.length] + " " + SUFFIXES[(i / NAMES.length) % SUFFIXES.length];
        int arr = switch (tier) {
            case "STRATEGIC" -> 400_000 + 50_000 * (i % 7);
            case "ENTERPRISE" -> 150_000 + 20_000 * (i % 5);
            case "MID_MARKET" -> 50_000 + 5_000 * (i % 6);
            default -> 8_000 + 1_000 * (i % 9);
        };
        LocalDate renewal = LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(health == 2 ? 45 + i % 30 : 120 + 7L * (i % 30));
        post(accounts, """
                {"accountId":"%s","name":"%s","industry":"%s","tier":"%s","ownerId":"%s","teamId":"%s",
                 "arr":{"amount":%d,"currency":"EUR"},"renewalDate":"%s","growthTargetPercent":15,"occurredAt":"%s"}"""
                .formatted(id, name, INDUSTRIES[i % INDUSTRIES.length], tier, owner, team, arr, renewal, daysAgo(365)));

        List<String> clientTeams = new ArrayList<>();
        for (int t = 0; t < 2 + i % 3; t++) {
            clientTeams.add(post(accounts + "/" + id + "/teams", """
                    {"name":"%s","occurredAt":"%s"}""".formatted(CLIENT_TEAMS[(i + t) % CLIENT_TEAMS.length], daysAgo(360))));
        }
        List<String> contacts = new ArrayList<>();
        String[] roles = {"DECISION_MAKER", "CHAMPION", "INFLUENCER", "USER", "USER"};
        for (int c = 0; c < 3 + i % 3; c++) {
            contacts.add(post(accounts + "/" + id + "/contacts", """
                    {"name":"%s %s","title":"%s","clientTeamId":"%s","role":"%s","occurredAt":"%s"}""".formatted(
                    FIRST[(i + c) % FIRST.length], LAST[(i * 3 + c) % LAST.length], c == 0 ? "CFO" : "Manager",
                    clientTeams.get(c % clientTeams.size()), roles[c % roles.length], daysAgo(355))));
        }

        // Interactions over the year; the last one recent, a month or more ago, or months ago by health.
        int lastContactDaysAgo = switch (health) {
            case 0 -> 3 + i % 10;
            case 1 -> 45 + i % 30;
            default -> 150 + i % 60;
        };
        for (int days = 340; days >= lastContactDaysAgo; days -= 25 + random.nextInt(20)) {
            interaction("MEETING", days, contacts.get(random.nextInt(contacts.size())), clientTeams.get(0), id);
        }
        interaction(health == 0 ? "BUSINESS_REVIEW" : "CALL", lastContactDaysAgo, contacts.get(0), clientTeams.get(0), id);
        if (health != 2) {
            interaction("BUSINESS_REVIEW", health == 0 ? 40 : 120, contacts.get(0), clientTeams.get(0), id);
        }

        String[] grades = switch (health) {
            case 0 -> new String[] {"A", "A-", "B+"};
            case 1 -> new String[] {"B+", "B", "B-"};
            default -> new String[] {"C", "D+", "B-"};
        };
        for (int f = 0; f < 2; f++) {
            post(accounts + "/" + id + "/feedback", """
                    {"grade":"%s","question":"%s","contactId":"%s","occurredAt":"%s"}""".formatted(grades[(i + f) % 3],
                    f == 0 ? "Overall satisfaction" : "Value for money", contacts.get(f % contacts.size()), daysAgo(20 + 60 * f)));
        }

        if (health == 2) {
            post(accounts + "/" + id + "/contacts/" + contacts.get(1) + "/departure", """
                    {"occurredAt":"%s"}""".formatted(daysAgo(70)));
            post(accounts + "/" + id + "/support-issues", """
                    {"severity":"CRITICAL","title":"Nightly sync fails","occurredAt":"%s"}""".formatted(daysAgo(30)));
        }
        if (health != 0 || i % 5 == 0) {
            post(accounts + "/" + id + "/competitor-sightings", """
                    {"competitor":"%s","clientTeamId":"%s","capabilities":["%s"],"occurredAt":"%s"}""".formatted(
                    COMPETITORS[i % COMPETITORS.length], clientTeams.get(clientTeams.size() - 1),
                    CAPABILITIES[i % CAPABILITIES.length], daysAgo(40 + i % 50)));
        }
        if (i % 4 == 1) {
            post(accounts + "/" + id + "/client-events", """
                    {"type":"%s","description":"%s","occurredAt":"%s"}""".formatted(i % 8 == 1 ? "FUNDING_ROUND" : "EXPANSION",
                    "Announced in the press", daysAgo(15 + i % 20)));
        }
        String resolved = post(accounts + "/" + id + "/support-issues", """
                {"severity":"MEDIUM","title":"Report export slow","occurredAt":"%s"}""".formatted(daysAgo(200)));
        post(accounts + "/" + id + "/support-issues/" + resolved + "/resolution", """
                {"occurredAt":"%s"}""".formatted(daysAgo(190)));

        loadDeals(i, health, id, owner, team, arr);
        loadOutcome(i, health, id, arr);
    }

    /**
     * What happened next, yesterday, as the stories imply, for half of each third (the other half stays open, so the
     * portfolio still shows every status): looked-after accounts renew with expansion, drifting ones with contraction,
     * accounts in trouble churn or are lost at renewal; and, as in life, one looked-after account in ten churns anyway
     * and one in trouble is saved. What backtests compare the model's warnings with.
     */
    private void loadOutcome(int i, int health, UUID id, int arr) throws IOException, InterruptedException {
        String yesterday = daysAgo(1);
        String renewTo = "{\"newArr\":{\"amount\":%d,\"currency\":\"EUR\"},\"occurredAt\":\"%s\"}";
        if (health == 0 && i % 10 == 3) {
            post(accounts + "/" + id + "/churn", "{\"reason\":\"Acquired; the parent consolidated tools\",\"occurredAt\":\"%s\"}"
                    .formatted(yesterday));
        } else if (health == 2 && i % 10 == 5) {
            post(accounts + "/" + id + "/renewals", renewTo.formatted(arr, yesterday));
        } else if (i % 2 == 0) {
            switch (health) {
                case 0 -> post(accounts + "/" + id + "/renewals", renewTo.formatted(arr + arr / 10, yesterday));
                case 1 -> post(accounts + "/" + id + "/renewals", renewTo.formatted(arr - arr / 7, yesterday));
                default -> {
                    String competitor = COMPETITORS[i % COMPETITORS.length];
                    if (i % 4 == 0) {
                        post(accounts + "/" + id + "/churn", "{\"reason\":\"Moved to %s\",\"occurredAt\":\"%s\"}"
                                .formatted(competitor, yesterday));
                    } else {
                        post(accounts + "/" + id + "/renewal-loss", "{\"reason\":\"Moved to a competitor\","
                                + "\"competitor\":\"%s\",\"occurredAt\":\"%s\"}".formatted(competitor, yesterday));
                    }
                }
            }
        }
    }

    private void loadDeals(int i, int health, UUID account, String owner, String team, int arr)
            throws IOException, InterruptedException {
        String renewal = post(opportunities, """
                {"accountId":"%s","name":"Renewal %d","type":"RENEWAL","amount":{"amount":%d,"currency":"EUR"},
                 "stage":"DISCOVERY","expectedCloseDate":"%s","ownerId":"%s","teamId":"%s","occurredAt":"%s"}""".formatted(
                account, LocalDate.ofInstant(now, ZoneOffset.UTC).getYear() + 1, arr,
                LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(60), owner, team, daysAgo(90)));
        if (health == 0) {
            post(opportunities + "/" + renewal + "/stage", "{\"stage\":\"PROPOSAL\",\"occurredAt\":\"%s\"}".formatted(daysAgo(20)));
        }
        String upsell = post(opportunities, """
                {"accountId":"%s","name":"Expansion","type":"UPSELL","amount":{"amount":%d,"currency":"EUR"},
                 "stage":"QUALIFIED","expectedCloseDate":"%s","ownerId":"%s","teamId":"%s",
                 "capabilitiesNeeded":["%s"],"occurredAt":"%s"}""".formatted(account, arr / 5,
                LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(30), owner, team, CAPABILITIES[i % CAPABILITIES.length],
                daysAgo(120)));
        post(opportunities + "/" + upsell + "/stage", "{\"stage\":\"DEMO\",\"occurredAt\":\"%s\"}".formatted(daysAgo(100)));
        if (health == 1) {
            // Drifting: the expansion slips twice.
            post(opportunities + "/" + upsell + "/close-date", "{\"expectedCloseDate\":\"%s\"}".formatted(
                    LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(60)));
            post(opportunities + "/" + upsell + "/close-date", "{\"expectedCloseDate\":\"%s\"}".formatted(
                    LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(90)));
        } else if (health == 2) {
            post(opportunities + "/" + upsell + "/competitors", "{\"competitor\":\"%s\"}".formatted(COMPETITORS[i % COMPETITORS.length]));
            post(opportunities + "/" + upsell + "/loss", """
                    {"reason":"COMPETITOR","competitor":"%s","missingCapabilities":["%s"],"occurredAt":"%s"}""".formatted(
                    COMPETITORS[i % COMPETITORS.length], CAPABILITIES[i % CAPABILITIES.length], daysAgo(10)));
        } else {
            post(opportunities + "/" + upsell + "/win", "{\"occurredAt\":\"%s\"}".formatted(daysAgo(5)));
        }
    }

    private void interaction(String type, int daysAgo, String contact, String clientTeam, UUID account)
            throws IOException, InterruptedException {
        post(accounts + "/" + account + "/interactions", """
                {"type":"%s","occurredAt":"%s","contactIds":["%s"],"clientTeamId":"%s","summary":"%s"}""".formatted(
                type, daysAgo(daysAgo), contact, clientTeam, type.equals("BUSINESS_REVIEW") ? "Business review" : "Check-in"));
    }

    private String daysAgo(int days) {
        return now.minus(days, ChronoUnit.DAYS).toString();
    }

    private boolean exists(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", bearer).GET().build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode() == 200;
    }

    /** POSTs as the demo loader (the token's subject) and returns the id the answer names (created thing or deal), if any. */
    private String post(String url, String json) throws IOException, InterruptedException {
        requests++;
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Authorization", bearer)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IOException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        Matcher m = CREATED_ID.matcher(r.body());
        return m.find() ? m.group(1) : null;
    }
}
