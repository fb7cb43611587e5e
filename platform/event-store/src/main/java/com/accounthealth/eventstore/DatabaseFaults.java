package com.accounthealth.eventstore;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a database that cannot take the work now (down, unreachable, full, read-only, out of connections, a timeout or
 * a lost serialisation race) from one that refused this work for a reason of its own (bad data, a broken
 * constraint). The first passes with time and is retried; the second fails the same way on every retry.
 */
public final class DatabaseFaults {

    /** SQLSTATE classes of a database that cannot work now: connection, resources, operator intervention. */
    private static final Set<String> UNAVAILABLE_CLASSES = Set.of("08", "53", "57", "58");
    /** Single SQLSTATEs of the same kind: serialisation failure, deadlock, lock not available, read-only. */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("40001", "40P01", "55P03", "25006");

    private DatabaseFaults() {
    }

    /** True when {@code failure} or one of its causes says the database cannot take the work now. */
    public static boolean unavailable(Throwable failure) {
        boolean unanswered = false;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state == null) {
                    unanswered = true; // e.g. the pool's acquisition timeout; a cause may still carry the server's answer
                } else {
                    return UNAVAILABLE_STATES.contains(state)
                            || state.length() == 5 && UNAVAILABLE_CLASSES.contains(state.substring(0, 2));
                }
            }
        }
        // Only errors without the server's answer: the pool or driver failed before it could answer.
        return unanswered;
    }
}
