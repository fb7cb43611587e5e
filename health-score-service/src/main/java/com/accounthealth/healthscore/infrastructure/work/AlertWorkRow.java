package com.accounthealth.healthscore.infrastructure.work;

import com.accounthealth.healthscore.domain.work.AlertWork;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** The work state of one alert someone has touched (alert_work, V19); optimistic locking keeps two leaders' clicks apart. */
@Entity
@Table(name = "alert_work")
public class AlertWorkRow extends PanacheEntityBase {

    @Id
    public UUID alertId;
    public String teamId;
    @Enumerated(EnumType.STRING)
    public AlertWork.State state;
    public String assignee;
    public Instant snoozedUntil;
    public Instant acknowledgedAt;
    public String acknowledgedBy;
    public Instant resolvedAt;
    public String resolvedBy;
    public String resolution;
    public Instant escalatedAt;
    @Version
    public long version;

    public AlertWork work() {
        return new AlertWork(state, assignee, snoozedUntil, acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy,
                resolution, escalatedAt);
    }

    public void apply(AlertWork work) {
        state = work.state();
        assignee = work.assignee();
        snoozedUntil = work.snoozedUntil();
        acknowledgedAt = work.acknowledgedAt();
        acknowledgedBy = work.acknowledgedBy();
        resolvedAt = work.resolvedAt();
        resolvedBy = work.resolvedBy();
        resolution = work.resolution();
        escalatedAt = work.escalatedAt();
    }
}
