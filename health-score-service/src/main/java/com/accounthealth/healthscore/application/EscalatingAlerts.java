package com.accounthealth.healthscore.application;

import com.accounthealth.healthscore.config.NotificationConfig;
import com.accounthealth.healthscore.domain.notification.Message;
import com.accounthealth.healthscore.infrastructure.notification.DeliveryStore;
import com.accounthealth.healthscore.infrastructure.notification.SubscriptionStore;
import com.accounthealth.healthscore.infrastructure.work.AlertInbox;
import com.accounthealth.webapi.security.TeamScope;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Escalates an AT_RISK alert on a strategic account that nobody acknowledged in time to the configured escalation
 * subscription. Marking the alert escalated and planning the delivery commit together, and the work row is locked
 * while it is decided, so an alert is escalated once, also with several replicas; the delivery then goes out with the
 * usual retries.
 */
@ApplicationScoped
public class EscalatingAlerts {

    private static final Logger LOG = Logger.getLogger(EscalatingAlerts.class);
    private static final int BATCH = 100;

    private final AlertInbox inbox;
    private final WorkingAlerts working;
    private final DeliveryStore deliveries;
    private final NotificationConfig config;
    private final ObjectMapper json;
    private final SubscriptionStore subscriptions;
    /** The configured target last found missing, so that it is reported once. */
    private volatile UUID missingTarget;

    public EscalatingAlerts(AlertInbox inbox, WorkingAlerts working, DeliveryStore deliveries, NotificationConfig config,
                            ObjectMapper json, SubscriptionStore subscriptions) {
        this.subscriptions = subscriptions;
        this.inbox = inbox;
        this.working = working;
        this.deliveries = deliveries;
        this.config = config;
        this.json = json;
    }

    @Scheduled(every = "${notifications.escalation.check-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledCheck() {
        NotificationConfig.Escalation escalation = config.escalation();
        if (!config.delivery().enabled() || escalation.subscriptionId().isEmpty()) {
            return;
        }
        UUID target = escalation.subscriptionId().get();
        boolean exists = QuarkusTransaction.requiringNew().call(() ->
                subscriptions.find(target, TeamScope.EVERY_TEAM).isPresent());
        if (!exists) {
            // Said once per change, not every minute: escalation is configured but has nowhere to go.
            if (!target.equals(missingTarget)) {
                LOG.warnf("Escalation subscription %s does not exist (or was deleted): nothing is escalated until "
                        + "notifications.escalation.subscription-id names one", target);
                missingTarget = target;
            }
            return;
        }
        missingTarget = null;
        escalateDue(target, escalation.after(), Instant.now());
    }

    /**
     * Escalates to {@code subscriptionId} every alert due at {@code now}: raised at least {@code after} ago (and not
     * before the look-back), on a strategic account of the subscription's teams, neither acknowledged, resolved nor
     * escalated yet. Each in a transaction of its own; returns how many were escalated.
     */
    public int escalateDue(UUID subscriptionId, Duration after, Instant now) {
        List<UUID> due = inbox.awaitingEscalation(subscriptionId, now.minus(after),
                now.minus(config.escalation().lookback()), BATCH);
        int escalated = 0;
        for (UUID alertId : due) {
            if (QuarkusTransaction.requiringNew().call(() -> escalate(alertId, subscriptionId, after))) {
                escalated++;
            }
        }
        return escalated;
    }

    private boolean escalate(UUID alertId, UUID subscriptionId, Duration after) {
        Instant now = Instant.now();
        if (!working.escalate(alertId, "subscription " + subscriptionId, now)) {
            return false; // acknowledged or escalated meanwhile (another replica)
        }
        AlertInbox.Item item = inbox.find(alertId, TeamScope.EVERY_TEAM).orElseThrow();
        String name = item.payload().path("accountName").asText(item.accountId().toString());
        List<String> reasons = new ArrayList<>();
        item.payload().path("topReasons").forEach(r -> reasons.add(r.path("sentence").asText()));
        Message message = Message.escalation(name, item.teamId(), item.raisedAt(), after, reasons,
                config.accountLink().replace("{accountId}", item.accountId().toString()));
        ObjectNode content = json.createObjectNode();
        content.set("message", json.valueToTree(message));
        content.putObject("digest").put("alertId", alertId.toString()).put("accountId", item.accountId().toString())
                .put("accountName", name).put("teamId", item.teamId()).put("raisedAt", item.raisedAt().toString())
                .put("unacknowledgedFor", after.toString());
        try {
            deliveries.planEscalation(subscriptionId, item.accountId(), item.alertType(), item.teamId(),
                    json.writeValueAsString(content), now, now.plus(config.delivery().giveUpAfter()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the escalation of alert " + alertId, e);
        }
        LOG.infof("Alert %s (%s, team %s) escalated to subscription %s: unacknowledged for %s", alertId, name,
                item.teamId(), subscriptionId, after);
        return true;
    }
}
