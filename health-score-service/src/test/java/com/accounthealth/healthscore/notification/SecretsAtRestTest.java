package com.accounthealth.healthscore.notification;

import com.accounthealth.healthscore.infrastructure.notification.SubscriptionStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;

import static com.accounthealth.healthscore.notification.Leaders.account;
import static com.accounthealth.healthscore.notification.Leaders.console;
import static com.accounthealth.healthscore.notification.Leaders.goesAtRisk;
import static com.accounthealth.healthscore.notification.NotificationsTest.hmacSha256Hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhook signing secrets are encrypted at rest (issue 19: they were stored in plain text, in the subscription and
 * for 48 h in the answer kept for Idempotency-Key retries): what PostgreSQL holds does not contain them, yet the API
 * answers each once (and again to a retry of the same request) and deliveries are signed with them.
 */
@QuarkusTest
class SecretsAtRestTest {

    @Inject
    DataSource dataSource;

    @Inject
    SubscriptionStore subscriptions;

    @Test
    void theDatabaseHoldsNoSecretYetItIsAnsweredOnceAndSignsDeliveries() throws Exception {
        String team = "team-" + UUID.randomUUID();
        String key = "crm-sub-" + UUID.randomUUID();
        try (Receiver webhook = new Receiver(0)) {
            String body = """
                    {"leaderId":"leader-vault","leaderName":"Dana Scully","teamIds":["%s"],"alertTypes":["ACCOUNT_AT_RISK"],
                     "channel":"WEBHOOK","target":"%s"}""".formatted(team, webhook.url("/hooks/health"));
            JsonPath made = new JsonPath(console().header("Idempotency-Key", key).body(body)
                    .post("/api/v1/notification-subscriptions").then().statusCode(201).extract().asString());
            String id = made.getString("subscriptionId");
            String secret = made.getString("secret");
            assertThat(secret).startsWith("whsec_");

            // A retry (the client may have missed the first answer) gets the secret again; a read never does.
            console().header("Idempotency-Key", key).body(body).post("/api/v1/notification-subscriptions").then()
                    .statusCode(201).header("Idempotent-Replayed", "true")
                    .body("secret", org.hamcrest.Matchers.equalTo(secret));
            assertThat(console().get("/api/v1/notification-subscriptions/" + id).then().statusCode(200).extract()
                    .asString()).doesNotContain(secret);

            String stored = text("SELECT secret FROM notification_subscription WHERE subscription_id = ?::uuid", id);
            assertThat(stored).startsWith("v1:").doesNotContain(secret).doesNotContain(secret.substring(6));
            assertThat(text("SELECT s::text FROM notification_subscription s WHERE subscription_id = ?::uuid", id))
                    .doesNotContain(secret.substring(6));
            assertThat(text("SELECT k::text FROM idempotency_key k WHERE idempotency_key = ?", key))
                    .doesNotContain(secret.substring(6));

            String account = account(team, "Vault Ltd", 120_000, "EUR");
            goesAtRisk(account);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(webhook.requests()).hasSize(1));
            Receiver.Request hook = webhook.requests().getFirst();
            long timestamp = Long.parseLong(hook.header("Webhook-Timestamp"));
            assertThat(hook.header("Webhook-Signature")).isEqualTo("v1=" + hmacSha256Hex(secret, timestamp, hook.body()));

            // A rotated secret is stored encrypted too.
            String rotated = console().post("/api/v1/notification-subscriptions/" + id + "/secret").then()
                    .statusCode(200).extract().path("secret");
            assertThat(text("SELECT s::text FROM notification_subscription s WHERE subscription_id = ?::uuid", id))
                    .doesNotContain(rotated.substring(6)).contains("v1:");

            // A secret stored in plain text before this version is encrypted at start.
            try (var c = dataSource.getConnection();
                 var ps = c.prepareStatement("UPDATE notification_subscription SET secret = ? WHERE subscription_id = ?::uuid")) {
                ps.setString(1, rotated);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            assertThat(subscriptions.encryptPlainSecrets()).isPositive();
            assertThat(text("SELECT secret FROM notification_subscription WHERE subscription_id = ?::uuid", id))
                    .startsWith("v1:").doesNotContain(rotated.substring(6));
            goesAtRisk(account(team, "Vault Two", 90_000, "EUR"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(webhook.requests()).hasSize(2));
            Receiver.Request second = webhook.requests().get(1);
            long at = Long.parseLong(second.header("Webhook-Timestamp"));
            assertThat(second.header("Webhook-Signature")).isEqualTo("v1=" + hmacSha256Hex(rotated, at, second.body()));
        }
    }

    private String text(String sql, String parameter) throws SQLException {
        try (var c = dataSource.getConnection(); var ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a row for %s", parameter).isTrue();
                return rs.getString(1);
            }
        }
    }
}
