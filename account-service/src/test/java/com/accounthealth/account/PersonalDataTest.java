package com.accounthealth.account;

import com.accounthealth.personaldata.PersonalData;
import com.accounthealth.personaldata.PersonalDataConfig;
import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.testsupport.TopicReader;
import com.accounthealth.webapi.security.Roles;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static com.accounthealth.account.AccountApiTest.openAccount;
import static com.accounthealth.account.AccountApiTest.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * Crypto-shredding over the real database and broker: a contact's name, title and the free text about them are stored
 * and published sealed, read in the clear only through the API, and unreadable everywhere once the person is erased.
 */
@QuarkusTest
class PersonalDataTest {

    @Inject
    AgroalDataSource database;
    @Inject
    PersonalData personalData;
    @Inject
    TransactionSynchronizationRegistry transactions;

    private static RequestSpecification privacyOffice(String... scopes) {
        return TestTokens.as("privacy-office", scopes).contentType(ContentType.JSON);
    }

    @Test
    void personalFieldsAreSealedAtRestAndOnTheTopicAndReadableThroughTheApi() throws SQLException {
        String marker = "Zq" + UUID.randomUUID().toString().substring(0, 8);
        String accountId = openAccount();
        String contactId = addContact(accountId, marker);

        assertThat(stored(accountId)).doesNotContain(marker).contains("pd1|contact:" + contactId);
        try (TopicReader topics = new TopicReader(List.of("account-events", "feedback-events"))) {
            assertThat(topics.awaitRecords(r -> accountId.equals(r.key()), 4, Duration.ofSeconds(30)))
                    .allSatisfy(r -> assertThat(r.value()).doesNotContain(marker));
        }

        AccountApiTest.api().get("/api/v1/accounts/" + accountId).then().statusCode(200)
                .body("contacts[0].name", equalTo("Ada " + marker))
                .body("contacts[0].title", equalTo("CFO " + marker))
                .body("interactions[0].summary", equalTo("Lunch with " + marker))
                .body("feedback[0].comment", equalTo("Too slow, says " + marker));
        assertThat(AccountApiTest.api().get("/api/v1/accounts/" + accountId + "/events").asString())
                .contains("Ada " + marker).doesNotContain("pd1|");
        privacyOffice(Roles.PERSONAL_DATA_READ)
                .get("/api/v1/accounts/" + accountId + "/contacts/" + contactId + "/personal-data")
                .then().statusCode(200)
                .body("name", equalTo("Ada " + marker))
                .body("facts.find { it.type == 'InteractionRecorded' }.data.summary", equalTo("Lunch with " + marker))
                .body("facts.find { it.type == 'FeedbackReceived' }.data.comment", equalTo("Too slow, says " + marker))
                .body("erasedAt", nullValue());
    }

    @Test
    void anErasedContactIsUnreadableEverywhereAndNothingMoreIsRecordedAboutThem() throws SQLException {
        String marker = "Zq" + UUID.randomUUID().toString().substring(0, 8);
        String accountId = openAccount();
        String contactId = addContact(accountId, marker);
        String before = stored(accountId);

        int version = privacyOffice(Roles.PERSONAL_DATA_ERASE)
                .post("/api/v1/accounts/" + accountId + "/contacts/" + contactId + "/erasure")
                .then().statusCode(200).body("contactId", equalTo(contactId)).extract().path("version");
        privacyOffice(Roles.PERSONAL_DATA_ERASE)
                .post("/api/v1/accounts/" + accountId + "/contacts/" + contactId + "/erasure")
                .then().statusCode(200).body("version", equalTo(version));

        // The events are as they were, one ContactErased more; what they sealed no longer opens.
        assertThat(stored(accountId)).startsWith(before).contains("\"contactId\": \"" + contactId + "\"}");
        AccountApiTest.api().get("/api/v1/accounts/" + accountId).then().statusCode(200)
                .body("contacts[0].name", nullValue())
                .body("contacts[0].title", nullValue())
                .body("contacts[0].role", equalTo("CHAMPION"))
                .body("interactions[0].summary", nullValue())
                .body("feedback[0].comment", nullValue())
                .body("feedback[0].grade", equalTo("D"));
        String events = AccountApiTest.api().get("/api/v1/accounts/" + accountId + "/events").asString();
        assertThat(events).doesNotContain(marker).contains("ContactErased");
        privacyOffice(Roles.PERSONAL_DATA_READ)
                .get("/api/v1/accounts/" + accountId + "/contacts/" + contactId + "/personal-data")
                .then().statusCode(200).body("name", nullValue())
                .body("facts.find { it.type == 'FeedbackReceived' }.data.comment", nullValue());
        assertThat(keyRow(contactId)).isEqualTo("destroyed by erasure");

        post(accountId, "/feedback", """
                {"grade":"A","question":"Renew?","comment":"again","contactId":"%s"}""".formatted(contactId))
                .then().statusCode(409);
    }

