package com.accounthealth.account;

import com.accounthealth.testsupport.SecurityMatrix;
import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.webapi.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.Map;
import java.util.function.IntSupplier;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Writes per calling system are limited (here to a burst of 3, then 1 a minute); past that: 429, nothing appended. */
@QuarkusTest
@TestProfile(WriteRateLimitTest.TightLimit.class)
class WriteRateLimitTest {

    public static class TightLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("api.rate-limit.writes-per-second", "0.0166667", "api.rate-limit.burst", "3");
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void aClientPastItsWriteRateGets429WithRetryAfterAndOthersAndReadsGoOn() {
        String chatty = TestTokens.token("chatty-sync", Roles.ACCOUNTS_WRITE, Roles.ACCOUNTS_READ);
        String account = open(chatty).then().statusCode(201).extract().path("accountId");
        open(chatty).then().statusCode(201);
        open(chatty).then().statusCode(201);
        IntSupplier events = SecurityMatrix.Fixture.rowsOf(dataSource, "event_store");
        int before = events.getAsInt();

        Response refused = open(chatty);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
        assertThat(refused.jsonPath().getString("detail")).contains("chatty-sync");
        assertThat(events.getAsInt()).as("a refused write appends nothing").isEqualTo(before);

        given().auth().oauth2(chatty).get("/api/v1/accounts/" + account).then().statusCode(200);
        open(TestTokens.token("quiet-sync", Roles.ACCOUNTS_WRITE)).then().statusCode(201);
    }

    private static Response open(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body("""
                {"name":"Initech","tier":"SMB","ownerId":"ae-1","teamId":"emea-south",
                 "arr":{"amount":10000,"currency":"EUR"}}""").post("/api/v1/accounts");
    }
}
