package com.accounthealth.healthscore.notification;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static com.accounthealth.healthscore.notification.Leaders.account;
import static com.accounthealth.healthscore.notification.Leaders.console;
import static com.accounthealth.healthscore.notification.Leaders.crm;
import static com.accounthealth.healthscore.notification.Leaders.goesAtRisk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Personal data and secrets stay out of the logs: a contact, free text about the client, a leader's e-mail address and
 * name and a webhook's signing secret, each carrying a unique marker, travel through account-service, scoring, an
 * alert, a snooze and deliveries by webhook and e-mail; neither service's log then holds a marker or the secret.
 */
@QuarkusTest
class NoPersonalDataInLogsTest {

    private static final Path HEALTH_LOG = Path.of("target", "health-score-under-test.log");
    private static final Path ACCOUNT_LOG = Path.of("target", "account-service-under-test.log");

    @Test
    void noLogLineHoldsAPersonsDataOrASecret() throws IOException {
        String marker = "Zq" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String team = "team-" + UUID.randomUUID();
        String secret;
        try (Receiver webhook = new Receiver(0)) {
            secret = console().body("""
                    {"leaderId":"leader-%1$s","leaderName":"Leader %1$s","teamIds":["%2$s"],"alertTypes":[],
                     "channel":"WEBHOOK","target":"%3$s"}""".formatted(marker, team, webhook.url("/hooks/" + marker)))
                    .post("/api/v1/notification-subscriptions").then().statusCode(201).extract().path("secret");
            String mailbox = "leader." + marker + "@example.com";
            console().body("""
                    {"leaderId":"mail-%1$s","leaderName":"Mail %1$s","teamIds":["%2$s"],"alertTypes":[],
                     "channel":"EMAIL","target":"%3$s"}""".formatted(marker, team, mailbox))
                    .post("/api/v1/notification-subscriptions").then().statusCode(201);

            String account = account(team, "Marker Industries", 90_000, "EUR");
            String finance = crm().body("{\"name\":\"Finance\"}").post("/api/v1/accounts/" + account + "/teams")
                    .then().statusCode(201).extract().path("createdId");
            String champion = crm().body("""
                    {"name":"Ada %1$s","title":"CFO %1$s","clientTeamId":"%2$s","role":"CHAMPION"}"""
                    .formatted(marker, finance)).post("/api/v1/accounts/" + account + "/contacts").then().statusCode(201)
                    .extract().path("createdId");
            crm().body("""
                    {"type":"MEETING","occurredAt":"%s","contactIds":["%s"],"summary":"Ada %s said the budget is cut"}"""
                    .formatted(Instant.now().minus(Duration.ofDays(2)), champion, marker))
                    .post("/api/v1/accounts/" + account + "/interactions").then().statusCode(201);
            crm().body("""
                    {"type":"FUNDING_ROUND","occurredAt":"%s","description":"Series B led by %s"}"""
                    .formatted(Instant.now().minus(Duration.ofDays(1)), marker))
                    .post("/api/v1/accounts/" + account + "/client-events").then().statusCode(201);
            crm().body("{}").post("/api/v1/accounts/" + account + "/contacts/" + champion + "/departure").then()
                    .statusCode(200);
            goesAtRisk(account);
            console().body("""
                    {"accountId":"%s","until":"%s","reason":"Ada %s asked for time"}"""
                    .formatted(account, Instant.now().plus(Duration.ofDays(1)), marker))
                    .post("/api/v1/notification-snoozes").then().statusCode(201);

            // The alert went out by webhook and by e-mail, with the contact's name in its reasons.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(webhook.accepted()).isNotEmpty();
                assertThat(Arrays.stream(SmtpServer.get().getReceivedMessages()).filter(m -> recipient(m, mailbox)))
                        .isNotEmpty();
            });
        }
        for (Path log : List.of(HEALTH_LOG, ACCOUNT_LOG)) {
            assertThat(log).as("the service logs to %s", log).exists();
            // The test JVM's own SMTP server (GreenMail) logs the mailboxes it makes; it is not the service.
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.contains("com.icegreen")).toList();
            assertThat(lines).as("%s: lines holding personal data", log).noneMatch(l -> l.contains(marker));
            assertThat(lines).as("%s: lines holding the webhook secret", log).noneMatch(l -> l.contains(secret));
        }
    }

    private static boolean recipient(MimeMessage m, String to) {
        try {
            return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(to));
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
