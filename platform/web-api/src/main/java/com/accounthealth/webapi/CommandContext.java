package com.accounthealth.webapi;

import com.accounthealth.eventstore.CommandMetadata;
import com.accounthealth.webapi.security.Caller;
import jakarta.ws.rs.core.HttpHeaders;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What every command request carries besides its body: who sends it (the subject of its verified bearer token), under
 * which correlation id, and when.
 */
public final class CommandContext {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    /** Business time may lie in the past (backfills); in the future only by clock skew. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private CommandContext() {
    }

    /** The caller is always authenticated here: every command endpoint requires a token with a subject. */
    public static CommandMetadata metadata(Caller caller, HttpHeaders headers) {
        String correlation = headers.getHeaderString(CORRELATION_HEADER);
        return new CommandMetadata(caller.subject(),
                correlation == null || correlation.isBlank() ? UUID.randomUUID().toString() : correlation);
    }

    /** When the fact happened: the request's {@code occurredAt}, or now. */
    public static Instant businessTime(Instant occurredAt) {
        Instant now = Instant.now();
        if (occurredAt == null) {
            return now;
        }
        if (occurredAt.isAfter(now.plus(CLOCK_SKEW))) {
            throw ProblemException.badField("occurredAt", "lies in the future");
        }
        return occurredAt;
    }
}
