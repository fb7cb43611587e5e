package com.accounthealth.healthscore.infrastructure.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One activation of a model (health_model_activation, V15); the newest is the model in force. */
@Entity
@Table(name = "health_model_activation")
public class ActivationRow extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long activationId;
    public String version;
    public Instant activatedAt;
    public String activatedBy;
    public UUID jobId;
}
