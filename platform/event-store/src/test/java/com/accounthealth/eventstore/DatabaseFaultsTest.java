package com.accounthealth.eventstore;

import jakarta.transaction.RollbackException;
import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseFaultsTest {

    @Test
    void aServerThatIsGoingAwayIsUnavailable() {
        assertThat(DatabaseFaults.unavailable(new SQLException("terminating connection", "57P01")))
                .isTrue();
        assertThat(DatabaseFaults.unavailable(new SQLException("read-only", "25006"))).isTrue();
    }

    @Test
    void aRefusalOfTheWorkItselfIsNot() {
        assertThat(DatabaseFaults.unavailable(new SQLException("numeric field overflow", "22003"))).isFalse();
        assertThat(DatabaseFaults.unavailable(new IllegalStateException("a bug"))).isFalse();
    }

    /** The shape Narayana gives a commit that PostgreSQL's fast shutdown interrupted (seen in the fault suite). */
    @Test
    void aCommitInterruptedByShutdownIsFoundAmongSuppressedExceptions() {
        XAException xa = new XAException("Error trying to transactionCommit local transaction");
        xa.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);

        assertThat(DatabaseFaults.unavailable(new RuntimeException(rollback))).isTrue();
    }

    @Test
    void aSuppressedRefusalIsStillARefusal() {
        RollbackException rollback = new RollbackException("Could not commit");
        rollback.addSuppressed(new SQLException("duplicate key", "23505"));

        assertThat(DatabaseFaults.unavailable(rollback)).isFalse();
    }

    @Test
    void aFullDiskOrAReadOnlyDatabaseRefusesEveryWriteWhereALockTimeoutConcernsOneRequest() {
        SQLException diskFull = new SQLException("could not extend file \"base/16384/16385\": No space left", "53100");
        EventStoreFailure outboxFull = new EventStoreFailure("Could not write 1 outbox records", diskFull);
        assertThat(DatabaseFaults.refusesEveryWrite(outboxFull)).isTrue();
        assertThat(DatabaseFaults.refusesEveryWrite(new SQLException("read-only transaction", "25006"))).isTrue();
        assertThat(DatabaseFaults.refusesEveryWrite(new SQLException("too many clients", "53300"))).isTrue();

        assertThat(DatabaseFaults.refusesEveryWrite(new SQLException("lock timeout", "55P03"))).isFalse();
        assertThat(DatabaseFaults.refusesEveryWrite(new SQLException("could not serialize", "40001"))).isFalse();
        assertThat(DatabaseFaults.refusesEveryWrite(new SQLException("Sorry, acquisition timeout!"))).isFalse();
        assertThat(DatabaseFaults.unavailable(new SQLException("Sorry, acquisition timeout!"))).isTrue();
    }
}
