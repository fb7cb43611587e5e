package com.accounthealth.healthscore.infrastructure.notification;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** One attempt to send a delivery and how it went (notification_attempt). */
@Entity
@Table(name = "notification_attempt")
@IdClass(AttemptRow.Key.class)
public class AttemptRow extends PanacheEntityBase {

    public record Key(UUID deliveryId, int attempt) implements Serializable {
    }

    @Id
    public UUID deliveryId;
    @Id
    public int attempt;
    public Instant startedAt;
    public long durationMs;
    public boolean succeeded;
    public String outcome;
}
