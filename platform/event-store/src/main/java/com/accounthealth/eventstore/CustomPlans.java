package com.accounthealth.eventstore;

import org.postgresql.PGStatement;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Statements that join an array of ids to a table that grows fast (a bulk import fills event_store by thousands of
 * rows a second). The driver prepares a statement on the server after its fifth use, and PostgreSQL may then keep a
 * generic plan made while the table was small: a sequential scan joined to the array, which grew to 10-30 ms a call
 * during the bench's account import. Planned each time, the plan sees the table's size. Not a rule for every such
 * join: planned each time, the idempotency keys' lookup chose the sequential scan itself (110 ms a call).
 */
public final class CustomPlans {

    private CustomPlans() {
    }

    /** The statement, never prepared on the server: planned with its values and the table as it is, each time. */
    public static PreparedStatement plannedEachTime(PreparedStatement statement) throws SQLException {
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        return statement;
    }
}
