package com.accounthealth.healthscore.application;

import com.accounthealth.healthscore.config.NotificationConfig;
import com.accounthealth.healthscore.domain.notification.Digest;
import com.accounthealth.healthscore.domain.notification.Message;
import com.accounthealth.healthscore.domain.notification.Subscription;
import com.accounthealth.healthscore.infrastructure.notification.DeliveryStore;
import com.accounthealth.healthscore.infrastructure.notification.DigestSources;
import com.accounthealth.healthscore.infrastructure.notification.SubscriptionStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * Composes each subscription's digest when it is due and plans its delivery, in one transaction with the record that
 * it was composed: a digest is neither lost nor composed twice, and replicas share the due subscriptions.
 */
@ApplicationScoped
public class SendingDigests {

    private static final Logger LOG = Logger.getLogger(SendingDigests.class);

    private final SubscriptionStore subscriptions;
    private final DigestSources sources;
    private final DeliveryStore deliveries;
    private final NotificationConfig config;
    private final ObjectMapper json;

    public SendingDigests(SubscriptionStore subscriptions, DigestSources sources, DeliveryStore deliveries,
                          NotificationConfig config, ObjectMapper json) {
        this.subscriptions = subscriptions;
        this.sources = sources;
        this.deliveries = deliveries;
        this.config = config;
        this.json = json;
    }

    @Scheduled(every = "${notifications.digest.check-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledCheck() {
        if (config.delivery().enabled()) {
            composeDue(Instant.now());
        }
    }

    /**
     * Composes every digest due at {@code now} (the end of their period: a test may look ahead), each in a transaction
     * of its own, and plans each to be sent at once; returns how many.
     */
    public int composeDue(Instant now) {
        int composed = 0;
        while (QuarkusTransaction.requiringNew().call(() -> subscriptions.lockDueDigest(now).map(s -> {
            compose(s, now);
            return true;
        }).orElse(false))) {
            composed++;
        }
        return composed;
    }

    private void compose(Subscription s, Instant now) {
        String[] teams = s.teamIds().toArray(String[]::new);
        Instant from = s.lastDigestAt();
        Digest digest = Digest.compose(s, from, now, sources.atRisk(teams), sources.statusChanges(teams, from, now),
                sources.gapsAndGrowthSignals(teams, from, now));
        Message message = Message.of(digest, config.portfolioLink());
        Instant planned = Instant.now();
        deliveries.planDigest(s.subscriptionId(), now, content(digest, message), planned,
                planned.plus(config.delivery().giveUpAfter()));
        subscriptions.digestSent(s.subscriptionId(), now);
        LOG.infof("Digest for subscription %s (%s, %s to %s): %d at risk, %d status changes, %d gaps, %d growth signals",
                s.subscriptionId(), s.digest(), from, now, digest.atRisk().size(), digest.changes().size(),
                digest.competitiveGaps().size(), digest.growthSignals().size());
    }

    private String content(Digest digest, Message message) {
        ObjectNode content = json.createObjectNode();
        content.set("digest", json.valueToTree(digest));
        content.set("message", json.valueToTree(message));
        try {
            return json.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A digest is always JSON", e);
        }
    }
}
