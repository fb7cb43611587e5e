package com.accounthealth.benchmarks;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The overload step's load, open model: {@code bench.rate} commands of the everyday mix a second for
 * {@code bench.duration-ms}, each with an Idempotency-Key of its own, on shared keep-alive connections. Every answer
 * is sorted into {@link #TALLY}: accepted (with its event id), shed (503, and whether it came with Retry-After as a
 * problem), 500, another status, or no answer at all (the generator's own failure: refused or timed-out connection).
 */
public class OverloadSimulation extends CpuWatchedSimulation {

    static final Tally TALLY = new Tally();

    /** What came back, counted as it comes; reset before each step. */
    static final class Tally {
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger shed = new AtomicInteger();
        final AtomicInteger shedMalformed = new AtomicInteger();
        final AtomicInteger http500 = new AtomicInteger();
        final AtomicInteger noAnswer = new AtomicInteger();
        final Map<Integer, Integer> otherStatuses = new ConcurrentHashMap<>();
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        volatile Latencies acceptedLatency = new Latencies();
        volatile Latencies shedLatency = new Latencies();

        void reset() {
            accepted.set(0);
            shed.set(0);
            shedMalformed.set(0);
            http500.set(0);
            noAnswer.set(0);
            otherStatuses.clear();
            acknowledged.clear();
            acceptedLatency = new Latencies();
            shedLatency = new Latencies();
        }

        Map<Integer, Integer> others() {
            return new TreeMap<>(otherStatuses);
        }

        private Session record(Session session) {
            if (!session.contains("status")) {
                noAnswer.incrementAndGet();
                return session;
            }
            int status = session.getInt("status");
            long micros = session.getLong("ms") * 1000;
            if (status / 100 == 2) {
                accepted.incrementAndGet();
                acceptedLatency.add(micros);
                if (session.contains("eventId")) {
                    acknowledged.add(session.getString("eventId"));
                }
            } else if (status == 503) {
                shed.incrementAndGet();
                shedLatency.add(micros);
                String type = session.contains("type") ? session.getString("type") : "";
                if (!session.contains("retryAfter") || !type.startsWith("application/problem+json")) {
                    shedMalformed.incrementAndGet();
                }
            } else if (status == 500) {
                http500.incrementAndGet();
            } else {
                otherStatuses.merge(status, 1, Integer::sum);
            }
            return session;
        }
    }

    {
        List<AccountPool.Member> pool = AccountPool.read(Path.of(System.getProperty("bench.pool"))).members();
        ScenarioBuilder load = scenario("overload").exec(session -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            CommandMix.Command c = CommandMix.of(pool.get(random.nextInt(pool.size())), random);
            return session.set("path", c.path()).set("body", c.body()).set("key", UUID.randomUUID().toString());
        }).exec(http("command").post("#{path}").header("Idempotency-Key", "#{key}").body(StringBody("#{body}"))
                // Saved, not judged: every status counts in the tally, none fails the Gatling run.
                .check(status().saveAs("status"), responseTimeInMillis().saveAs("ms"),
                        header("Retry-After").optional().saveAs("retryAfter"),
                        header("Content-Type").optional().saveAs("type"),
                        regex("\"eventId\"\\s*:\\s*\"([0-9a-f-]{36})\"").optional().saveAs("eventId")))
                .exec(TALLY::record);
        setUp(load.injectOpen(constantUsersPerSec(Integer.getInteger("bench.rate"))
                .during(Duration.ofMillis(Long.getLong("bench.duration-ms")))))
                .protocols(http.baseUrl(System.getProperty("bench.url")).shareConnections()
                        .authorizationHeader("Bearer " + System.getProperty("bench.token"))
                        .contentTypeHeader("application/json").acceptHeader("application/json"));
    }
}
