package com.accounthealth.healthscore.infrastructure.notification;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.UUID;

/**
 * One notification to send (notification_delivery): an alert to a subscription, or a subscription's digest of a
 * period. Its unique keys make it one per (alert, subscription) and per (period, subscription).
 */
@Entity
@Table(name = "notification_delivery")
public class DeliveryRow extends PanacheEntityBase {

    @Id
    public UUID deliveryId;
    public UUID subscriptionId;
    /** ALERT, DIGEST or MODEL_CHANGE. */
    public String kind;
    public UUID alertId;
    public UUID accountId;
    public String alertType;
    public String noiseKey;
    public Integer severity;
    public Instant digestPeriodEnd;
    /** The re-score job of the activation a MODEL_CHANGE delivery summarizes. */
    public UUID modelChangeJob;
    /** The composed digest or model-change summary (JSON: what it says and the message). */
    @JdbcTypeCode(SqlTypes.JSON)
    public String digest;
    public String teamId;
    public String status;
    public String statusReason;
    public int attempts;
    public Instant createdAt;
    public Instant nextAttemptAt;
    public Instant giveUpAt;
    public Instant deliveredAt;
}
