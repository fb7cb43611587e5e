package com.accounthealth.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Notifications while one receiver hangs: 1,000 webhook subscriptions over 50 sales teams, in each team 19 to ten
 * healthy receivers and one to a receiver that takes requests and never answers. An account per team goes at risk (an
 * F a month before its renewal), two a second, so each alert fans out to its team's 20 subscriptions (40 deliveries a
 * second; five alerts a second, 100 deliveries, saturate 2 cores shared with everything else). Measured per
 * delivery to a healthy receiver: from the feedback command's answer to the webhook's arrival (relay, ingest, scoring
 * and delivery), and from the alert's CloudEvent time to its arrival (delivery alone).
 */
final class Notify {

    private static final int TEAMS = 50;
    private static final int PER_TEAM = 20;
    private static final int HEALTHY_RECEIVERS = 10;
    private static final int ALERTS_PER_SECOND = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Notify() {
    }

    /** A webhook endpoint on loopback: answers 200 at once (or never, if it hangs) and notes each arrival. */
    private static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final ExecutorService handlers = Executors.newCachedThreadPool();
        final CountDownLatch closed = new CountDownLatch(1);
        final Map<String, Instant> arrivals;
        final Map<String, JsonNode> events;
        final AtomicInteger requests = new AtomicInteger();

