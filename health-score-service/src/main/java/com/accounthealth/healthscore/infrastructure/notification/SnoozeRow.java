package com.accounthealth.healthscore.infrastructure.notification;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** An account (or one alert type on it) snoozed until a moment (notification_snooze); null alert type: every type. */
@Entity
@Table(name = "notification_snooze")
public class SnoozeRow extends PanacheEntityBase {

    @Id
    public UUID snoozeId;
    public UUID accountId;
    public String alertType;
    public Instant until;
    public String reason;
    public String teamId;
    public String createdBy;
    public Instant createdAt;
}
