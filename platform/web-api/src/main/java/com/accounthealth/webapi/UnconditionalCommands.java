package com.accounthealth.webapi;

import com.accounthealth.eventstore.ConcurrencyConflict;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * A command without {@code If-Match} is not conditional: it is decided on the stream as it is when the command gets
 * its turn. Commands on one stream take turns ({@link com.accounthealth.eventstore.EventStore#lockStream}), so a
 * conflict is left only with a writer that does not take the lock (a replica of an older version during a rolling
 * update): such a command is decided again, in a new transaction. Only a command that named the version it was
 * decided on answers 409.
 */
public final class UnconditionalCommands {

    private static final Logger LOG = Logger.getLogger(UnconditionalCommands.class);
    static final int ATTEMPTS = 8;

    private UnconditionalCommands() {
    }

    /** Runs an unconditional command, deciding it again (up to {@link #ATTEMPTS} times) when its stream moved on. */
    public static <T> T decideOn(Supplier<T> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (ConcurrencyConflict e) {
                if (n == ATTEMPTS) {
                    throw e;
                }
                LOG.debugf("Stream %s moved on under an unconditional command; deciding again (attempt %d)",
                        e.streamId(), n + 1);
            }
        }
    }

    /** @param attempt the whole command in a transaction of its own, e.g. through {@link IdempotentRequests#once} */
    public static Response decide(OptionalInt ifMatch, Supplier<Response> attempt) {
        // A conditional command answers its conflict: the caller named the version it decided on.
        return ifMatch.isPresent() ? attempt.get() : decideOn(attempt);
    }
}
