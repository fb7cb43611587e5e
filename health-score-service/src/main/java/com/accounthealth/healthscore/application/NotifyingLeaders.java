package com.accounthealth.healthscore.application;

import com.accounthealth.eventstore.AfterCommit;
import com.accounthealth.healthscore.config.NotificationConfig;
import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.domain.notification.AlertNotice;
import com.accounthealth.healthscore.domain.notification.Digest;
import com.accounthealth.healthscore.domain.notification.Message;
import com.accounthealth.healthscore.domain.notification.ModelChangeSummary;
import com.accounthealth.healthscore.domain.notification.NoiseControl.Snooze;
import com.accounthealth.healthscore.domain.notification.NoiseControl;
import com.accounthealth.healthscore.domain.notification.Subscription;
import com.accounthealth.healthscore.infrastructure.notification.DeliveryStore.PlannedAlert;
import com.accounthealth.healthscore.infrastructure.notification.DeliveryStore.Status;
import com.accounthealth.healthscore.infrastructure.notification.DeliveryStore;
import com.accounthealth.healthscore.infrastructure.notification.DigestSources;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.accounthealth.healthscore.infrastructure.notification.SnoozeStore;
import com.accounthealth.healthscore.infrastructure.notification.SubscriptionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Decides, in the transaction that raises an alert, which sales leaders hear of it: a delivery per subscription that
 * wants the alert, to be sent after commit — or a suppressed one that says why not (snoozed, cool-down). Nothing is
 * sent here, so a rolled-back alert notifies nobody and a committed one is never lost.
 */
@ApplicationScoped
public class NotifyingLeaders {

    private static final Logger LOG = Logger.getLogger(NotifyingLeaders.class);

    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;
    private final SnoozeStore snoozes;
    private final NotificationConfig config;
    private final DigestSources sources;
    private final ObjectMapper json;
    private final DeliveringNotifications delivering;
    private final TransactionSynchronizationRegistry transactions;

    public NotifyingLeaders(SubscriptionStore subscriptions, DeliveryStore deliveries, SnoozeStore snoozes,
                            NotificationConfig config, DigestSources sources, ObjectMapper json,
                            DeliveringNotifications delivering, TransactionSynchronizationRegistry transactions) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.snoozes = snoozes;
        this.config = config;
        this.sources = sources;
        this.json = json;
        this.delivering = delivering;
        this.transactions = transactions;
    }

    /**
     * Plans, in the transaction that finishes a model's activation, one summary per leader concerned of the status
     * changes it caused (its alerts were recorded without telling anyone, account by account).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void modelChanged(UUID jobId, String modelVersion, String previousModelVersion, Instant startedAt) {
        List<Digest.StatusChange> changes = sources.statusChangesOfJob(jobId, startedAt);
        if (changes.isEmpty()) {
            LOG.infof("Model %s in force: no account changed status, nobody is told", modelVersion);
            return;
        }
        Instant now = Instant.now();
        for (Subscription s : subscriptions.active()) {
            ModelChangeSummary.compose(s, modelVersion, previousModelVersion, changes).ifPresent(summary -> {
                Message message = Message.of(summary, config.portfolioLink());
                ObjectNode content = json.createObjectNode();
                content.set("digest", json.valueToTree(summary));
                content.set("message", json.valueToTree(message));
                if (deliveries.planModelChange(s.subscriptionId(), jobId, content.toString(), now,
                        now.plus(config.delivery().giveUpAfter()))) {
                    LOG.infof("Model %s in force: subscription %s will be told of %d status change(s) by %s",
                            modelVersion, s.subscriptionId(), summary.changes().size(), s.channel());
                }
            });
        }
    }

    /** Plans the notifications of each alert, with one read of the subscriptions for all of them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void alertsRaised(List<AlertNotice> alerts) {
        if (alerts.isEmpty()) {
            return;
        }
        List<Subscription> active = subscriptions.active();
        boolean toSend = false;
        for (AlertNotice alert : alerts) {
            toSend |= plan(alert, active);
        }
        if (toSend) {
            // Sent as soon as they are committed, not at the senders' next poll.
            AfterCommit.run(transactions, delivering::wakeUp);
        }
    }

    /** @return whether a delivery to send was planned */
    private boolean plan(AlertNotice alert, List<Subscription> active) {
        List<Subscription> wanting = active.stream()
                .filter(s -> s.wants(alert.alertType(), alert.account())).toList();
        if (wanting.isEmpty()) {
            return false;
        }
        boolean toSend = false;
        Instant now = Instant.now();
        List<Snooze> inForce = snoozes.inForce(alert.account().accountId(), alert.raisedAt());
        for (Subscription s : wanting) {
            UUID account = alert.account().accountId();
            NoiseControl.Priors priors = new NoiseControl.Priors(
                    deliveries.latest(s.subscriptionId(), account, alert.noiseKey(), true),
                    deliveries.latest(s.subscriptionId(), account, AlertType.ACCOUNT_AT_RISK.name(), false),
                    deliveries.latest(s.subscriptionId(), account, AlertType.ACCOUNT_RECOVERED.name(), true),
                    s.alertTypes().isEmpty() || s.alertTypes().contains(AlertType.ACCOUNT_AT_RISK));
            NoiseControl.Decision decision = NoiseControl.decide(alert, inForce, priors, config.coolDown());
            Status status = decision.send() ? Status.PENDING : Status.SUPPRESSED;
            boolean planned = deliveries.plan(new PlannedAlert(s.subscriptionId(), alert.alertId(), account,
                    alert.alertType(), alert.noiseKey(), alert.severity(), alert.account().teamId(), status,
                    decision.reason()), now, now.plus(config.delivery().giveUpAfter()));
            if (planned && decision.send()) {
                toSend = true;
                LOG.infof("Alert %s %s for account %s: subscription %s will be notified by %s", alert.alertType(),
                        alert.alertId(), alert.account().accountId(), s.subscriptionId(), s.channel());
            } else if (planned) {
                LOG.infof("Alert %s %s for account %s: subscription %s is not notified, %s", alert.alertType(),
                        alert.alertId(), alert.account().accountId(), s.subscriptionId(), decision.reason());
            }
        }
        return toSend;
    }
}
