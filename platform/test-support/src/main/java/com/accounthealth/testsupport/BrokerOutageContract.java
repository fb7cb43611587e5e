package com.accounthealth.testsupport;

import com.accounthealth.localstack.LocalKafka;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Readiness does not follow the broker: with Kafka down a service stays ready and goes on serving what needs only its
 * database (a writer takes commands into its outbox), and what waited for the broker happens once it is back. On
 * Kubernetes a readiness that followed the broker turned a Kafka outage into an API outage. A service's test class
 * extends this.
 */
public abstract class BrokerOutageContract {

    /**
     * Called with the broker down: does what the service must still do for its callers, and returns the check, run
     * once the broker is back, that what waited for it happened (e.g. the command's event reached its topic).
     */
    protected abstract Runnable servedWhileTheBrokerIsDown();

    @Test
    void readinessStaysUpWithTheBrokerDownAndTheServiceGoesOnServing() {
        given().get("/q/health/ready").then().statusCode(200);
        LocalKafka kafka = RealServers.kafka();
        kafka.stopBroker();
        Runnable afterwards;
        try {
            // Longer than a check asking the broker took to turn DOWN (its admin client gave up after 5 s).
            await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
            afterwards = servedWhileTheBrokerIsDown();
        } finally {
            kafka.startBroker();
        }
        afterwards.run();
        given().get("/q/health/ready").then().statusCode(200);
    }
}
