package com.accounthealth.healthscore;

import com.accounthealth.testsupport.BrokerOutageContract;
import io.quarkus.test.junit.QuarkusTest;

import static com.accounthealth.healthscore.Callers.healthReader;

/**
 * health-score-service stays ready too: its reads need only its database, and ingest resumes by itself when the broker
 * is back (its lag is a metric and an alert, deploy/README.md).
 */
@QuarkusTest
class BrokerOutageTest extends BrokerOutageContract {

    @Override
    protected Runnable servedWhileTheBrokerIsDown() {
        healthReader().get("/api/v1/health/accounts").then().statusCode(200);
        return () -> { };
    }
}
