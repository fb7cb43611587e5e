package com.accounthealth.account.infrastructure;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * An account's list row (account_summary), kept by {@link AccountRepository} in the transaction that appends the
 * account's events. {@code version} is the stream's version, not an optimistic lock: the append's check guards that.
 */
@Entity
@Table(name = "account_summary")
public class AccountSummaryRow extends PanacheEntityBase {

    @Id
    public UUID accountId;
    public String name;
    public String ownerId;
    public String teamId;
    public String tier;
    public String status;
    public int version;
    public Instant updatedAt;
}
