package com.accounthealth.healthscore.infrastructure.notification;

import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.domain.notification.Channel;
import com.accounthealth.healthscore.domain.notification.DigestFrequency;
import com.accounthealth.healthscore.domain.notification.Subscription;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * A leader's subscription (notification_subscription). {@code version} is what If-Match compares; the store changes a
 * row only under its lock, so two changes at one version cannot both pass. The secret is stored encrypted.
 */
@Entity
@Table(name = "notification_subscription")
public class SubscriptionRow extends PanacheEntityBase {

    @Id
    public UUID subscriptionId;
    public String leaderId;
    public String leaderName;
    public String[] teamIds;
    public String[] tiers;
    public BigDecimal minArr;
    public String minArrCurrency;
    public String[] alertTypes;
    public String channel;
    public String target;
    /**
     * Where the target's deliveries go (a webhook's host and port, a Slack webhook's digest, or the SMTP server):
     * computed by PostgreSQL from the target.
     */
    @Column(insertable = false, updatable = false)
    public String receiver;
    public String secret;
    public String digest;
    public Instant lastDigestAt;
    public String createdBy;
    public Instant createdAt;
    public Instant updatedAt;
    public int version;
    public Instant deletedAt;

    /** Takes what the subscription is and where it goes (not its secret, history or version). */
    void describe(Subscription s) {
        leaderId = s.leaderId();
        leaderName = s.leaderName();
        teamIds = s.teamIds().toArray(String[]::new);
        tiers = s.tiers().toArray(String[]::new);
        minArr = s.minArr();
        minArrCurrency = s.minArrCurrency();
        alertTypes = s.alertTypes().stream().map(AlertType::name).toArray(String[]::new);
        channel = s.channel().name();
        target = s.target();
        digest = s.digest().name();
    }

    Subscription subscription() {
        Set<AlertType> types = new LinkedHashSet<>();
        for (String type : alertTypes) {
            types.add(AlertType.valueOf(type));
        }
        return new Subscription(subscriptionId, leaderId, leaderName, new LinkedHashSet<>(Arrays.asList(teamIds)),
                new LinkedHashSet<>(Arrays.asList(tiers)), minArr, minArrCurrency, types, Channel.valueOf(channel),
                target, DigestFrequency.valueOf(digest), lastDigestAt, version);
    }
}
