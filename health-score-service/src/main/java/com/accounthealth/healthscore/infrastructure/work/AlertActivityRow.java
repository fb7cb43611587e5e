package com.accounthealth.healthscore.infrastructure.work;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One step of the work on an alert (alert_activity, V19): acknowledged, assigned, commented, snoozed, resolved, escalated. */
@Entity
@Table(name = "alert_activity")
public class AlertActivityRow extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long activityId;
    public UUID alertId;
    public Instant at;
    public String actor;
    public String action;
    public String detail;
}
