package com.accounthealth.healthscore.infrastructure.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A stored model (health_model, V15): written once, never changed. */
@Entity
@Table(name = "health_model")
public class ModelRow extends PanacheEntityBase {

    @Id
    public String version;
    public String description;
    public String derivedFrom;
    public String author;
    public Instant createdAt;
    /** The model as JSON. */
    public String model;
}
