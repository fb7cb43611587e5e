package com.accounthealth.testsupport;

import com.accounthealth.localstack.LocalKafka;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Readiness follows the broker: DOWN within 30 s of the broker stopping, UP again once it is back, without a
 * restart of the service. A service's test class extends this.
 */
public abstract class BrokerOutageContract {

    @Test
    void readinessGoesDownWithTheBrokerAndRecoversWithoutRestart() {
        given().get("/q/health/ready").then().statusCode(200);
        LocalKafka kafka = RealServers.kafka();
        kafka.stopBroker();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    given().get("/q/health/ready").then().statusCode(503)
                            .body("checks.find { it.name == 'Kafka connection health check' }.status", equalTo("DOWN")));
        } finally {
            kafka.startBroker();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("checks.status", hasItem("UP")));
    }
}
