package com.accounthealth.webapi;

import com.accounthealth.eventstore.ConcurrencyConflict;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * A command without {@code If-Match} is not conditional: when another command on the same stream appended between
 * its read and its append, it is decided again, in a new transaction, on the stream as it is now. Only a command
 * that named the version it was decided on answers 409. (Of two appends of one version, the later waits for the
 * earlier's commit and then fails: of commands arriving on one stream at once, each round commits one, so the
 * attempts cover that many at once.)
 */
public final class UnconditionalCommands {

    private static final Logger LOG = Logger.getLogger(UnconditionalCommands.class);
    static final int ATTEMPTS = 8;

    private UnconditionalCommands() {
    }

    /** @param attempt the whole command in a transaction of its own, e.g. through {@link IdempotentRequests#once} */
    public static Response decide(OptionalInt ifMatch, Supplier<Response> attempt) {
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (ConcurrencyConflict e) {
                if (ifMatch.isPresent() || n == ATTEMPTS) {
                    throw e;
                }
                LOG.debugf("Stream %s moved on under an unconditional command; deciding again (attempt %d)",
                        e.streamId(), n + 1);
            }
        }
    }
}
