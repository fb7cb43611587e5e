package com.accounthealth.eventstore;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
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

    /**
     * True when {@code failure}, one of its causes or an exception suppressed on the way (a transaction manager puts
     * the driver's failed commit there) says the database cannot take the work now.
     */
    public static boolean unavailable(Throwable failure) {
        Verdict verdict = judge(failure, Collections.newSetFromMap(new IdentityHashMap<>()));
        // Only errors without the server's answer: the pool or driver failed before it could answer.
        return verdict == Verdict.UNAVAILABLE || verdict == Verdict.UNANSWERED;
    }

    private enum Verdict { UNAVAILABLE, REFUSED, UNANSWERED, NONE }

    private static Verdict judge(Throwable failure, Set<Throwable> seen) {
        Verdict found = Verdict.NONE;
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof SQLTransientException) {
                return Verdict.UNAVAILABLE;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state == null) {
                    found = Verdict.UNANSWERED; // e.g. the pool's acquisition timeout; a cause may carry the server's answer
                } else {
                    return UNAVAILABLE_STATES.contains(state)
                            || state.length() == 5 && UNAVAILABLE_CLASSES.contains(state.substring(0, 2))
                            ? Verdict.UNAVAILABLE : Verdict.REFUSED;
                }
            }
            for (Throwable suppressed : t.getSuppressed()) {
                Verdict inner = judge(suppressed, seen);
                if (inner == Verdict.UNAVAILABLE || inner == Verdict.REFUSED) {
                    return inner;
                }
                if (inner == Verdict.UNANSWERED) {
                    found = inner;
                }
            }
        }
        return found;
    }
}
