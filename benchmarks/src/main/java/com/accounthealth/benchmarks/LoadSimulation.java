package com.accounthealth.benchmarks;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/** Open model: {@code bench.rate} commands per second of the command mix, steady, for {@code bench.duration-ms}. */
public class LoadSimulation extends Simulation {

    {
        List<AccountPool.Member> pool = AccountPool.read(Path.of(System.getProperty("bench.pool"))).members();
        ScenarioBuilder load = scenario("steady commands").exec(exec(session -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            CommandMix.Command c = CommandMix.of(pool.get(random.nextInt(pool.size())), random);
            return session.set("name", c.name()).set("path", c.path()).set("body", c.body());
        }).exec(http("#{name}").post("#{path}").body(StringBody("#{body}")).check(status().in(200, 201))));
        setUp(load.injectOpen(constantUsersPerSec(Integer.getInteger("bench.rate"))
                .during(Duration.ofMillis(Long.getLong("bench.duration-ms")))))
                .protocols(http.baseUrl(System.getProperty("bench.url")).shareConnections()
                        .authorizationHeader("Bearer " + System.getProperty("bench.token"))
                        .contentTypeHeader("application/json").acceptHeader("application/json"));
    }
}
