package com.accounthealth.account;

import com.accounthealth.testsupport.RealServers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * While PostgreSQL is away (restarting, failing over), a command is a 503 with Retry-After that a client retries with
 * the same Idempotency-Key, never a 500 with an incident to report; once it is back the retry is stored once.
 */
@QuarkusTest
class DatabaseOutageTest {

    @Test
    void aCommandWhileTheDatabaseIsDownIsA503ToRetryAndTheRetryIsStoredOnce() {
        String account = AccountApiTest.openAccount();
        String key = UUID.randomUUID().toString();
        String feedback = "{\"grade\":\"B\",\"question\":\"Asked while the database restarts\"}";
        RealServers.stopPostgres();
        try {
            AccountApiTest.api().header("Idempotency-Key", key).body(feedback)
                    .post("/api/v1/accounts/" + account + "/feedback")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", "2")
                    .body("title", equalTo("Service unavailable"))
                    .body("detail", containsString("same Idempotency-Key"));
        } finally {
            RealServers.postgres();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                AccountApiTest.api().header("Idempotency-Key", key).body(feedback)
                        .post("/api/v1/accounts/" + account + "/feedback").statusCode() == 201);
        assertThat(AccountApiTest.streamLength(account)).as("opened, then the feedback once").isEqualTo(2);
        AccountApiTest.api().header("Idempotency-Key", key).body(feedback)
                .post("/api/v1/accounts/" + account + "/feedback")
                .then().statusCode(201).header("Idempotent-Replayed", "true");
    }
}
