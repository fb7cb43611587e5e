package com.accounthealth.account;

import com.accounthealth.testsupport.TestTokens;
import com.accounthealth.testsupport.TopicReader;
import com.accounthealth.webapi.security.Roles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** The account API end to end: REST in, event stream in PostgreSQL, CloudEvents out on the real broker. */
@QuarkusTest
class AccountApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static RequestSpecification api() {
        return TestTokens.as("crm-sync", Roles.ACCOUNTS_READ, Roles.ACCOUNTS_WRITE).contentType(ContentType.JSON);
    }

    static String openAccount() {
        return api().body("""
                {"name":"Globex","industry":"Manufacturing","tier":"STRATEGIC","ownerId":"ae-7","teamId":"emea-north",
                 "arr":{"amount":250000,"currency":"EUR"},"renewalDate":"2027-03-31","growthTargetPercent":15}""")
                .post("/api/v1/accounts").then().statusCode(201).header("ETag", "\"1\"")
                .extract().path("accountId");
    }

    static Response post(String accountId, String path, String body) {
        return api().body(body).post("/api/v1/accounts/" + accountId + path);
    }

    static int streamLength(String accountId) {
        return api().get("/api/v1/accounts/" + accountId + "/events").then().statusCode(200)
                .extract().jsonPath().getList("$").size();
    }

    @Test
    void everyAccountCommandIsStoredAndPublishedAsACloudEventOnItsTopic() throws Exception {
        try (TopicReader reader = new TopicReader(List.of("account-events", "feedback-events"))) {
            String id = openAccount();
            String team = post(id, "/teams", "{\"name\":\"Finance\"}").then().statusCode(201).extract().path("createdId");
            String champion = post(id, "/contacts", """
                    {"name":"Ada Lovelace","title":"CFO","clientTeamId":"%s","role":"CHAMPION"}""".formatted(team))
                    .then().statusCode(201).extract().path("createdId");
            post(id, "/interactions", """
                    {"type":"BUSINESS_REVIEW","occurredAt":"2026-09-01T10:00:00Z","contactIds":["%s"],"clientTeamId":"%s",
                     "summary":"QBR"}""".formatted(champion, team)).then().statusCode(201);
            post(id, "/client-events", """
                    {"type":"FUNDING_ROUND","occurredAt":"2026-08-15T00:00:00Z","description":"Series C"}""")
                    .then().statusCode(201);
            post(id, "/competitor-sightings", """
                    {"competitor":"Initech","clientTeamId":"%s","capabilities":["forecasting"]}""".formatted(team))
                    .then().statusCode(201);
            String issue = post(id, "/support-issues", "{\"severity\":\"HIGH\",\"title\":\"SSO outage\"}")
                    .then().statusCode(201).extract().path("createdId");
            post(id, "/support-issues/" + issue + "/resolution", "{}").then().statusCode(200);
            post(id, "/feedback", """
                    {"grade":"B-","question":"How likely are you to renew?","comment":"Price","contactId":"%s"}"""
                    .formatted(champion)).then().statusCode(201);
            post(id, "/contacts/" + champion + "/departure", "{}").then().statusCode(200);
            api().body("""
                    {"name":"Globex AG","industry":"Manufacturing","tier":"ENTERPRISE","ownerId":"ae-8","teamId":"emea-north",
                     "arr":{"amount":260000,"currency":"EUR"},"renewalDate":"2027-03-31","growthTargetPercent":10}""")
                    .header("If-Match", "\"10\"").put("/api/v1/accounts/" + id + "/profile")
                    .then().statusCode(200).header("ETag", "\"11\"");
            post(id, "/renewals", "{\"newArr\":{\"amount\":300000,\"currency\":\"EUR\"},\"nextRenewalDate\":\"2028-03-31\"}")
                    .then().statusCode(200);
            post(id, "/downgrades", "{\"newArr\":{\"amount\":250000,\"currency\":\"EUR\"},\"reason\":\"Fewer seats\"}")
                    .then().statusCode(200);
            post(id, "/renewal-loss", "{\"reason\":\"Budget cut\",\"competitor\":\"Initech\"}").then().statusCode(200)
                    .header("ETag", "\"14\"");

            List<String> expected = List.of("AccountOpened", "ClientTeamMapped", "ContactAdded", "InteractionRecorded",
                    "ClientEventRecorded", "CompetitorSighted", "SupportIssueOpened", "SupportIssueResolved",
                    "FeedbackReceived", "ContactDeparted", "ProfileUpdated", "AccountRenewed", "AccountDowngraded",
                    "RenewalLost");
            api().get("/api/v1/accounts/" + id + "/events").then().statusCode(200)
                    .body("type", equalTo(expected)).body("version", equalTo(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14)))
                    .body("actor", everyItem(equalTo("crm-sync")));

            List<ConsumerRecord<String, String>> records = reader.awaitRecords(r -> r.key().equals(id), expected.size(),
                    Duration.ofSeconds(30));
            List<String> accountTopicTypes = new ArrayList<>();
            for (ConsumerRecord<String, String> r : records) {
                JsonNode ce = JSON.readTree(r.value());
                assertThat(ce.get("specversion").asText()).isEqualTo("1.0");
                assertThat(ce.get("subject").asText()).isEqualTo(id);
                assertThat(ce.get("source").asText()).isEqualTo("/account-service");
                assertThat(UUID.fromString(ce.get("id").asText())).isNotNull();
                assertThat(ce.get("time").asText()).isNotBlank();
                assertThat(ce.get("data").isObject()).isTrue();
                String type = ce.get("type").asText();
                assertThat(type).startsWith("com.accounthealth.account.").endsWith(".v1");
                String eventType = type.substring("com.accounthealth.account.".length(), type.length() - 3);
                assertThat(r.topic()).isEqualTo(eventType.equals("FeedbackReceived") ? "feedback-events" : "account-events");
                if (r.topic().equals("account-events")) {
                    accountTopicTypes.add(eventType);
                } else {
                    assertThat(ce.at("/data/grade").asText()).isEqualTo("B-");
                }
            }
            assertThat(accountTopicTypes).containsExactlyElementsOf(
                    expected.stream().filter(t -> !t.equals("FeedbackReceived")).toList());

            // Ended by the lost renewal: reading still works, changing does not.
            api().get("/api/v1/accounts/" + id).then().statusCode(200).body("status", equalTo("CHURNED"))
                    .body("profile.arr.amount", equalTo(250000)).body("contacts[0].departedAt", notNullValue());
            post(id, "/feedback", "{\"grade\":\"A\",\"question\":\"q\"}").then().statusCode(409)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void twentyConcurrentConditionalWritersOnOneAccountGetExactlyOneWinnerPerVersion() throws Exception {
        String id = openAccount();
        List<Integer> codes = atOnce(20, n -> api().header("If-Match", "\"1\"")
                .body("{\"severity\":\"LOW\",\"title\":\"writer " + n + "\"}")
                .post("/api/v1/accounts/" + id + "/support-issues").statusCode());
        assertThat(codes).containsOnly(201, 409);
        assertThat(codes).filteredOn(c -> c == 201).hasSize(1);

        List<Integer> versions = api().get("/api/v1/accounts/" + id + "/events").then().extract().path("version");
        assertThat(versions).containsExactly(1, 2);
        api().get("/api/v1/accounts/" + id).then().body("supportIssues.size()", equalTo(1));

        // A loser learns the current version from its problem document.
        api().header("If-Match", "\"1\"").body("{\"severity\":\"LOW\",\"title\":\"late\"}")
                .post("/api/v1/accounts/" + id + "/support-issues")
                .then().statusCode(409).contentType("application/problem+json").body("currentVersion", equalTo(2));
    }

    @Test
    void concurrentUnconditionalWritersOnOneAccountAreAllApplied() throws Exception {
        // Without If-Match a command is not conditional: one that lost the race for a version is decided again.
        String id = openAccount();
        int writers = 6;
        List<Integer> codes = atOnce(writers, n -> api().body("{\"severity\":\"LOW\",\"title\":\"writer " + n + "\"}")
                .post("/api/v1/accounts/" + id + "/support-issues").statusCode());
        assertThat(codes).containsOnly(201);
        List<Integer> versions = api().get("/api/v1/accounts/" + id + "/events").then().extract().path("version");
        assertThat(versions).containsExactly(1, 2, 3, 4, 5, 6, 7);
        api().get("/api/v1/accounts/" + id).then().body("supportIssues.size()", equalTo(writers));
    }

    @Test
    void twelveCallersWritingWithoutIfMatchToOneAccountAreNeverRefused() throws Exception {
        // The load of issue 19 (12 callers on one account: 159 of 555 writes answered 409 after 8 attempts): commands
        // on one stream now wait for each other instead of racing, so none is refused and each is stored once.
        String id = openAccount();
        int callers = 12;
        int writesEach = 20;
        List<Integer> codes = atOnce(callers, n -> {
            int refused = 0;
            for (int w = 0; w < writesEach; w++) {
                int status = TestTokens.as("crm-sync-" + n, Roles.ACCOUNTS_WRITE).contentType(ContentType.JSON).body("{\"grade\":\"B\",\"question\":\"caller " + n + " write " + w + "\"}")
                        .post("/api/v1/accounts/" + id + "/feedback").statusCode();
                if (status != 201) {
                    refused++;
                }
            }
            return refused;
        });
        assertThat(codes).as("writes not answered 201, per caller").containsOnly(0);
        List<Integer> versions = api().get("/api/v1/accounts/" + id + "/events").then().extract().path("version");
        assertThat(versions).hasSize(callers * writesEach + 1).doesNotHaveDuplicates();
        assertThat(versions.getLast()).isEqualTo(callers * writesEach + 1);
    }

    /** The status codes of {@code writers} requests released at the same moment, the n-th made by {@code request}. */
    private static List<Integer> atOnce(int writers, IntFunction<Integer> request) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int n = i;
            statuses.add(pool.submit(() -> {
                start.await();
                return request.apply(n);
            }));
        }
        start.countDown();
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : statuses) {
            codes.add(f.get());
        }
        pool.shutdown();
        return codes;
    }

    @Test
    void aRetriedPostWithTheSameIdempotencyKeyAppendsNothingAndAnswersTheSame() {
        String id = openAccount();
        String key = UUID.randomUUID().toString();
        String body = "{\"grade\":\"A+\",\"question\":\"Overall satisfaction\"}";
        Response first = api().header("Idempotency-Key", key).body(body).post("/api/v1/accounts/" + id + "/feedback");
        first.then().statusCode(201);
        Response retry = api().header("Idempotency-Key", key).body(body).post("/api/v1/accounts/" + id + "/feedback");
        retry.then().statusCode(201).header("Idempotent-Replayed", "true").header("ETag", first.header("ETag"));
        assertThat(retry.jsonPath().getMap("$")).isEqualTo(first.jsonPath().getMap("$"));
        assertThat(streamLength(id)).isEqualTo(2);

        // The same key for a different request is a client bug: refused, nothing appended.
        api().header("Idempotency-Key", key).body("{\"grade\":\"F\",\"question\":\"Overall satisfaction\"}")
                .post("/api/v1/accounts/" + id + "/feedback").then().statusCode(422)
                .contentType("application/problem+json").body("errors[0].field", equalTo("Idempotency-Key"));
        assertThat(streamLength(id)).isEqualTo(2);
    }

    @Test
    void anIdempotencyKeyIsTheCallersOwnAndNeverReplaysAnotherCallersAnswer() {
        String id = openAccount();
        String key = UUID.randomUUID().toString();
        String body = "{\"grade\":\"B\",\"question\":\"Overall satisfaction\"}";
        Response first = api().header("Idempotency-Key", key).body(body).post("/api/v1/accounts/" + id + "/feedback");
        first.then().statusCode(201);

        RequestSpecification otherSystem = TestTokens.as("survey-tool", Roles.ACCOUNTS_READ, Roles.ACCOUNTS_WRITE)
                .contentType(ContentType.JSON);
        Response other = otherSystem.header("Idempotency-Key", key).body(body)
                .post("/api/v1/accounts/" + id + "/feedback");
        other.then().statusCode(201).header("Idempotent-Replayed", (String) null);
        assertThat(other.jsonPath().getString("createdId")).isNotEqualTo(first.jsonPath().getString("createdId"));
        // The same subject limited to a team is another caller too: its answers are not the unlimited token's.
        TestTokens.asTeam("emea-north", "crm-sync", Roles.ACCOUNTS_READ, Roles.ACCOUNTS_WRITE).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body).post("/api/v1/accounts/" + id + "/feedback")
                .then().statusCode(201).header("Idempotent-Replayed", (String) null);
        assertThat(streamLength(id)).as("each caller's feedback stored once").isEqualTo(4);
        api().header("Idempotency-Key", key).body(body).post("/api/v1/accounts/" + id + "/feedback")
                .then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("createdId", equalTo(first.jsonPath().getString("createdId")));
        assertThat(streamLength(id)).isEqualTo(4);
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndAppendsNothing() {
        String id = openAccount();
        String contact = post(id, "/contacts", "{\"name\":\"Bob\",\"role\":\"USER\"}").then().statusCode(201)
                .extract().path("createdId");
        int before = streamLength(id);
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        // path → {body, expected status, field}
        cases.put("unknown enum", new String[] {"/contacts", "{\"name\":\"X\",\"role\":\"BOSS\"}", "400", "role"});
        cases.put("grade Z", new String[] {"/feedback", "{\"grade\":\"Z\",\"question\":\"q\"}", "400", "grade"});
        cases.put("negative ARR", new String[] {"/renewals", "{\"newArr\":{\"amount\":-1,\"currency\":\"EUR\"}}", "400", "newArr.amount"});
        cases.put("unknown currency", new String[] {"/renewals", "{\"newArr\":{\"amount\":1,\"currency\":\"XYZ\"}}", "400", "newArr.currency"});
        cases.put("malformed UUID", new String[] {"/interactions", "{\"type\":\"CALL\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"contactIds\":[\"not-a-uuid\"]}", "400", "contactIds[0]"});
        cases.put("missing field", new String[] {"/support-issues", "{\"title\":\"No severity\"}", "400", "severity"});
        cases.put("unknown property", new String[] {"/feedback", "{\"grade\":\"A\",\"question\":\"q\",\"mood\":\"happy\"}", "400", "mood"});
        cases.put("unknown contact", new String[] {"/interactions", "{\"type\":\"CALL\",\"occurredAt\":\"2026-01-01T00:00:00Z\",\"contactIds\":[\"%s\",\"%s\"]}".formatted(contact, UUID.randomUUID()), "400", "contactIds[1]"});
        cases.put("unknown issue", new String[] {"/support-issues/" + UUID.randomUUID() + "/resolution", "{}", "409", "issueId"});
        cases.put("future time", new String[] {"/client-events", "{\"type\":\"LAYOFFS\",\"occurredAt\":\"2999-01-01T00:00:00Z\"}", "400", "occurredAt"});
        cases.put("malformed JSON", new String[] {"/feedback", "{\"grade\":", "400", "body"});
        cases.put("downgrade not lower", new String[] {"/downgrades", "{\"newArr\":{\"amount\":99000000,\"currency\":\"EUR\"},\"reason\":\"r\"}", "400", "newArr"});
        cases.put("renewal loss without reason", new String[] {"/renewal-loss", "{\"competitor\":\"Initech\"}", "400", "reason"});
        cases.forEach((name, c) -> {
            try {
                post(id, c[0], c[1]).then().statusCode(Integer.parseInt(c[2])).contentType("application/problem+json")
                        .body("status", equalTo(Integer.parseInt(c[2])))
                        .body("errors.field", hasItem(c[3]));
            } catch (AssertionError e) {
                throw new AssertionError("case '" + name + "': " + e.getMessage(), e);
            }
        });

        post("not-a-uuid", "/feedback", "{\"grade\":\"A\",\"question\":\"q\"}").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("accountId"));
        post(UUID.randomUUID().toString(), "/feedback", "{\"grade\":\"A\",\"question\":\"q\"}").then().statusCode(404)
                .contentType("application/problem+json");
        post(id, "/feedback", "{\"grade\":\"A\",\"question\":\"" + "x".repeat(300_000) + "\"}").then().statusCode(413)
                .contentType("application/problem+json");
        api().header("If-Match", "banana").body("{\"reason\":\"r\"}").post("/api/v1/accounts/" + id + "/churn")
                .then().statusCode(400).body("errors[0].field", equalTo("If-Match"));
        api().get("/api/v1/accounts?size=1000").then().statusCode(400).body("errors[0].field", equalTo("size"));

        assertThat(streamLength(id)).as("nothing appended by a refused command").isEqualTo(before);
    }

    @Test
    void valuesNoPartOfTheSystemCanCarryAreRefusedNamingTheFieldAndStoreNothing() {
        String owner = "ae-" + UUID.randomUUID();
        String open = """
                {"name":%s,"tier":"SMB","ownerId":"%s","teamId":"apac","arr":{"amount":%s,"currency":"%s"}%s}""";
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        // case → {name as JSON, amount, currency, more properties, field named}
        cases.put("ARR beyond 15 integer digits", new String[] {"\"A\"", "12345678901234567890.123", "EUR", "", "arr.amount"});
        cases.put("ARR 1e400", new String[] {"\"A\"", "1e400", "EUR", "", "arr.amount"});
        cases.put("cents of yen", new String[] {"\"A\"", "0.001", "JPY", "", "arr.amount"});
        cases.put("more decimals than EUR has", new String[] {"\"A\"", "10.001", "EUR", "", "arr.amount"});
        cases.put("no currency", new String[] {"\"A\"", "10", "XXX", "", "arr.currency"});
        cases.put("testing currency", new String[] {"\"A\"", "10", "XTS", "", "arr.currency"});
        cases.put("year 0", new String[] {"\"A\"", "10", "EUR", ",\"occurredAt\":\"0000-01-01T00:00:00Z\"", "occurredAt"});
        cases.put("before 1900", new String[] {"\"A\"", "10", "EUR", ",\"occurredAt\":\"1899-12-31T23:59:59Z\"", "occurredAt"});
        cases.put("renewal in year 0", new String[] {"\"A\"", "10", "EUR", ",\"renewalDate\":\"0000-03-31\"", "renewalDate"});
        cases.put("renewal after 9999", new String[] {"\"A\"", "10", "EUR", ",\"renewalDate\":\"+10000-03-31\"", "renewalDate"});
        cases.put("NUL", new String[] {"\"Glo\\u0000bex\"", "10", "EUR", "", "name"});
        cases.put("lone surrogate", new String[] {"\"Glo\\ud800bex\"", "10", "EUR", "", "name"});
        cases.put("CR LF in a name", new String[] {"\"Globex\\r\\nBcc: x@example.com\"", "10", "EUR", "", "name"});
        cases.put("a property twice", new String[] {"\"A\"", "10", "EUR", ",\"tier\":\"STRATEGIC\"", "tier"});
        cases.forEach((name, c) -> {
            try {
                api().body(open.formatted(c[0], owner, c[1], c[2], c[3])).post("/api/v1/accounts").then()
                        .statusCode(400).contentType("application/problem+json").body("errors.field", hasItem(c[4]));
            } catch (AssertionError e) {
                throw new AssertionError("case '" + name + "': " + e.getMessage(), e);
            }
        });
        api().get("/api/v1/accounts?ownerId=" + owner).then().statusCode(200).body("total", equalTo(0));
        // The largest amounts and the earliest times within the bounds are taken.
        api().body(open.formatted("\"Max\"", owner, "999999999999999.99", "EUR", ",\"occurredAt\":\"1900-01-01T00:00:00Z\""))
                .post("/api/v1/accounts").then().statusCode(201);
        api().body(open.formatted("\"Yen\"", owner, "1000.0", "JPY", "")).post("/api/v1/accounts").then().statusCode(201);

        String id = openAccount();
        int before = streamLength(id);
        api().header("Idempotency-Key", "").body("{\"reason\":\"r\"}").post("/api/v1/accounts/" + id + "/churn")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"));
        api().header("Idempotency-Key", "cl\u00e9-1").body("{\"reason\":\"r\"}").post("/api/v1/accounts/" + id + "/churn")
                .then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
        post(id, "/competitor-sightings", "{\"competitor\":\"Initech\",\"capabilities\":[\"" + "x".repeat(101) + "\"]}")
                .then().statusCode(400).body("errors.field", hasItem("capabilities[0]"));
        assertThat(streamLength(id)).as("nothing appended by a refused command").isEqualTo(before);
    }

    @Test
    void refusalsOutsideTheResourcesAreProblemDocumentsToo() throws Exception {
        String id = openAccount();
        api().delete("/api/v1/accounts/" + id).then().statusCode(405).contentType("application/problem+json")
                .body("status", equalTo(405)).header("Allow", org.hamcrest.Matchers.allOf(
                        org.hamcrest.Matchers.containsString("GET"), org.hamcrest.Matchers.not(
                                org.hamcrest.Matchers.containsString("DELETE"))));
        String feedback = "{\"grade\":\"A\",\"question\":\"" + "x".repeat(2_000_000) + "\"}";
        post(id, "/feedback", feedback).then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413));
        // Without a declared length (chunked), the same limit and the same answer.
        java.net.http.HttpResponse<String> chunked = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://localhost:" + io.restassured.RestAssured.port + "/api/v1/accounts/" + id + "/feedback"))
                        .header("Authorization", "Bearer " + TestTokens.token("crm-sync", Roles.ACCOUNTS_WRITE))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                                () -> new java.io.ByteArrayInputStream(feedback.getBytes()))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        api().get("/api/v1/accounts?page=99999999999").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("page"));
        api().get("/api/v1/accounts?page=2147483647&size=200").then().statusCode(400)
                .body("errors[0].field", equalTo("page"));
        api().get("/api/v1/accounts?size=lots").then().statusCode(400).body("errors[0].field", equalTo("size"));
        assertThat(streamLength(id)).isEqualTo(1);
    }

    @Test
    void theOpenApiDocumentPublishesTheBoundsOfNumbersAndDates() {
        io.restassured.path.json.JsonPath doc = given().accept("application/json").get("/q/openapi").then()
                .statusCode(200).extract().jsonPath();
        assertThat(doc.getMap("components.schemas.MoneyInput.properties.amount").toString()).containsIgnoringCase("maximum");
        // java.time types are shared schemas that the properties refer to.
        assertThat(doc.getString("components.schemas.Instant.pattern")).isEqualTo("^(19[0-9]{2}|[2-9][0-9]{3})-");
        assertThat(doc.getString("components.schemas.LocalDate.pattern")).isEqualTo("^(19[0-9]{2}|[2-9][0-9]{3})-");
        assertThat(doc.getString("components.schemas.OpenAccount.properties.occurredAt.description"))
                .as(doc.getMap("components.schemas.OpenAccount.properties.occurredAt").toString())
                .contains("5 minutes ahead");
    }

    @Test
    void listsAccountsByOwnerAndTeamAPageAtATime() {
        String owner = "ae-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            api().body("""
                    {"name":"Acme %d","tier":"SMB","ownerId":"%s","teamId":"apac","arr":{"amount":1000,"currency":"USD"}}"""
                    .formatted(i, owner)).post("/api/v1/accounts").then().statusCode(201);
        }
        api().get("/api/v1/accounts?ownerId=" + owner + "&size=2").then().statusCode(200)
                .body("total", equalTo(3)).body("items.size()", equalTo(2)).body("items[0].name", equalTo("Acme 0"));
        api().get("/api/v1/accounts?ownerId=" + owner + "&size=2&page=1").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].name", equalTo("Acme 2"));
    }

    @Test
    void theOpenApiDocumentCoversEveryAccountOperationWithExamples() {
        io.restassured.path.json.JsonPath doc = given().accept("application/json").get("/q/openapi").then()
                .statusCode(200).extract().jsonPath();
        Map<String, Object> paths = doc.getMap("paths");
        assertThat(paths).containsKeys("/api/v1/accounts", "/api/v1/accounts/{accountId}",
                "/api/v1/accounts/{accountId}/profile", "/api/v1/accounts/{accountId}/teams",
                "/api/v1/accounts/{accountId}/contacts", "/api/v1/accounts/{accountId}/contacts/{contactId}/departure",
                "/api/v1/accounts/{accountId}/interactions", "/api/v1/accounts/{accountId}/client-events",
                "/api/v1/accounts/{accountId}/competitor-sightings", "/api/v1/accounts/{accountId}/support-issues",
                "/api/v1/accounts/{accountId}/support-issues/{issueId}/resolution",
                "/api/v1/accounts/{accountId}/feedback", "/api/v1/accounts/{accountId}/renewals",
                "/api/v1/accounts/{accountId}/churn", "/api/v1/accounts/{accountId}/events");
        assertThat(doc.getString("components.schemas.RecordFeedback.properties.grade.examples[0]")).isEqualTo("B-");
        assertThat(doc.getList("components.schemas.RecordFeedback.properties.grade.enum")).contains("A+", "F");
        assertThat(doc.getString("components.schemas.OpenAccount.properties.tier.examples[0]")).isEqualTo("STRATEGIC");
    }

    @Test
    void relayLagIsAMetricAndReadinessDetail() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Outbox relay' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Outbox relay' }.data.pending", notNullValue())
                .body("checks.find { it.name == 'Outbox relay' }.data.oldestAgeSeconds", notNullValue());
        given().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("outbox_relay_pending"))
                .body(org.hamcrest.Matchers.containsString("outbox_relay_oldest_age_seconds"));
    }
}
