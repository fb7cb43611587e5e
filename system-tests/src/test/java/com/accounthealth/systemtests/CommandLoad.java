package com.accounthealth.systemtests;

import com.accounthealth.client.account.AccountsApi;
import com.accounthealth.client.account.invoker.ApiException;
import com.accounthealth.client.account.invoker.ApiResponse;
import com.accounthealth.client.account.model.CommandResult;
import com.accounthealth.client.account.model.InteractionType;
import com.accounthealth.client.account.model.RecordCompetitorSighting;
import com.accounthealth.client.account.model.RecordFeedback;
import com.accounthealth.client.account.model.RecordInteraction;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
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

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    /** One generated client per replica's address; the list of replicas changes as they stop and start. */
    private final Map<String, AccountsApi> apis = new ConcurrentHashMap<>();
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
            outcomes.put(key, send(key, account, command()));
            // About 6 commands a second per client: a load health-score keeps up with on 2 cores, so a backlog
            // after a fault is the fault's, and recovery times measure the recovery.
            pause(150);
        }
    }

    /** A command to one account, sent with the given key through a replica's client. */
    @FunctionalInterface
    private interface Command {
        ApiResponse<CommandResult> send(AccountsApi api, UUID account, String key) throws ApiException;
    }

    /** A fact of the kinds the CRM sync, the survey tool and the support desk send most. */
    private static Command command() {
        return switch (ThreadLocalRandom.current().nextInt(3)) {
            case 0 -> {
                RecordFeedback.GradeEnum grade = List.of(RecordFeedback.GradeEnum.A, RecordFeedback.GradeEnum.B,
                        RecordFeedback.GradeEnum.C, RecordFeedback.GradeEnum.D, RecordFeedback.GradeEnum.F)
                        .get(ThreadLocalRandom.current().nextInt(5));
                yield (api, account, key) -> api.recordFeedbackWithHttpInfo(account, new RecordFeedback().grade(grade)
                        .question("How likely are you to renew?"), key, null);
            }
            case 1 -> {
                // Taken once: a retry under the same key must be the same request, or the writer rightly refuses it
                // (422) after the first attempt stored it.
                OffsetDateTime at = OffsetDateTime.now();
                yield (api, account, key) -> api.recordInteractionWithHttpInfo(account, new RecordInteraction()
                        .type(InteractionType.CALL).occurredAt(at).contactIds(List.of()).summary("Check-in"), key, null);
            }
            default -> (api, account, key) -> api.recordCompetitorSightingWithHttpInfo(account,
                    new RecordCompetitorSighting().competitor("Initech").capabilities(List.of("sso")), key, null);
        };
    }

    private Outcome send(String key, UUID account, Command command) {
        Instant giveUp = Instant.now().plus(GIVE_UP);
        long backoff = 100;
        int attempt = 0;
        while (true) {
            List<String> urls = replicas.get();
            AccountsApi api = apis.computeIfAbsent(urls.get(attempt++ % urls.size()),
                    url -> new AccountsApi(Clients.accountService(url, token, ANSWER_WITHIN)));
            try {
                ApiResponse<CommandResult> answer = command.send(api, account, key);
                return new Outcome(key, account, Result.ACKNOWLEDGED, answer.getData().getEventId(),
                        answer.getStatusCode(), Instant.now());
            } catch (ApiException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return new Outcome(key, account, Result.UNKNOWN, null, 0, Instant.now());
                }
                int status = e.getCode(); // 0: no answer (timeout, refused connection); the same key again, elsewhere
                if (status == 503) {
                    unavailableAnswers.incrementAndGet();
                }
                if (status == 500) {
                    serverErrors.incrementAndGet();
                    lastServerError.set(e.getResponseBody());
                }
                if (status != 0 && status < 500 && status != 429 && status != 409) {
                    return new Outcome(key, account, Result.REFUSED, null, status, Instant.now());
                }
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
