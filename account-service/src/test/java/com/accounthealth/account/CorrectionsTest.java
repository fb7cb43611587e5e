package com.accounthealth.account;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static com.accounthealth.account.AccountApiTest.api;
import static com.accounthealth.account.AccountApiTest.openAccount;
import static com.accounthealth.account.AccountApiTest.post;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** A fact recorded by mistake is retracted with a reason: it stops counting, and the stream keeps both. */
@QuarkusTest
class CorrectionsTest {

    @Test
    void aRetractedSightingIsGoneFromTheAccountAndTheStreamKeepsBoth() {
        String account = openAccount();
        String sightingEvent = post(account, "/competitor-sightings", """
                {"competitor":"Initech","capabilities":["sso"]}""").then().statusCode(201).extract().path("eventId");
        api().get("/api/v1/accounts/" + account).then().body("competitorSightings", hasSize(1));

        post(account, "/facts/" + sightingEvent + "/retraction", "{\"reason\":\"Recorded on the wrong account\"}")
                .then().statusCode(200).body("eventType", equalTo("FactRetracted"));

        api().get("/api/v1/accounts/" + account).then().body("competitorSightings", empty());
        List<String> types = api().get("/api/v1/accounts/" + account + "/events").then().extract().path("type");
        org.assertj.core.api.Assertions.assertThat(types).containsSubsequence("CompetitorSighted", "FactRetracted");
        api().get("/api/v1/accounts/" + account + "/events").then()
                .body("find { it.type == 'FactRetracted' }.data.retractedEventId", equalTo(sightingEvent))
                .body("find { it.type == 'FactRetracted' }.data.factType", equalTo("CompetitorSighted"))
                .body("find { it.type == 'FactRetracted' }.data.reason", equalTo("Recorded on the wrong account"));

        post(account, "/facts/" + sightingEvent + "/retraction", "{\"reason\":\"again\"}").then().statusCode(409)
                .body("errors[0].field", equalTo("eventId"));
    }

    @Test
    void onlyFactsOfTheAccountCanBeRetractedAndOnlyWithAReason() {
        String account = openAccount();
        String opened = api().get("/api/v1/accounts/" + account + "/events").then().extract().path("[0].eventId");
        String feedback = post(account, "/feedback", "{\"grade\":\"F\",\"question\":\"Renew?\"}").then().statusCode(201)
                .extract().path("eventId");

        post(account, "/facts/" + opened + "/retraction", "{\"reason\":\"no\"}").then().statusCode(409);
        post(account, "/facts/" + UUID.randomUUID() + "/retraction", "{\"reason\":\"no\"}").then().statusCode(404);
        post(openAccount(), "/facts/" + feedback + "/retraction", "{\"reason\":\"other account\"}").then()
                .statusCode(404);
        post(account, "/facts/" + feedback + "/retraction", "{}").then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        post(account, "/facts/" + feedback + "/retraction", "{\"reason\":\"Wrong survey\"}").then().statusCode(200);
        api().get("/api/v1/accounts/" + account).then().body("feedback", empty());
    }

    @Test
    void anAmendmentRetractsTheFactAndRecordsTheRightOneInOneStep() {
        String account = openAccount();
        String wrong = post(account, "/feedback", """
                {"grade":"F","question":"Renew?","occurredAt":"2026-06-01T10:00:00Z"}""").then().statusCode(201)
                .extract().path("eventId");

        post(account, "/facts/" + wrong + "/amendment", """
                {"reason":"Grade typed as F","replacement":{"grade":"Q","question":"Renew?"}}""").then().statusCode(400)
                .body("errors[0].field", equalTo("grade"));
        org.assertj.core.api.Assertions.assertThat(AccountApiTest.streamLength(account)).isEqualTo(2);

        String feedbackId = post(account, "/facts/" + wrong + "/amendment", """
                {"reason":"Grade typed as F","replacement":{"grade":"B","question":"Renew?"}}""").then().statusCode(201)
                .body("eventType", equalTo("FeedbackReceived")).body("version", equalTo(4))
                .extract().path("createdId");

        api().get("/api/v1/accounts/" + account).then().body("feedback", hasSize(1))
                .body("feedback[0].id", equalTo(feedbackId)).body("feedback[0].grade", equalTo("B"))
                .body("feedback[0].givenAt", equalTo("2026-06-01T10:00:00Z"));
        List<String> types = api().get("/api/v1/accounts/" + account + "/events").then().extract().path("type");
        org.assertj.core.api.Assertions.assertThat(types)
                .containsExactly("AccountOpened", "FeedbackReceived", "FactRetracted", "FeedbackReceived");

        post(account, "/facts/" + wrong + "/amendment", """
                {"reason":"again","replacement":{"grade":"A","question":"Renew?"}}""").then().statusCode(409);
        String opened = api().get("/api/v1/accounts/" + account + "/events").then().extract().path("[0].eventId");
        post(account, "/facts/" + opened + "/amendment", """
                {"reason":"no","replacement":{}}""").then().statusCode(409).body("errors[0].field", equalTo("eventId"));
        org.assertj.core.api.Assertions.assertThat(AccountApiTest.streamLength(account)).isEqualTo(4);
    }
}