    /** An access request answers what the stream holds: a retracted interaction too, marked. */
    @Test
    void anAccessRequestListsRetractedFactsToo() {
        String accountId = openAccount();
        String contactId = addContact(accountId, "Zq-retracted");
        String interaction = AccountApiTest.api().get("/api/v1/accounts/" + accountId + "/events").then()
                .extract().path("find { it.type == 'InteractionRecorded' }.eventId");
        post(accountId, "/facts/" + interaction + "/retraction", "{\"reason\":\"Wrong meeting\"}").then()
                .statusCode(200);

        privacyOffice(Roles.PERSONAL_DATA_READ)
                .get("/api/v1/accounts/" + accountId + "/contacts/" + contactId + "/personal-data")
                .then().statusCode(200)
                .body("facts.find { it.type == 'InteractionRecorded' }.retracted", equalTo(true))
                .body("facts.find { it.type == 'InteractionRecorded' }.data.summary",
                        equalTo("Lunch with Zq-retracted"))
                .body("facts.find { it.type == 'FeedbackReceived' }.retracted", equalTo(false));
    }

    /** No decryption oracle: only the personal fields of the account they were sealed for are ever opened. */
    @Test
    void aSealedValueCopiedIntoAnotherFieldOrAccountStaysSealed() throws SQLException {
        String victim = openAccount();
        addContact(victim, "Zq-copied");
        String sealedName;
        try (Connection c = database.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT payload->>'name' FROM event_store WHERE stream_id = ? AND event_type = 'ContactAdded'")) {
            ps.setObject(1, UUID.fromString(victim));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                sealedName = rs.getString(1);
            }
        }
        String attacker = openAccount();
        for (String description : List.of(sealedName, "pd1|x|!!")) {
            post(attacker, "/client-events", """
                    {"type":"EXPANSION","occurredAt":"%s","description":"%s"}""".formatted(Instant.now(), description))
                    .then().statusCode(201);
        }

