package com.accounthealth.benchmarks;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Command path, closed model: {@code bench.users} clients, each with its own keep-alive connection, send the
 * command mix back to back for {@code bench.duration-ms}; with {@code bench.keyed}, each command with an
 * Idempotency-Key of its own, as the overload step sends them (a keyed command also reads and stores its key).
 */
public class CommandSimulation extends CpuWatchedSimulation {

    {
        int users = Integer.getInteger("bench.users");
        boolean keyed = Boolean.getBoolean("bench.keyed");
        Duration duration = Duration.ofMillis(Long.getLong("bench.duration-ms"));
        List<AccountPool.Member> pool = AccountPool.read(Path.of(System.getProperty("bench.pool"))).members();
        HttpProtocolBuilder protocol = http.baseUrl(System.getProperty("bench.url"))
                .authorizationHeader("Bearer " + System.getProperty("bench.token"))
                .contentTypeHeader("application/json").acceptHeader("application/json");
        HttpRequestActionBuilder command = http("#{name}").post("#{path}").body(StringBody("#{body}"))
                .check(status().in(200, 201));
        ScenarioBuilder commands = scenario("commands").during(duration).on(
                exec(session -> {
                    CommandMix.Command c = CommandMix.next(pool, users, session.userId(), ThreadLocalRandom.current());
                    Session next = session.set("name", c.name()).set("path", c.path()).set("body", c.body());
                    return keyed ? next.set("key", UUID.randomUUID().toString()) : next;
                }).exec(keyed ? command.header("Idempotency-Key", "#{key}") : command));
        setUp(commands.injectOpen(atOnceUsers(users))).protocols(protocol);
    }
}
