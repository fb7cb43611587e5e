package com.accounthealth.account;

import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.webapi.security.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.accounthealth.account.AccountApiTest.api;
import static com.accounthealth.account.AccountApiTest.openAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** A feeding system finds and makes accounts by its own ids: create-or-get, look-up, links, search. */
@QuarkusTest
class ExternalReferencesTest {

    private static String profile(String name, String team) {
        return """
                {"name":"%s","tier":"ENTERPRISE","ownerId":"ae-7","teamId":"%s","arr":{"amount":90000,"currency":"EUR"}}"""
                .formatted(name, team);
    }

    @Test
    void createOrGetOpensOnceAndThenAnswersTheSameAccount() {
        String crmId = "0015g" + UUID.randomUUID();
        String first = api().body(profile("Initrode", "emea-north")).put("/api/v1/accounts/by-reference/salesforce/" + crmId)
                .then().statusCode(201).body("externalReferences[0].system", equalTo("salesforce"))
                .body("externalReferences[0].externalId", equalTo(crmId)).extract().path("accountId");
        api().body(profile("Initrode renamed", "emea-north")).put("/api/v1/accounts/by-reference/salesforce/" + crmId)
                .then().statusCode(200).body("accountId", equalTo(first)).body("profile.name", equalTo("Initrode"));

        api().get("/api/v1/accounts/by-reference/salesforce/" + crmId).then().statusCode(200)
                .body("accountId", equalTo(first));
        api().get("/api/v1/accounts/by-reference/hubspot/" + crmId).then().statusCode(404);
        api().get("/api/v1/accounts?reference=salesforce:" + crmId).then().statusCode(200)
                .body("items.accountId", equalTo(List.of(first))).body("total", equalTo(1));
        api().get("/api/v1/accounts?reference=salesforce:nothing-" + crmId).then().statusCode(200)
                .body("total", equalTo(0));
    }

