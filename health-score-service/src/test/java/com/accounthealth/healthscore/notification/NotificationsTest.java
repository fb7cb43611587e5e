package com.accounthealth.healthscore.notification;

import com.accounthealth.healthscore.application.DeliveringNotifications;
import com.accounthealth.healthscore.domain.notification.Channel;
import com.accounthealth.healthscore.domain.notification.Message;
import com.accounthealth.healthscore.infrastructure.notification.NotificationChannels;
import com.accounthealth.healthscore.infrastructure.notification.ReceiverGuards;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.accounthealth.healthscore.notification.Leaders.account;
import static com.accounthealth.healthscore.notification.Leaders.alertId;
import static com.accounthealth.healthscore.notification.Leaders.console;
import static com.accounthealth.healthscore.notification.Leaders.deliveries;
import static com.accounthealth.healthscore.notification.Leaders.goesAtRisk;
import static com.accounthealth.healthscore.notification.Leaders.recovers;
import static com.accounthealth.healthscore.notification.Leaders.subscribe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerts reach sales leaders on every channel, once, through real servers: an HTTP receiver on loopback for webhooks
 * and Slack, GreenMail for e-mail.
 */
@QuarkusTest
class NotificationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DeliveringNotifications delivering;

    @Inject
    ReceiverGuards guards;

    @Test
    void anAccountGoingAtRiskNotifiesOnceOnEachChannelAndItsRecoveryOnceMore() throws Exception {
        String team = "team-" + UUID.randomUUID();
        try (Receiver webhook = new Receiver(0); Receiver slack = new Receiver(0)) {
            String secret = subscribe(team, "WEBHOOK", webhook.url("/hooks/health"), "ACCOUNT_AT_RISK",
                    "ACCOUNT_RECOVERED").getString("secret");
            subscribe(team, "SLACK", slack.url("/services/T000/B000/XXXX"), "ACCOUNT_AT_RISK", "ACCOUNT_RECOVERED");
            String mailbox = "leader-" + UUID.randomUUID() + "@example.com";
            subscribe(team, "EMAIL", mailbox, "ACCOUNT_AT_RISK", "ACCOUNT_RECOVERED");
            assertThat(secret).startsWith("whsec_");

            String account = account(team, "Globex Story", 250_000, "EUR");
            goesAtRisk(account);
            String atRisk = alertId(team, account, "ACCOUNT_AT_RISK");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(webhook.requests()).hasSize(1);
                assertThat(slack.requests()).hasSize(1);
                assertThat(mails(mailbox)).hasSize(1);
            });

            // The webhook: the alert as a CloudEvent, its signature verified with the documented algorithm only.
            Receiver.Request hook = webhook.requests().getFirst();
            assertThat(hook.header("Content-Type")).startsWith("application/cloudevents+json");
            long timestamp = Long.parseLong(hook.header("Webhook-Timestamp"));
            assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(300);
            assertThat(hook.header("Webhook-Signature")).isEqualTo("v1=" + hmacSha256Hex(secret, timestamp, hook.body()));
            assertThat(hook.header("Webhook-Signature")).isNotEqualTo("v1=" + hmacSha256Hex("whsec_other", timestamp,
                    hook.body()));
            JsonNode event = JSON.readTree(hook.body());
            assertThat(event.get("id").asText()).isEqualTo(atRisk);
            assertThat(event.get("type").asText()).isEqualTo("com.accounthealth.health.ACCOUNT_AT_RISK.v1");
            assertThat(event.at("/data/accountName").asText()).isEqualTo("Globex Story");
            assertThat(hook.header("Webhook-Id")).isNotBlank();

            // Slack: what a person reads at a glance.
            JsonNode message = JSON.readTree(slack.requests().getFirst().body());
            String text = message.at("/blocks/0/text/text").asText();
            assertThat(message.get("text").asText()).contains("Globex Story is at risk");
            assertThat(text).contains("Globex Story is at risk", "Status: AT_RISK", "Score: ", "Why: ",
                    "ARR at stake: 250,000 EUR", "/accounts/" + account);

            // E-mail: HTML and plain-text parts with the same content.
            MimeMessage mail = mails(mailbox).getFirst();
            assertThat(mail.getSubject()).contains("Globex Story is at risk");
            MimeMultipart parts = (MimeMultipart) mail.getContent();
            String all = content(parts);
            assertThat(all).contains("text/plain", "text/html", "ARR at stake: 250,000 EUR", "Why: ");

            // A receiver has the request a moment before the service records its answer.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(deliveries(atRisk)).hasSize(3).allSatisfy(d -> {
                        assertThat(d.get("status")).isEqualTo("DELIVERED");
                        assertThat(d.get("attempts")).isEqualTo(1);
                    }));

            recovers(account);
            String recovered = alertId(team, account, "ACCOUNT_RECOVERED");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(webhook.requests()).hasSize(2);
                assertThat(slack.requests()).hasSize(2);
                assertThat(mails(mailbox)).hasSize(2);
            });
            assertThat(JSON.readTree(webhook.requests().get(1).body()).get("id").asText()).isEqualTo(recovered);
            assertThat(JSON.readTree(slack.requests().get(1).body()).get("text").asText())
                    .contains("Globex Story has recovered");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(deliveries(recovered)).extracting(d -> d.get("status")).containsOnly("DELIVERED"));
            // Nothing more is due: a delivered alert is never sent again.
            delivering.deliverDue();
            assertThat(webhook.requests()).hasSize(2);
        }
    }

    @Test
    void aReceiverThatFailsThreeTimesGetsTheAlertOnceWithFourAttemptsRecorded() {
        String team = "team-" + UUID.randomUUID();
        try (Receiver flaky = new Receiver(3)) {
            subscribe(team, "WEBHOOK", flaky.url("/hooks/flaky"), "ACCOUNT_AT_RISK");
            String account = account(team, "Flaky Receiver Inc", 90_000, "USD");
            goesAtRisk(account);
            String alert = alertId(team, account, "ACCOUNT_AT_RISK");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(deliveries(alert)).singleElement().satisfies(d -> assertThat(d.get("status"))
                            .isEqualTo("DELIVERED")));
            Map<String, Object> delivery = deliveries(alert).getFirst();
            assertThat(delivery.get("attempts")).isEqualTo(4);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> attempts = (List<Map<String, Object>>) delivery.get("attemptLog");
            assertThat(attempts).extracting(a -> a.get("outcome"))
                    .containsExactly("HTTP 503", "HTTP 503", "HTTP 503", "HTTP 200");
            assertThat(attempts).extracting(a -> a.get("succeeded")).containsExactly(false, false, false, true);
            // Two failures in a row paused the receiver (6 s in tests) instead of retrying after the 0.2 s backoff.
            assertThat(Duration.between(Instant.parse((String) attempts.get(1).get("startedAt")),
                    Instant.parse((String) attempts.get(2).get("startedAt"))))
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(5));
            assertThat(flaky.requests()).hasSize(4);
            assertThat(flaky.accepted()).hasSize(1);
            // Every attempt carried the same delivery id, so a receiver can tell a retry from a new alert.
            assertThat(flaky.requests()).extracting(r -> r.header("Webhook-Id")).containsOnly(
                    (String) delivery.get("deliveryId"));

            delivering.deliverDue();
            assertThat(flaky.requests()).hasSize(4);
        }
    }

    @Test
    void aHangingReceiverHoldsUpNoOtherLeadersAlertsAndIsPausedOnceItKeepsFailing() {
        String slowTeam = "team-" + UUID.randomUUID();
        String team = "team-" + UUID.randomUUID();
        try (Receiver hanging = Receiver.hanging(); Receiver prompt = new Receiver(0)) {
            for (int i = 0; i < 3; i++) {
                subscribe(slowTeam, "WEBHOOK", hanging.url("/hooks/leader-" + i), "ACCOUNT_AT_RISK");
            }
            subscribe(team, "WEBHOOK", prompt.url("/hooks/leader"), "ACCOUNT_AT_RISK");
            String slowAccount = account(slowTeam, "Hanging Receiver Ltd", 80_000, "EUR");
            goesAtRisk(slowAccount);
            String slowAlert = alertId(slowTeam, slowAccount, "ACCOUNT_AT_RISK");
            // From here each send to the hanging receiver holds its sender for the delivery timeout (10 s).
            await().atMost(Duration.ofSeconds(30)).until(() -> !hanging.requests().isEmpty());

            String account = account(team, "Prompt Receiver GmbH", 60_000, "EUR");
            goesAtRisk(account);
            alertId(team, account, "ACCOUNT_AT_RISK");
            await().atMost(Duration.ofSeconds(6)).untilAsserted(() -> assertThat(prompt.requests()).hasSize(1));

            // Two sends at most at once to one receiver. Once two failed in a row it is paused (6 s in tests), and its
            // deliveries wait unattempted instead of holding senders for another 10 s each. A third send may have begun
            // as the first two failed, before the breaker counted the second failure.
            String hangingReceiver = URI.create(hanging.url("/")).getAuthority();
            await().atMost(Duration.ofSeconds(30)).until(() -> guards.unavailable().contains(hangingReceiver)
                    && deliveries(slowAlert).stream().mapToInt(d -> (Integer) d.get("attempts")).sum() >= 2);
            int sent = hanging.requests().size();
            assertThat(sent).isBetween(2, 3);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                    .until(() -> hanging.requests().size() == sent);
            assertThat(deliveries(slowAlert)).extracting(d -> d.get("status")).containsOnly("PENDING");
        }
    }

    @Test
    void deletingASubscriptionCancelsWhatItStillHadToSend() {
        String team = "team-" + UUID.randomUUID();
        try (Receiver down = new Receiver(Integer.MAX_VALUE)) {
            String subscription = subscribe(team, "WEBHOOK", down.url("/down"), "ACCOUNT_AT_RISK")
                    .getString("subscriptionId");
            String account = account(team, "Cancelled Co", 10_000, "EUR");
            goesAtRisk(account);
            String alert = alertId(team, account, "ACCOUNT_AT_RISK");
            await().atMost(Duration.ofSeconds(30)).until(() -> !down.requests().isEmpty());

            console().delete("/api/v1/notification-subscriptions/" + subscription).then().statusCode(204);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deliveries(alert)).singleElement()
                    .satisfies(d -> {
                        assertThat(d.get("status")).isEqualTo("CANCELLED");
                        assertThat(d.get("statusReason")).isEqualTo("the subscription was deleted");
                    }));
            int sent = down.requests().size();
            delivering.deliverDue();
            assertThat(down.requests()).hasSize(sent);
        }
    }

    @Test
    void aSnoozedAccountRaisesItsAlertButNotifiesNobody() {
        String team = "team-" + UUID.randomUUID();
        try (Receiver webhook = new Receiver(0)) {
            subscribe(team, "WEBHOOK", webhook.url("/hooks/snoozed"), "ACCOUNT_AT_RISK", "ACCOUNT_RECOVERED");
            String account = account(team, "Snoozed Ltd", 40_000, "GBP");
            console().body("""
                    {"accountId":"%s","until":"%s","reason":"Known: the renewal is being renegotiated"}"""
                    .formatted(account, Instant.now().plus(Duration.ofDays(14)))).post("/api/v1/notification-snoozes")
                    .then().statusCode(201);

            goesAtRisk(account);
            String alert = alertId(team, account, "ACCOUNT_AT_RISK");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deliveries(alert)).singleElement()
                    .satisfies(d -> {
                        assertThat(d.get("status")).isEqualTo("SUPPRESSED");
                        assertThat((String) d.get("statusReason")).contains("snoozed until",
                                "the renewal is being renegotiated");
                    }));
            // And the recovery from a risk the leader never heard of is no news either.
            recovers(account);
            String recovered = alertId(team, account, "ACCOUNT_RECOVERED");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deliveries(recovered))
                    .singleElement().satisfies(d -> assertThat(d.get("status")).isEqualTo("SUPPRESSED")));
            delivering.deliverDue();
            assertThat(webhook.requests()).isEmpty();
        }
    }

    @Test
    void targetsThatCouldReachInsideTheClusterAreRefusedAndSecretsAreNeverAnswered() {
        String team = "team-" + UUID.randomUUID();
        for (String target : List.of("http://203.0.113.10/hook", "https://169.254.169.254/latest/meta-data",
                "https://10.1.2.3/hook", "https://192.168.0.10/hook", "https://172.16.5.4/hook",
                "https://[fe80::1]/hook", "https://[::ffff:169.254.169.254]/hook", "ftp://example.com/hook",
                "https://user:pass@203.0.113.10/hook")) {
            console().body("""
                    {"leaderId":"l","leaderName":"L","teamIds":["%s"],"channel":"WEBHOOK","target":"%s"}"""
                    .formatted(team, target)).post("/api/v1/notification-subscriptions").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo("target"));
        }
        console().body("""
                {"leaderId":"l","leaderName":"L","teamIds":["%s"],"channel":"EMAIL","target":"not-an-address"}"""
                .formatted(team)).post("/api/v1/notification-subscriptions").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("target"));

        JsonPath slack = subscribe(team, "SLACK", "http://127.0.0.1:9/services/T123/B456/very-secret-token",
                "ACCOUNT_AT_RISK");
        assertThat(slack.getString("secret")).isNull();
        String id = slack.getString("subscriptionId");
        String answered = console().get("/api/v1/notification-subscriptions/" + id).then().statusCode(200).extract()
                .asString();
        assertThat(answered).doesNotContain("very-secret-token").contains("http://127.0.0.1:9/…");

        JsonPath webhook = subscribe(team, "WEBHOOK", "http://127.0.0.1:9/hook?token=abc", "ACCOUNT_AT_RISK");
        String hookId = webhook.getString("subscriptionId");
        String firstSecret = webhook.getString("secret");
        String listed = console().get("/api/v1/notification-subscriptions?teamId=" + team).then().statusCode(200)
                .extract().asString();
        assertThat(listed).doesNotContain(firstSecret).doesNotContain("token=abc").doesNotContain("/hook")
                .contains(hookId);

        // Read, change the leader's name, write back: the hidden target stays as it was.
        Map<String, Object> read = console().get("/api/v1/notification-subscriptions/" + hookId).then().statusCode(200)
                .extract().as(Map.class);
        read.put("leaderName", "Fox Mulder");
        read.remove("subscriptionId");
        read.remove("version");
        console().body(read).put("/api/v1/notification-subscriptions/" + hookId).then().statusCode(200)
                .body("leaderName", org.hamcrest.Matchers.equalTo("Fox Mulder"))
                .body("version", org.hamcrest.Matchers.equalTo(2));
        assertThat(targetOf(hookId)).isEqualTo("http://127.0.0.1:9/hook?token=abc");
        // A write based on what was read before that change is refused, naming the current version.
        console().get("/api/v1/notification-subscriptions/" + hookId).then().header("ETag", "\"2\"");
        console().header("If-Match", "\"1\"").body(read).put("/api/v1/notification-subscriptions/" + hookId).then()
                .statusCode(409).body("currentVersion", org.hamcrest.Matchers.equalTo(2));
        console().header("If-Match", "\"1\"").delete("/api/v1/notification-subscriptions/" + hookId).then()
                .statusCode(409);
        String rotated = console().post("/api/v1/notification-subscriptions/" + hookId + "/secret").then()
                .statusCode(200).extract().path("secret");
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(firstSecret);
        console().post("/api/v1/notification-subscriptions/" + id + "/secret").then().statusCode(409);

        console().delete("/api/v1/notification-subscriptions/" + hookId).then().statusCode(204);
        console().get("/api/v1/notification-subscriptions/" + hookId).then().statusCode(404);
    }

    @Test
    void aRetriedSubscriptionWithTheSameIdempotencyKeyMakesOneSubscription() {
        String team = "team-" + UUID.randomUUID();
        String body = """
                {"leaderId":"leader-retry","leaderName":"L","teamIds":["%s"],"channel":"EMAIL","target":"l@example.com"}"""
                .formatted(team);
        String first = console().header("Idempotency-Key", "crm-sub-1").body(body)
                .post("/api/v1/notification-subscriptions").then().statusCode(201).extract().path("subscriptionId");
        console().header("Idempotency-Key", "crm-sub-1").body(body).post("/api/v1/notification-subscriptions").then()
                .statusCode(201).header("Idempotent-Replayed", "true")
                .body("subscriptionId", org.hamcrest.Matchers.equalTo(first));
        console().header("Idempotency-Key", "crm-sub-1").body(body.replace("leader-retry", "someone-else"))
                .post("/api/v1/notification-subscriptions").then().statusCode(422);
        console().get("/api/v1/notification-subscriptions?teamId=" + team).then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(1));
    }

    @Test
    void outOfRangeQueryValuesAndTimesAreProblemsNamingTheParameter() {
        String account = UUID.randomUUID().toString();
        Leaders.healthReader().queryParam("asOf", "+999999-01-01T00:00:00Z").get("/api/v1/health/accounts/" + account)
                .then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("asOf"));
        Leaders.healthReader().get("/api/v1/health/accounts/" + account + "?asOf=0000-06-30").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("asOf"));
        Leaders.healthReader().get("/api/v1/alerts?since=-5000-01-01T00:00:00Z").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("since"));
        Leaders.healthReader().get("/api/v1/health/accounts?page=99999999999").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("page"));
        Leaders.healthReader().get("/api/v1/alerts?page=99999999&size=200").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("page"));
        console().get("/api/v1/notification-deliveries?page=2147483647").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("page"));
        console().body("{\"accountId\":\"%s\",\"until\":\"+100000-01-01T00:00:00Z\",\"reason\":\"r\"}".formatted(account))
                .post("/api/v1/notification-snoozes").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("until"));
        console().body("""
                {"leaderId":"l","leaderName":"L","teamIds":["t"],"minArr":{"amount":12345678901234567890,"currency":"EUR"},
                 "channel":"EMAIL","target":"l@example.com"}""").post("/api/v1/notification-subscriptions").then()
                .statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("minArr.amount"));
    }

    @Inject
    NotificationChannels channels;

    @Test
    void aNameWithLineBreaksIsRefusedAtTheApiAndCannotAddHeadersToAnEmail() throws Exception {
        String team = "team-" + UUID.randomUUID();
        String injected = "Dana\\r\\nBcc: intruder@example.com";
        console().body("""
                {"leaderId":"l-1","leaderName":"%s","teamIds":["%s"],"channel":"EMAIL","target":"l@example.com"}"""
                .formatted(injected, team)).post("/api/v1/notification-subscriptions").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", org.hamcrest.Matchers.equalTo("leaderName"));
        console().get("/api/v1/notification-subscriptions?teamId=" + team).then().statusCode(200)
                .body("total", org.hamcrest.Matchers.equalTo(0));

        // A name stored before that refusal (or forged onto a topic) still reaches the SMTP server as one subject line.
        String mailbox = "leader-" + UUID.randomUUID() + "@example.com";
        Message message = new Message("[Account Health] Globex\r\nBcc: intruder@example.com\r\nX-Injected: yes\r\n\r\nis at risk",
                "Globex\r\nis at risk", List.of("Status: AT_RISK"), "https://account-health.example.com/a");
        NotificationChannels.Result result = channels.send(new NotificationChannels.Outgoing(UUID.randomUUID(),
                Channel.EMAIL, mailbox, null, null, message));
        assertThat(result.succeeded()).as(result.outcome()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(mails(mailbox)).hasSize(1));
        MimeMessage mail = mails(mailbox).getFirst();
        assertThat(mail.getHeader("X-Injected")).isNull();
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly(mailbox);
        assertThat(mail.getSubject()).contains("Globex", "is at risk").doesNotContain("\r", "\n");
        assertThat(mails("intruder@example.com")).isEmpty();
    }

    @Inject
    javax.sql.DataSource dataSource;

    private String targetOf(String subscriptionId) {
        try (var c = dataSource.getConnection();
             var ps = c.prepareStatement("SELECT target FROM notification_subscription WHERE subscription_id = ?::uuid")) {
            ps.setString(1, subscriptionId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<MimeMessage> mails(String to) {
        return Arrays.stream(SmtpServer.get().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(to));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    private static String content(MimeMultipart parts) throws Exception {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < parts.getCount(); i++) {
            var part = parts.getBodyPart(i);
            all.append(part.getContentType()).append('\n');
            Object content = part.getContent();
            all.append(content instanceof MimeMultipart nested ? content(nested) : content).append('\n');
        }
        return all.toString();
    }

    /** The documented algorithm, written out here: hex HMAC-SHA256 of "timestamp.body" keyed with the secret. */
    static String hmacSha256Hex(String secret, long timestamp, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
