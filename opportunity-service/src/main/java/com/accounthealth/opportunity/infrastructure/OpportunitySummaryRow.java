package com.accounthealth.opportunity.infrastructure;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A deal's list row (opportunity_summary) with what the pipeline reads of it, kept by {@link OpportunityRepository}
 * in the transaction that appends the deal's events. {@code version} is the stream's version, not an optimistic lock.
 */
@Entity
@Table(name = "opportunity_summary")
public class OpportunitySummaryRow extends PanacheEntityBase {

    @Id
    public UUID opportunityId;
    public UUID accountId;
    public String name;
    public String ownerId;
    public String teamId;
    public String type;
    public String stage;
    public String status;
    public int version;
    public BigDecimal amount;
    public String currency;
    public Integer slipCount;
    public LocalDate expectedCloseDate;
    public Instant closedAt;
    /** The deal's stage stays as JSON, written and read with the service's own mapper; null in rows of before V2. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String stays;
    public Instant updatedAt;
}