    /** Ten syncs racing to create the same CRM account: one account, and every caller gets it. */
    @Test
    void racingCreateOrGetMakesOneAccount() throws Exception {
        String crmId = "race-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(pool.submit(() -> api().body(profile("Racing", "emea-north"))
                        .put("/api/v1/accounts/by-reference/billing/" + crmId).then()
                        .statusCode(org.hamcrest.Matchers.oneOf(200, 201)).extract().<String>path("accountId")));
            }
            Set<String> ids = new HashSet<>();
            for (Future<String> answer : answers) {
                ids.add(answer.get());
            }
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        api().get("/api/v1/accounts?reference=billing:" + crmId).then().body("total", equalTo(1));
    }

    @Test
    void aReferenceNamesOneAccountOnly() {
        String account = openAccount();
        String other = openAccount();
        String id = "cus_" + UUID.randomUUID();
        api().body("{\"system\":\"billing\",\"externalId\":\"%s\"}".formatted(id))
                .post("/api/v1/accounts/" + account + "/external-references").then().statusCode(201);
        api().body("{\"system\":\"billing\",\"externalId\":\"%s\"}".formatted(id))
                .post("/api/v1/accounts/" + account + "/external-references").then().statusCode(200);
        api().body("{\"system\":\"billing\",\"externalId\":\"%s\"}".formatted(id))
                .post("/api/v1/accounts/" + other + "/external-references").then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString(account));
        // A caller of another team learns only that the reference is taken, not by which account.
        TestTokens.asTeam("apac", "apac-sync", Roles.ACCOUNTS_WRITE, Roles.ACCOUNTS_READ).contentType(ContentType.JSON)
                .body(profile("Elsewhere", "apac")).put("/api/v1/accounts/by-reference/billing/" + id)
                .then().statusCode(409).body("detail", not(org.hamcrest.Matchers.containsString(account)));
        TestTokens.asTeam("apac", "apac-sync", Roles.ACCOUNTS_READ)
                .get("/api/v1/accounts/by-reference/billing/" + id).then().statusCode(404);
    }

    @Test
    void accountsAreFoundByPartOfTheirNameInAnyCase() {
        String unique = "Zx" + UUID.randomUUID().toString().substring(0, 6);
        String account = api().body(profile("Globex " + unique + " GmbH", "emea-north")).post("/api/v1/accounts")
                .then().statusCode(201).extract().path("accountId");
        api().get("/api/v1/accounts?name=" + unique.toLowerCase()).then().statusCode(200)
                .body("items.accountId", equalTo(List.of(account)));
        api().get("/api/v1/accounts?name=" + unique + "%25").then().statusCode(200).body("total", equalTo(0));
        api().get("/api/v1/accounts?name=x").then().statusCode(400).body("errors[0].field", equalTo("name"));
    }

    @Test
    void aCallerAsksWhichOfSomeAccountsItMaySeeInOneListRequest() {
        String mine = api().body(profile("Mine", "emea-north")).post("/api/v1/accounts").then().statusCode(201)
                .extract().path("accountId");
        String theirs = api().body(profile("Theirs", "apac")).post("/api/v1/accounts").then().statusCode(201)
                .extract().path("accountId");
        String none = UUID.randomUUID().toString();
        RequestSpecification emea = TestTokens.asTeam("emea-north", "deal-desk", Roles.ACCOUNTS_READ);

        emea.get("/api/v1/accounts?id=" + mine + "&id=" + theirs + "&id=" + none).then().statusCode(200)
                .body("items.accountId", equalTo(List.of(mine))).body("total", equalTo(1));
        api().get("/api/v1/accounts?id=" + mine + "&id=" + theirs + "&id=" + none).then().statusCode(200)
                .body("total", equalTo(2));
        api().get("/api/v1/accounts?id=" + mine + "&reference=salesforce:nothing-" + none).then().statusCode(200)
                .body("total", equalTo(0));
        api().get("/api/v1/accounts?id=nope").then().statusCode(400).body("errors[0].field", equalTo("id"));
        String tooMany = String.join("&", java.util.Collections.nCopies(51, "id=" + none));
        api().get("/api/v1/accounts?" + tooMany).then().statusCode(400).body("errors[0].field", equalTo("id"));
    }

    @Test
    void badReferencesAreRefusedWithTheFieldNamed() {
        RequestSpecification crm = api();
        crm.body(profile("Bad", "emea-north")).put("/api/v1/accounts/by-reference/Sales%20Force/1").then()
                .statusCode(400).body("errors[0].field", equalTo("system"));
        api().get("/api/v1/accounts?reference=no-colon").then().statusCode(400)
                .body("errors[0].field", equalTo("reference"));
        api().body(profile("Bad", "emea-north").replaceFirst("\\{", "{\"accountId\":\"" + UUID.randomUUID() + "\","))
                .put("/api/v1/accounts/by-reference/crm/x").then().statusCode(400)
                .body("errors[0].field", equalTo("accountId"));
        api().get("/api/v1/accounts?name=Globex").then().statusCode(200)
                .body("items.name", not(hasItem("Bad")));
    }

    @Test
    void aContactIsCreatedOrGotByItsCrmIdAndFoundByItWithItsAccount() {
        String account = openAccount();
        String crmContact = "003" + UUID.randomUUID();
        String body = "{\"name\":\"Ada Byron\",\"title\":\"CFO\",\"role\":\"CHAMPION\"}";
        String contactId = api().body(body).put("/api/v1/accounts/" + account + "/contacts/by-reference/salesforce/"
                + crmContact).then().statusCode(201).extract().path("createdId");
        api().body(body).put("/api/v1/accounts/" + account + "/contacts/by-reference/salesforce/" + crmContact)
                .then().statusCode(200).body("createdId", equalTo(contactId));

        api().get("/api/v1/accounts/" + account).then().body("contacts.id", equalTo(List.of(contactId)));
        api().get("/api/v1/contacts/by-reference/salesforce/" + crmContact).then().statusCode(200)
                .body("accountId", equalTo(account)).body("contactId", equalTo(contactId));
        api().get("/api/v1/contacts/by-reference/hubspot/" + crmContact).then().statusCode(404);
        List<String> types = api().get("/api/v1/accounts/" + account + "/events").then().extract().path("type");
        assertThat(types).containsExactly("AccountOpened", "ContactAdded", "ExternalReferenceLinked");
        api().get("/api/v1/accounts/" + account + "/events").then()
                .body("find { it.type == 'ExternalReferenceLinked' }.data.contactId", equalTo(contactId));

        // The same CRM contact on another account is refused; another team's token does not find it.
        api().body(body).put("/api/v1/accounts/" + openAccount() + "/contacts/by-reference/salesforce/" + crmContact)
                .then().statusCode(409);
        TestTokens.asTeam("apac", "apac-sync", Roles.ACCOUNTS_READ).get("/api/v1/contacts/by-reference/salesforce/"
                + crmContact).then().statusCode(404);
    }
}
