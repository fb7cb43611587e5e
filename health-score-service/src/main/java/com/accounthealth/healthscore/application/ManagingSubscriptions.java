package com.accounthealth.healthscore.application;

import com.accounthealth.healthscore.domain.notification.Channel;
import com.accounthealth.healthscore.domain.notification.Subscription;
import com.accounthealth.healthscore.domain.notification.WebhookSignature;
import com.accounthealth.healthscore.infrastructure.notification.DeliveryStore;
import com.accounthealth.healthscore.infrastructure.notification.SubscriptionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/**
 * Sales leaders' subscriptions: made, changed, deleted, and a webhook's signing secret rotated. A webhook subscription
 * gets its secret when it is made (or turned into a webhook); the caller sees it in that answer only.
 */
@ApplicationScoped
public class ManagingSubscriptions {

    private static final Logger LOG = Logger.getLogger(ManagingSubscriptions.class);

    /** A subscription and, only right after it was made or rotated, its new secret. */
    public record WithSecret(Subscription subscription, String secret) {
    }

    private final SubscriptionStore subscriptions;
    private final DeliveryStore deliveries;

    public ManagingSubscriptions(SubscriptionStore subscriptions, DeliveryStore deliveries) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
    }

    @Transactional
    public WithSecret subscribe(Subscription s, String actor) {
        String secret = s.channel() == Channel.WEBHOOK ? WebhookSignature.newSecret() : null;
        subscriptions.insert(s, secret, actor, Instant.now());
        LOG.infof("Subscription %s made by %s: %s hears of %s on %s by %s", s.subscriptionId(), actor, s.leaderId(),
                s.teamIds(), s.alertTypes().isEmpty() ? "every alert" : s.alertTypes(), s.channel());
        return new WithSecret(s, secret);
    }

    /** Replaces {@code current} with {@code next}; a subscription that becomes a webhook gets a secret. */
    @Transactional
    public WithSecret change(Subscription current, Subscription next, String actor) {
        String secret = next.channel() == Channel.WEBHOOK && current.channel() != Channel.WEBHOOK
                ? WebhookSignature.newSecret() : null;
        subscriptions.replace(next, secret, Instant.now());
        LOG.infof("Subscription %s changed by %s", next.subscriptionId(), actor);
        return new WithSecret(next, secret);
    }

    @Transactional
    public String rotateSecret(UUID subscriptionId, String actor) {
        String secret = WebhookSignature.newSecret();
        subscriptions.rotateSecret(subscriptionId, secret, Instant.now());
        LOG.infof("Subscription %s: webhook secret rotated by %s", subscriptionId, actor);
        return secret;
    }

    @Transactional
    public void unsubscribe(UUID subscriptionId, String actor) {
        subscriptions.delete(subscriptionId, Instant.now());
        int cancelled = deliveries.cancelPending(subscriptionId);
        LOG.infof("Subscription %s deleted by %s; %d pending deliveries cancelled", subscriptionId, actor, cancelled);
    }
}
