package com.accounthealth.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Commands sent by several clients at once, as an internal system would: each with an Idempotency-Key, retried with
 * the same key on another replica after a timeout, a refused connection or a 503, for at most {@link #GIVE_UP}.
 * Every command's outcome is recorded: acknowledged (with the event id the writer answered), refused (a 4xx), or
 * unknown (no answer before giving up). Any 500 is counted: none may occur.
 */
final class CommandLoad implements AutoCloseable {

    static final Duration GIVE_UP = Duration.ofSeconds(60);

    enum Result { ACKNOWLEDGED, REFUSED, UNKNOWN }

    record Outcome(String key, UUID accountId, Result result, UUID eventId, int status, Instant at) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Supplier<List<String>> replicas;
    private final String token;
    private final List<UUID> accounts;
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger unavailableAnswers = new AtomicInteger();
    private final AtomicReference<String> lastServerError = new AtomicReference<>();
    private final List<Thread> clients;
    private volatile boolean running = true;

    CommandLoad(Supplier<List<String>> replicas, String token, List<UUID> accounts, int clients) {
        this.replicas = replicas;
        this.token = token;
        this.accounts = accounts;
        this.clients = java.util.stream.IntStream.range(0, clients)
                .mapToObj(i -> Thread.ofPlatform().name("client-" + i).start(this::run)).toList();
    }

    private void run() {
        while (running) {
            UUID account = accounts.get(ThreadLocalRandom.current().nextInt(accounts.size()));
            String key = UUID.randomUUID().toString();
            outcomes.put(key, send(key, account, command(account)));
            // About 6 commands a second per client: a load health-score keeps up with on 2 cores, so a backlog
            // after a fault is the fault's, and recovery times measure the recovery.
            pause(150);
        }
    }

    /** A fact of the kinds the CRM sync, the survey tool and the support desk send most. */
    private static String[] command(UUID account) {
        return switch (ThreadLocalRandom.current().nextInt(3)) {
            case 0 -> new String[]{"/feedback", """
                    {"grade":"%s","question":"How likely are you to renew?"}""".formatted(
                    List.of("A", "B", "C", "D", "F").get(ThreadLocalRandom.current().nextInt(5)))};
            case 1 -> new String[]{"/interactions", """
                    {"type":"CALL","occurredAt":"%s","contactIds":[],"summary":"Check-in"}""".formatted(Instant.now())};
            default -> new String[]{"/competitor-sightings", """
                    {"competitor":"Initech","capabilities":["sso"]}"""};
        };
    }

    private Outcome send(String key, UUID account, String[] command) {
        Instant giveUp = Instant.now().plus(GIVE_UP);
        long backoff = 100;
        int attempt = 0;
        while (true) {
            List<String> urls = replicas.get();
            String url = urls.get(attempt++ % urls.size());
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                URI.create(url + "/api/v1/accounts/" + account + command[0]))
                        .timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(command[1])).build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    JsonNode body = JSON.readTree(response.body());
                    return new Outcome(key, account, Result.ACKNOWLEDGED, UUID.fromString(body.path("eventId").asText()),
                            status, Instant.now());
                }
                if (status == 503) {
                    unavailableAnswers.incrementAndGet();
                }
                if (status == 500) {
                    serverErrors.incrementAndGet();
                    lastServerError.set(response.body());
                }
                if (status < 500 && status != 429 && status != 409) {
                    return new Outcome(key, account, Result.REFUSED, null, status, Instant.now());
                }
            } catch (IOException e) {
                // no answer: the same key again, elsewhere
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Outcome(key, account, Result.UNKNOWN, null, 0, Instant.now());
            }
            if (Instant.now().isAfter(giveUp) || !running && attempt > 3) {
                return new Outcome(key, account, Result.UNKNOWN, null, 0, Instant.now());
            }
            pause(backoff);
            backoff = Math.min(2_000, backoff * 2);
        }
    }

    /** Acknowledged commands so far. */
    long acknowledged() {
        return outcomes.values().stream().filter(o -> o.result() == Result.ACKNOWLEDGED).count();
    }

    /** The first command acknowledged after {@code since}, if any. */
    java.util.Optional<Instant> firstAcknowledgedAfter(Instant since) {
        return outcomes.values().stream().filter(o -> o.result() == Result.ACKNOWLEDGED && o.at().isAfter(since))
                .map(Outcome::at).min(Instant::compareTo);
    }

    List<Outcome> outcomes() {
        return List.copyOf(outcomes.values());
    }

    int serverErrors() {
        return serverErrors.get();
    }

    /** 503 answers so far (each retried with the same key). */
    int unavailableAnswers() {
        return unavailableAnswers.get();
    }

    String lastServerError() {
        return lastServerError.get();
    }

    /** Stops sending new commands and waits for those in flight to reach their outcome. */
    @Override
    public void close() {
        running = false;
        for (Thread t : clients) {
            try {
                t.join(GIVE_UP.plusSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