        String events = AccountApiTest.api().get("/api/v1/accounts/" + attacker + "/events").then().statusCode(200)
                .extract().asString();
        assertThat(events).contains(sealedName).doesNotContain("Ada Zq-copied");
        AccountApiTest.api().get("/api/v1/accounts/" + attacker).then().statusCode(200);
    }

    @Test
    void erasureAndAccessRequestsNeedTheirOwnScopes() {
        String accountId = openAccount();
        String contactId = addContact(accountId, "Zq-scope");

        AccountApiTest.api().post("/api/v1/accounts/" + accountId + "/contacts/" + contactId + "/erasure")
                .then().statusCode(403);
        AccountApiTest.api().get("/api/v1/accounts/" + accountId + "/contacts/" + contactId + "/personal-data")
                .then().statusCode(403);
        privacyOffice(Roles.PERSONAL_DATA_ERASE)
                .post("/api/v1/accounts/" + accountId + "/contacts/" + UUID.randomUUID() + "/erasure")
                .then().statusCode(404);
    }

    /** The test profile keeps free text 24 months: older text is never stored, and a month past it is shredded. */
    @Test
    void retentionShredsFreeTextOfMonthsPastItAndKeepsTheFacts() {
        String accountId = openAccount();
        String contactId = addContact(accountId, "Zq-retention");
        Instant longAgo = Instant.now().minus(900, ChronoUnit.DAYS);
        Instant nearlyTooOld = Instant.now().minus(700, ChronoUnit.DAYS);
        post(accountId, "/interactions", """
                {"type":"BUSINESS_REVIEW","occurredAt":"%s","contactIds":["%s"],"summary":"ancient"}"""
                .formatted(longAgo, contactId)).then().statusCode(201);
        post(accountId, "/interactions", """
                {"type":"CALL","occurredAt":"%s","contactIds":["%s"],"summary":"kept for now"}"""
                .formatted(nearlyTooOld, contactId)).then().statusCode(201);
        AccountApiTest.api().get("/api/v1/accounts/" + accountId).then()
                .body("interactions.find { it.type == 'BUSINESS_REVIEW' }.summary", nullValue())
                .body("interactions.find { it.type == 'CALL' }.summary", equalTo("kept for now"));

        int destroyed = QuarkusTransaction.requiringNew()
                .call(() -> personalData.applyFreeTextRetention(Instant.now().plus(62, ChronoUnit.DAYS)));

        assertThat(destroyed).isPositive();
        AccountApiTest.api().get("/api/v1/accounts/" + accountId).then()
                .body("interactions.find { it.type == 'CALL' }.summary", nullValue())
                .body("contacts[0].name", equalTo("Ada Zq-retention"));
    }

    @Test
    void rotatingTheMasterKeyRewrapsEveryKeyAndEverySealedValueStillOpens() {
        String oldKey = ConfigProvider.getConfig().getValue("personal-data.master-key", String.class);
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        String newKey = Base64.getEncoder().encodeToString(fresh);
        String sealed = QuarkusTransaction.requiringNew()
                .call(() -> personalData.seal("Grace", List.of(PersonalData.person(UUID.randomUUID())), "test/name"));
        try {
            int rewrapped = QuarkusTransaction.requiringNew()
                    .call(() -> keys("2", newKey, Map.of("1", oldKey)).rewrap());

            assertThat(rewrapped).isPositive();
            assertThat(keys("2", newKey, Map.of()).reveal(sealed, "test/name")).isEqualTo("Grace");
            assertThatThrownBy(() -> keys("1", oldKey, Map.of()).reveal(sealed, "test/name"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("no configured master key");
        } finally {
            // Back to the key the running service has, for the tests after this one.
            QuarkusTransaction.requiringNew().run(() -> keys("1", oldKey, Map.of("2", newKey)).rewrap());
        }
    }

    /** Another instance's view of the same key table, with master keys of its own. */
    private PersonalData keys(String id, String masterKey, Map<String, String> previous) {
        return new PersonalData(database, new PersonalDataConfig() {
            public String masterKey() {
                return masterKey;
            }

            public String masterKeyId() {
                return id;
            }

            public Map<String, String> previousMasterKeys() {
                return previous;
            }

            public boolean sealing() {
                return true;
            }

            public Duration keyCacheTtl() {
                return Duration.ofSeconds(30);
            }

            public Optional<Period> freeTextRetention() {
                return Optional.empty();
            }
        }, transactions);
    }

    private static String addContact(String accountId, String marker) {
        String contactId = post(accountId, "/contacts", """
                {"name":"Ada %1$s","title":"CFO %1$s","role":"CHAMPION"}""".formatted(marker))
                .then().statusCode(201).extract().path("createdId");
        post(accountId, "/interactions", """
                {"type":"MEETING","occurredAt":"%s","contactIds":["%s"],"summary":"Lunch with %s"}"""
                .formatted(Instant.now().minusSeconds(3600), contactId, marker)).then().statusCode(201);
        post(accountId, "/feedback", """
                {"grade":"D","question":"Renew?","comment":"Too slow, says %s","contactId":"%s"}"""
                .formatted(marker, contactId)).then().statusCode(201);
        return contactId;
    }

    /** The account's stream as PostgreSQL holds it. */
    private String stored(String accountId) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT string_agg(payload::text, '|' ORDER BY version) FROM event_store WHERE stream_id = ?")) {
            ps.setObject(1, UUID.fromString(accountId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private String keyRow(String contactId) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT CASE WHEN wrapped_key IS NULL THEN 'destroyed by ' || destroyed_because ELSE 'live' END
                     FROM personal_data_key WHERE subject = ?""")) {
            ps.setString(1, "contact:" + contactId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "missing";
            }
        }
    }
}
