package com.accounthealth.webapi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * Accounts, contacts and deals by their ids in other systems ({@code external_reference}), for both writers: what a
 * sync from a CRM looks up instead of keeping its own map to our ids. Written in the transaction of the event that
 * links the reference.
 */
@ApplicationScoped
public class ReferenceIndex {

    /** What a reference names: an account, contact or deal ({@code targetId}) and the account it belongs to. */
    public record Target(UUID targetId, UUID accountId) {
    }

    /** The reference already names something else; the transaction that tried is to roll back. */
    public static class ReferenceTaken extends RuntimeException {
        private final transient Target owner;

        public ReferenceTaken(Target owner) {
            super("The reference belongs to " + owner.targetId(), null, false, false);
            this.owner = owner;
        }

        public Target owner() {
            return owner;
        }
    }

    private final DataSource dataSource;

    public ReferenceIndex(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param kind {@code account}, {@code contact} or {@code opportunity} */
    public Optional<Target> find(String kind, ExternalReference reference) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT target_id, account_id FROM external_reference WHERE kind = ? AND system = ? AND external_id = ?""")) {
            ps.setString(1, kind);
            ps.setString(2, reference.system());
            ps.setString(3, reference.externalId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Target(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not look up " + kind + " reference " + reference, e);
        }
    }

    /**
     * Records that the reference names {@code target}. A concurrent link of the same reference waits for the first
     * to commit (the primary key), then finds it taken.
     *
     * @throws ReferenceTaken if it names something else
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void link(String kind, ExternalReference reference, Target target) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO external_reference (kind, system, external_id, target_id, account_id)
                     VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, system, external_id) DO NOTHING""")) {
            ps.setString(1, kind);
            ps.setString(2, reference.system());
            ps.setString(3, reference.externalId());
            ps.setObject(4, target.targetId());
            ps.setObject(5, target.accountId());
            if (ps.executeUpdate() == 0) {
                Target owner = find(kind, reference).orElseThrow();
                if (!owner.targetId().equals(target.targetId())) {
                    throw new ReferenceTaken(owner);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not link " + kind + " reference " + reference, e);
        }
    }
}
