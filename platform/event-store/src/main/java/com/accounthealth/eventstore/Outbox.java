package com.accounthealth.eventstore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Writes records to the transactional outbox inside the caller's transaction, so they exist exactly when the state
 * change they announce commits. The relay is told once that transaction has committed ({@link OutboxCommits}).
 */
@ApplicationScoped
public class Outbox {

    static final String CHANNEL = "outbox";

    private final DataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxCommits commits;

    public Outbox(DataSource dataSource, TransactionSynchronizationRegistry transactions, OutboxCommits commits) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.commits = commits;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(List<OutboxRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO outbox (topic, record_key, headers, payload) VALUES (?, ?, ?::jsonb, ?)")) {
            for (OutboxRecord r : records) {
                insert.setString(1, r.topic());
                insert.setString(2, r.key());
                insert.setString(3, "{\"content-type\":\"application/cloudevents+json; charset=UTF-8\"}");
                insert.setString(4, r.payload());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new EventStoreFailure("Could not write " + records.size() + " outbox records", e);
        }
        announceAfterCommit();
    }

    /** Once per transaction, however many times it enqueues. */
    private void announceAfterCommit() {
        if (transactions.getResource(Outbox.class) != null) {
            return;
        }
        transactions.putResource(Outbox.class, Boolean.TRUE);
        AfterCommit.run(transactions, commits::recordsCommitted);
    }
}
