package com.accounthealth.healthscore.infrastructure.notification;

import com.accounthealth.healthscore.config.NotificationConfig;
import com.accounthealth.healthscore.domain.notification.Channel;
import com.accounthealth.healthscore.domain.notification.Message;
import com.accounthealth.healthscore.domain.notification.TargetPolicy;
import com.accounthealth.healthscore.domain.notification.WebhookSignature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Sends one notification on its channel and says how it went, within the configured timeout whatever the receiver
 * does. A webhook or Slack target is checked against the target policy just before sending and the connection goes to
 * the very address that was checked (the host name still names the server for TLS and the Host header), so a name
 * that resolves elsewhere a moment later (DNS rebinding) cannot lead the request inside the cluster. Redirects are
 * not followed, for the same reason.
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

    /** @param permanent whether trying again cannot help (the target is refused, the content unreadable) */
    public record Result(boolean succeeded, String outcome, boolean permanent) {
    }

    private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x1F\\x7F-\\x9F]+");
    private static final Pattern EMAIL_ADDRESS = Pattern.compile("[^\\s<>\"'@]+@[^\\s<>\"']+");

    private final HttpClient http;
    private final Duration timeout;
    private final ReactiveMailer mailer;
    private final TargetPolicy policy;
    private final ObjectMapper json;

    public NotificationChannels(NotificationConfig config, Vertx vertx, ReactiveMailer mailer, TargetPolicy policy,
                                ObjectMapper json) {
        this.timeout = config.delivery().timeout();
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) timeout.toMillis())
                .setVerifyHost(true)
                .setForceSni(true)
                .setKeepAlive(false));
        this.mailer = mailer;
        this.policy = policy;
        this.json = json;
    }

    public Result send(Outgoing out) {
        TargetPolicy.Verdict verdict = policy.check(out.channel(), out.target());
        if (!verdict.allowed()) {
            return new Result(false, "target refused: it " + verdict.refusal(), verdict.permanent());
        }
        try {
            return switch (out.channel()) {
                case WEBHOOK -> post(out.target(), verdict.address(), "application/cloudevents+json; charset=utf-8",
                        out.cloudEvent(), out.deliveryId(), out.secret());
                case SLACK -> post(out.target(), verdict.address(), "application/json; charset=utf-8",
                        slack(out.message()), null, null);
                case EMAIL -> email(out);
            };
        } catch (TimeoutException e) {
            return new Result(false, "no answer within " + timeout, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted", false);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Result(false, failure(cause, out.target()), false);
        } catch (IOException | RuntimeException e) {
            return new Result(false, failure(e, out.target()), false);
        }
    }

    /**
     * Why a send failed, as stored with the attempt and logged: without the target (a Slack URL is a secret, an e-mail
     * address is personal data), which HTTP and mail errors often quote.
     */
    static String failure(Throwable e, String target) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (target != null && !target.isEmpty()) {
            message = message.replace(target, "<target>");
        }
        message = EMAIL_ADDRESS.matcher(message).replaceAll("<address>");
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }


    private Result post(String target, InetAddress address, String contentType, String body, UUID deliveryId,
                        String secret) throws InterruptedException, ExecutionException, TimeoutException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(target);
        boolean tls = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(target)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setIdleTimeout(timeout.toMillis())
                .putHeader("Content-Type", contentType).putHeader("User-Agent", "account-health-notifications/1");
        if (secret != null) {
            long timestamp = Instant.now().getEpochSecond();
            request.putHeader(ID_HEADER, deliveryId.toString())
                    .putHeader(TIMESTAMP_HEADER, Long.toString(timestamp))
                    .putHeader(SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, bytes));
        }
        // The whole exchange, answer body included, within the timeout: a receiver that trickles cannot hold us.
        int status = http.request(request)
                .compose(r -> r.send(Buffer.buffer(bytes)))
                .compose(response -> ended(response).map(done -> response.statusCode()))
                .toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return new Result(status >= 200 && status < 300, "HTTP " + status, false);
    }

    /**
     * Vert.x's {@code end()} throws IllegalStateException when the whole answer arrived before it was called (a short
     * answer on a fast loopback; eclipse-vertx/vert.x#5614): such an answer has ended, and its status stands.
     */
    private static Future<Void> ended(HttpClientResponse response) {
        try {
            return response.end();
        } catch (IllegalStateException alreadyEnded) {
            return Future.succeededFuture();
        }
    }

    private Result email(Outgoing out) {
        Message m = out.message();
        mailer.send(Mail.withHtml(out.target(), oneLine(m.subject()), html(m)).setText(text(m))).await().atMost(timeout);
        return new Result(true, "accepted by the SMTP server", false);
    }

    /** A Slack message: the headline in bold, a line per fact, and a link; Slack's mrkdwn needs &, < and > escaped. */
    private String slack(Message m) throws IOException {
        StringBuilder text = new StringBuilder("*").append(slackEscape(oneLine(m.headline()))).append("*\n");
        m.lines().forEach(line -> text.append("• ").append(slackEscape(oneLine(line))).append('\n'));
        text.append('<').append(m.link()).append("|Open the account's health>");
        ObjectNode body = json.createObjectNode().put("text", slackEscape(oneLine(m.subject())));
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

    /**
     * Names in a message come from events, and events may be older than the API's refusal of line breaks in names: a
     * line break in a subject would start a header of its own (Bcc: ...), in a Slack line a line of its own.
     */
    static String oneLine(String s) {
        return CONTROL.matcher(s).replaceAll(" ");
    }

    private static String slackEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String htmlEscape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
