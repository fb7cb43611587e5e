package com.accounthealth.healthscore.notification;

import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.webapi.security.Roles;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static com.accounthealth.testsupport.WriterServices.accountServiceUrl;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The calling systems and account stories of the notification tests. */
final class Leaders {

    private Leaders() {
    }

    /** The sales-ops console managing subscriptions and snoozes. */
    static RequestSpecification console() {
        return TestTokens.as("sales-ops-console", Roles.NOTIFICATIONS_MANAGE).contentType(ContentType.JSON);
    }

    static RequestSpecification crm() {
        return TestTokens.as("crm-sync", Roles.ACCOUNTS_WRITE, Roles.ACCOUNTS_READ).baseUri(accountServiceUrl())
                .contentType(ContentType.JSON);
    }

    static RequestSpecification healthReader() {
        return TestTokens.as("bi-dashboard", Roles.HEALTH_READ);
    }

    /** Subscribes a leader of {@code team} to at-risk and recovered alerts on one channel; answers the subscription. */
    static JsonPath subscribe(String team, String channel, String target, String... alertTypes) {
        return new JsonPath(console().body("""
                {"leaderId":"leader-%s","leaderName":"Dana Scully","teamIds":["%s"],"alertTypes":%s,
                 "channel":"%s","target":"%s"}""".formatted(channel.toLowerCase(), team, json(List.of(alertTypes)),
                channel, target)).post("/api/v1/notification-subscriptions").then().statusCode(201).extract().asString());
    }

    static String json(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").toList().toString();
    }

    /** An SMB account of the team whose renewal is a month away, scored once (HEALTHY or WATCH: nothing is wrong yet). */
    static String account(String team, String name, long arr, String currency) {
        String account = crm().body("""
                {"name":"%s","tier":"SMB","ownerId":"ae-7","teamId":"%s","arr":{"amount":%d,"currency":"%s"},
                 "renewalDate":"%s"}""".formatted(name, team, arr, currency, LocalDate.now().plusDays(30)))
                .post("/api/v1/accounts").then().statusCode(201).extract().path("accountId");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> healthReader()
                .get("/api/v1/health/accounts/" + account).then().statusCode(200));
        return account;
    }

    /** An F a month before renewal: "anything lower than a B is really an F", a critical signal: AT_RISK. */
    static void goesAtRisk(String account) {
        crm().body("{\"grade\":\"F\",\"question\":\"Will you renew?\"}").post("/api/v1/accounts/" + account + "/feedback")
                .then().statusCode(201);
        awaitStatus(account, "AT_RISK");
    }

    /** Renewed for two years, an A for the same question and a meeting today: HEALTHY again. */
    static void recovers(String account) {
        crm().body("{\"newArr\":{\"amount\":120000,\"currency\":\"EUR\"},\"nextRenewalDate\":\"%s\"}"
                .formatted(LocalDate.now().plusYears(2))).post("/api/v1/accounts/" + account + "/renewals")
                .then().statusCode(200);
        crm().body("{\"grade\":\"A\",\"question\":\"Will you renew?\"}").post("/api/v1/accounts/" + account + "/feedback")
                .then().statusCode(201);
        crm().body("{\"type\":\"MEETING\",\"occurredAt\":\"%s\",\"contactIds\":[],\"summary\":\"Renewal signed\"}"
                .formatted(java.time.Instant.now()))
                .post("/api/v1/accounts/" + account + "/interactions").then().statusCode(201);
        awaitStatus(account, "HEALTHY");
    }

    static void awaitStatus(String account, String status) {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> healthReader()
                .get("/api/v1/health/accounts/" + account).then().statusCode(200).body("status", equalTo(status)));
    }

    /** The deliveries of the account's alerts of one type, as the API shows them. */
    static List<java.util.Map<String, Object>> deliveries(String alertId) {
        return console().get("/api/v1/notification-deliveries?size=200&alertId=" + alertId).then().statusCode(200)
                .extract().path("items");
    }

    /** The id of the account's latest alert of a type (read with a token of the account's team: few alerts). */
    static String alertId(String team, String account, String alertType) {
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> ids = TestTokens.asTeam(team, "bi-dashboard", Roles.HEALTH_READ)
                    .get("/api/v1/alerts?size=200&since=" + LocalDate.now().minusDays(1))
                    .then().statusCode(200).extract()
                    .path("items.findAll { it.accountId == '%s' && it.alertType == '%s' }.alertId"
                            .formatted(account, alertType));
            org.assertj.core.api.Assertions.assertThat(ids).isNotEmpty();
            id[0] = ids.getLast();
        });
        return id[0];
    }
}
