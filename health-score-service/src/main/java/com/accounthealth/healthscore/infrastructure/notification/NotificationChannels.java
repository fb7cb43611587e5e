package com.accounthealth.healthscore.infrastructure.notification;

import com.accounthealth.healthscore.config.NotificationConfig;
import com.accounthealth.healthscore.domain.notification.Channel;
import com.accounthealth.healthscore.domain.notification.Message;
import com.accounthealth.healthscore.domain.notification.TargetPolicy;
import com.accounthealth.healthscore.domain.notification.WebhookSignature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Sends one notification on its channel and says how it went. Redirects are not followed (a redirect could lead to an
 * address the target policy refuses), and the target is checked again just before sending, since what a host name
 * resolves to can change after the subscription was made.
 */
@ApplicationScoped
public class NotificationChannels {

    /** Headers of a webhook delivery. */
    public static final String ID_HEADER = "Webhook-Id";
    public static final String TIMESTAMP_HEADER = "Webhook-Timestamp";
    public static final String SIGNATURE_HEADER = "Webhook-Signature";

    /** What to send: the CloudEvent for webhooks, the message a person reads for Slack and e-mail. */
    public record Outgoing(UUID deliveryId, Channel channel, String target, String secret, String cloudEvent,
                           Message message) {
    }

    /** @param permanent whether trying again cannot help (the target is refused) */
    public record Result(boolean succeeded, String outcome, boolean permanent) {
    }

    private final HttpClient http;
    private final Duration timeout;
    private final Mailer mailer;
    private final TargetPolicy policy;
    private final ObjectMapper json;

    public NotificationChannels(NotificationConfig config, Mailer mailer, TargetPolicy policy, ObjectMapper json) {
        this.timeout = config.delivery().timeout();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.mailer = mailer;
        this.policy = policy;
        this.json = json;
    }

    public Result send(Outgoing out) {
        Optional<String> refused = policy.refusal(out.channel(), out.target());
        if (refused.isPresent()) {
            return new Result(false, "target refused: it " + refused.get(), true);
        }
        try {
            return switch (out.channel()) {
                case WEBHOOK -> post(out.target(), "application/cloudevents+json; charset=utf-8", out.cloudEvent(),
                        out.deliveryId(), out.secret());
                case SLACK -> post(out.target(), "application/json; charset=utf-8", slack(out.message()), null, null);
                case EMAIL -> email(out);
            };
        } catch (IOException e) {
            return new Result(false, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted", false);
        } catch (RuntimeException e) {
            return new Result(false, e.getClass().getSimpleName() + ": " + e.getMessage(), false);
        }
    }

    private Result post(String target, String contentType, String body, UUID deliveryId, String secret)
            throws IOException, InterruptedException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(timeout)
                .header("Content-Type", contentType).header("User-Agent", "account-health-notifications/1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (secret != null) {
            long timestamp = Instant.now().getEpochSecond();
            request.header(ID_HEADER, deliveryId.toString())
                    .header(TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, bytes));
        }
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        int status = response.statusCode();
        return new Result(status >= 200 && status < 300, "HTTP " + status, false);
    }

    private Result email(Outgoing out) {
        Message m = out.message();
        mailer.send(Mail.withHtml(out.target(), m.subject(), html(m)).setText(text(m)));
        return new Result(true, "accepted by the SMTP server", false);
    }

    /** A Slack message: the headline in bold, a line per fact, and a link; Slack's mrkdwn needs &, < and > escaped. */
    private String slack(Message m) throws IOException {
        StringBuilder text = new StringBuilder("*").append(slackEscape(m.headline())).append("*\n");
        m.lines().forEach(line -> text.append("• ").append(slackEscape(line)).append('\n'));
        text.append('<').append(m.link()).append("|Open the account's health>");
        ObjectNode body = json.createObjectNode().put("text", m.subject());
        body.putArray("blocks").addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", text.toString());
        return json.writeValueAsString(body);
    }

    static String text(Message m) {
        StringBuilder text = new StringBuilder(m.headline()).append("\n\n");
        m.lines().forEach(line -> text.append("- ").append(line).append('\n'));
        return text.append('\n').append(m.link()).append('\n').toString();
    }

    static String html(Message m) {
        StringBuilder html = new StringBuilder("<html><body><h2>").append(htmlEscape(m.headline())).append("</h2><ul>");
        m.lines().forEach(line -> html.append("<li>").append(htmlEscape(line)).append("</li>"));
        return html.append("</ul><p><a href=\"").append(htmlEscape(m.link()))
                .append("\">Open the account's health</a></p></body></html>").toString();
    }

    private static String slackEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