        Receiver(boolean hangs, Map<String, Instant> arrivals, Map<String, JsonNode> events) throws IOException {
            this.arrivals = arrivals;
            this.events = events;
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            server.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                Instant at = Instant.now();
                requests.incrementAndGet();
                if (hangs) {
                    try {
                        closed.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    exchange.close();
                    return;
                }
                String delivery = exchange.getRequestHeaders().getFirst("Webhook-Id");
                if (arrivals.putIfAbsent(delivery, at) == null) {
                    events.put(delivery, JSON.readTree(body));
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.setExecutor(handlers);
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        @Override
        public void close() {
            closed.countDown();
            server.stop(0);
            handlers.shutdownNow();
        }
    }

    static void run(BenchStack stack, Results results) throws Exception {
        if (stack.service(BenchStack.HEALTH) == null) {
            stack.startService(BenchStack.HEALTH);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Instant> arrivals = new ConcurrentHashMap<>();
        Map<String, JsonNode> events = new ConcurrentHashMap<>();
        List<Receiver> healthy = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis(), 36);
        try (Receiver hanging = new Receiver(true, Map.of(), Map.of())) {
            for (int i = 0; i < HEALTHY_RECEIVERS; i++) {
                healthy.add(new Receiver(false, arrivals, events));
            }
            List<String> teams = new ArrayList<>();
            for (int t = 0; t < TEAMS; t++) {
                String team = "notify-" + run + "-" + t;
                teams.add(team);
                for (int s = 0; s < PER_TEAM; s++) {
                    String target = s == 0 ? hanging.url("/hooks/" + team)
                            : healthy.get(s % HEALTHY_RECEIVERS).url("/hooks/" + team + "/" + s);
                    send(http, stack, BenchStack.HEALTH, "/api/v1/notification-subscriptions", """
                            {"leaderId":"leader-%s-%d","leaderName":"Leader %d","teamIds":["%s"],\
                            "alertTypes":["ACCOUNT_AT_RISK"],"channel":"WEBHOOK","target":"%s"}"""
                            .formatted(team, s, s, team, target), 201);
                }
            }
            Map<String, String> accountOfTeam = new LinkedHashMap<>();
            for (String team : teams) {
                JsonNode opened = JSON.readTree(send(http, stack, BenchStack.ACCOUNTS, "/api/v1/accounts", """
                        {"name":"Receiver test %s","tier":"SMB","ownerId":"ae-7","teamId":"%s",\
                        "arr":{"amount":50000,"currency":"EUR"},"renewalDate":"%s"}"""
                        .formatted(team, team, LocalDate.now().plusDays(30)), 201));
                accountOfTeam.put(team, opened.path("accountId").asText());
            }
            for (String account : accountOfTeam.values()) {
                awaitScored(http, stack, account);
            }
            BenchStack.log("Notifications: %d subscriptions (%d to a hanging receiver), %d accounts going at risk",
                    TEAMS * PER_TEAM, TEAMS, TEAMS);

            Map<String, Instant> commandAnswered = new ConcurrentHashMap<>();
            long pace = TimeUnit.SECONDS.toNanos(1) / ALERTS_PER_SECOND;
            long start = System.nanoTime();
            int n = 0;
            for (String account : accountOfTeam.values()) {
                long due = start + n++ * pace;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                send(http, stack, BenchStack.ACCOUNTS, "/api/v1/accounts/" + account + "/feedback",
                        "{\"grade\":\"F\",\"question\":\"Will you renew?\"}", 201);
                commandAnswered.put(account, Instant.now());
            }
            int expected = TEAMS * (PER_TEAM - 1);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (arrivals.size() < expected && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
            }

            Latencies fromCommand = new Latencies();
            Latencies fromAlert = new Latencies();
            Set<String> alerts = ConcurrentHashMap.newKeySet();
            arrivals.forEach((delivery, at) -> {
                JsonNode event = events.get(delivery);
                alerts.add(event.path("id").asText());
                Instant answered = commandAnswered.get(event.path("subject").asText());
                if (answered != null) {
                    fromCommand.add(Math.max(0, Duration.between(answered, at).toNanos() / 1000));
                }
                fromAlert.add(Math.max(0, Duration.between(Instant.parse(event.path("time").asText()), at)
                        .toNanos() / 1000));
            });
            double p99 = fromAlert.percentileMs(99);
            results.key("notify_p99_ms_one_target_hanging", p99);
            results.key("notify_command_to_webhook_p99_ms_one_target_hanging", fromCommand.percentileMs(99));
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("subscriptions", TEAMS * PER_TEAM);
            detail.put("healthy_receivers", HEALTHY_RECEIVERS);
            detail.put("alerts_sent_to", alerts.size());
            detail.put("healthy_deliveries_expected", expected);
            detail.put("healthy_deliveries_received", arrivals.size());
            detail.put("hanging_receiver_requests", hanging.requests.get());
            detail.put("alert_to_webhook_p50_ms", fromAlert.percentileMs(50));
            detail.put("alert_to_webhook_p99_ms", p99);
            detail.put("alert_to_webhook_max_ms", fromAlert.percentileMs(100));
            detail.put("command_to_webhook_p50_ms", fromCommand.percentileMs(50));
            detail.put("command_to_webhook_p99_ms", fromCommand.percentileMs(99));
            results.detail("notify", detail);
            results.row("notify", ("%d subscriptions, one receiver hanging: %d of %d deliveries to healthy receivers "
                            + "(alert → webhook)").formatted(TEAMS * PER_TEAM, arrivals.size(), expected),
                    ("p50 %.0f ms, p99 %.0f ms, max %.0f ms; command → webhook p99 %.0f ms; %d requests to the hanging "
                            + "one").formatted(fromAlert.percentileMs(50), p99, fromAlert.percentileMs(100),
                                    fromCommand.percentileMs(99), hanging.requests.get()),
                    "", "", "p99 ≤ 2,000 ms");
            BenchStack.log("Notifications: %d of %d healthy deliveries; alert → webhook p99 %.0f ms (max %.0f); "
                            + "the hanging receiver took %d requests", arrivals.size(), expected, p99,
                    fromAlert.percentileMs(100), hanging.requests.get());
            if (arrivals.size() < expected) {
                results.note("notify: only " + arrivals.size() + " of " + expected
                        + " deliveries to healthy receivers arrived within 3 minutes");
            }
        } finally {
            healthy.forEach(Receiver::close);
        }
    }

    private static void awaitScored(HttpClient http, BenchStack stack, String account) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                            URI.create(BenchStack.HEALTH.url() + "/api/v1/health/accounts/" + account))
                    .header("Authorization", "Bearer " + stack.token()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Account " + account + " was not scored within 2 minutes");
    }

    private static String send(HttpClient http, BenchStack stack, BenchStack.Service service, String path, String body,
                               int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(service.url() + path))
                .header("Authorization", "Bearer " + stack.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
