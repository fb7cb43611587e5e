package com.accounthealth.account.infrastructure;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The index of accounts by their ids in other systems ({@code account_external_reference}). */
@ApplicationScoped
public class AccountReferences {

    /** The reference already names another account; the transaction that tried is to roll back. */
    public static class ReferenceTaken extends RuntimeException {
        private final UUID accountId;

        public ReferenceTaken(UUID accountId) {
            super("The reference belongs to account " + accountId, null, false, false);
            this.accountId = accountId;
        }

        public UUID accountId() {
            return accountId;
        }
    }

    private final EntityManager entities;

    public AccountReferences(EntityManager entities) {
        this.entities = entities;
    }

    public Optional<UUID> accountOf(String system, String externalId) {
        @SuppressWarnings("unchecked")
        List<UUID> found = entities.createNativeQuery("""
                        SELECT account_id FROM account_external_reference WHERE system = ?1 AND external_id = ?2""",
                        UUID.class).setParameter(1, system).setParameter(2, externalId).getResultList();
        return found.stream().findFirst();
    }

    /**
     * Records that the reference names {@code accountId}. A concurrent link of the same reference waits for the first
     * to commit (the primary key), then finds it taken.
     *
     * @throws ReferenceTaken if it names another account
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void link(String system, String externalId, UUID accountId) {
        int inserted = entities.createNativeQuery("""
                        INSERT INTO account_external_reference (system, external_id, account_id) VALUES (?1, ?2, ?3)
                        ON CONFLICT (system, external_id) DO NOTHING""")
                .setParameter(1, system).setParameter(2, externalId).setParameter(3, accountId).executeUpdate();
        if (inserted == 0) {
            UUID owner = accountOf(system, externalId).orElseThrow();
            if (!owner.equals(accountId)) {
                throw new ReferenceTaken(owner);
            }
        }
    }
}
