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
import java.util.List;
import java.util.Optional;
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
        // The leader and the target stay out of the log (personal data); the subscription's id leads to them.
        LOG.infof("Subscription %s made by %s: hears of %s on %s by %s", s.subscriptionId(), actor, s.teamIds(),
                s.alertTypes().isEmpty() ? "every alert" : s.alertTypes(), s.channel());
        return new WithSecret(s, secret);
    }

    /**
     * Replaces {@code current} with {@code next} if it is still at {@code expectedVersion}; a subscription that becomes
     * a webhook gets a secret. Empty when it changed meanwhile.
     */
    @Transactional
    public Optional<WithSecret> change(Subscription current, Subscription next, int expectedVersion, String actor) {
        String secret = next.channel() == Channel.WEBHOOK && current.channel() != Channel.WEBHOOK
                ? WebhookSignature.newSecret() : null;
        if (!subscriptions.replace(next, expectedVersion, secret, Instant.now())) {
            return Optional.empty();
        }
        LOG.infof("Subscription %s changed by %s", next.subscriptionId(), actor);
        return Optional.of(new WithSecret(next, secret));
    }

    /** The new secret, or empty when the subscription is no longer at {@code expectedVersion}. */
    @Transactional
    public Optional<String> rotateSecret(UUID subscriptionId, int expectedVersion, String actor) {
        String secret = WebhookSignature.newSecret();
        if (!subscriptions.rotateSecret(subscriptionId, expectedVersion, secret, Instant.now())) {
            return Optional.empty();
        }
        LOG.infof("Subscription %s: webhook secret rotated by %s", subscriptionId, actor);
        return Optional.of(secret);
    }

    /**
     * A leader's erasure request (GDPR article 17): their name, e-mail address or webhook and their id leave every
     * subscription, which is deleted with its deliveries still waiting. Deliveries already sent stay as a record that
     * something was sent, naming only the subscription. Repeating it finds nothing more to erase.
     *
     * @return how many subscriptions held the leader's data
     */
    @Transactional
    public int eraseLeader(String leaderId, String actor) {
        List<UUID> erased = subscriptions.eraseLeader(leaderId, pseudonym(), Instant.now());
        int cancelled = erased.stream().mapToInt(deliveries::cancelPending).sum();
        // The leader's id is what was erased: the log names only how much.
        LOG.infof("A leader's personal data erased by %s: %d subscriptions, %d pending deliveries cancelled", actor,
                erased.size(), cancelled);
        return erased.size();
    }

    /** A stand-in for an erased leader's id: random, so nothing (not a guess of the id) leads back to it. */
    private static String pseudonym() {
        return "erased-" + UUID.randomUUID();
    }

    /** Whether it was deleted (false: it is no longer at {@code expectedVersion}). */
    @Transactional
    public boolean unsubscribe(UUID subscriptionId, int expectedVersion, String actor) {
        if (!subscriptions.delete(subscriptionId, expectedVersion, Instant.now())) {
            return false;
        }
        int cancelled = deliveries.cancelPending(subscriptionId);
        LOG.infof("Subscription %s deleted by %s; %d pending deliveries cancelled", subscriptionId, actor, cancelled);
        return true;
    }
}
