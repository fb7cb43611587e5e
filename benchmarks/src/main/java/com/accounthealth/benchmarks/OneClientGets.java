package com.accounthealth.benchmarks;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/** One client asking {@code bench.requests} times for {@code bench.path} (an as-of health, the portfolio view). */
public class OneClientGets extends Simulation {

    {
        setUp(scenario("gets").exec(repeat(Integer.getInteger("bench.requests")).on(
                        http("get").get(System.getProperty("bench.path")).check(status().is(200))))
                .injectOpen(atOnceUsers(1)))
                .protocols(http.baseUrl(System.getProperty("bench.url"))
                        .authorizationHeader("Bearer " + System.getProperty("bench.token")).acceptHeader("application/json"));
    }
}
