package com.accounthealth.eventstore;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
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
    /**
     * The part of those that no request of any caller gets past either (out of disk, memory or connections; a system
     * or I/O error; read-only): they make the instance unready, where a lock timeout or a lost race concerns one
     * request.
     */
    private static final Set<String> EVERY_WRITE_CLASSES = Set.of("53", "58");
    private static final Set<String> EVERY_WRITE_STATES = Set.of("25006");

    private DatabaseFaults() {
    }

    /**
     * True when {@code failure}, one of its causes or an exception suppressed on the way (a transaction manager puts
     * the driver's failed commit there) says the database cannot take the work now.
     */
    public static boolean unavailable(Throwable failure) {
        boolean unanswered = false;
        for (Throwable t : causesAndSuppressed(failure)) {
            if (t instanceof ConnectException || t instanceof SQLTransientException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state == null) {
                    unanswered = true; // e.g. the pool's acquisition timeout; a cause may still carry the server's answer
                } else {
                    return oneOf(state, UNAVAILABLE_STATES, UNAVAILABLE_CLASSES);
                }
            }
        }
        // Only errors without the server's answer: the pool or driver failed before it could answer.
        return unanswered;
    }

    /**
     * True when the server's answer in {@code failure} says no write can succeed now, whoever sends it: a full disk, a
     * read-only database, no connection slots left, an I/O error.
     */
    public static boolean refusesEveryWrite(Throwable failure) {
        for (Throwable t : causesAndSuppressed(failure)) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return oneOf(sql.getSQLState(), EVERY_WRITE_STATES, EVERY_WRITE_CLASSES);
            }
        }
        return false;
    }

    /** Whether a SQLSTATE is one of {@code states} or in one of {@code classes} (its first two characters). */
    private static boolean oneOf(String state, Set<String> states, Set<String> classes) {
        return states.contains(state) || state.length() == 5 && classes.contains(state.substring(0, 2));
    }

    /** {@code failure}, then what was suppressed on it, then its cause, and so on: each once, outermost first. */
    private static List<Throwable> causesAndSuppressed(Throwable failure) {
        List<Throwable> found = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> next = new ArrayDeque<>(List.of(failure));
        while (!next.isEmpty()) {
            Throwable t = next.pop();
            if (!seen.add(t)) {
                continue;
            }
            found.add(t);
            if (t.getCause() != null) {
                next.push(t.getCause());
            }
            Throwable[] suppressed = t.getSuppressed();
            for (int i = suppressed.length - 1; i >= 0; i--) {
                next.push(suppressed[i]);
            }
        }
        return found;
    }
}
