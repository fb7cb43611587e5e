package com.accounthealth.webapi.security;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentMap;

/**
 * Bearer tokens that passed verification lately, each with what it verified to, until its {@code exp} at the latest.
 * Keyed by the exact token, so a token differing in any byte is unknown here. Bounded (Caffeine): the tokens least
 * likely to be used again leave first.
 */
public final class VerifiedTokens {

    private record Verified(JsonWebToken token, Instant expiresAt) {
    }

    private final Clock clock;
    private final ConcurrentMap<String, Verified> kept;

    public VerifiedTokens(int capacity, Clock clock) {
        this.clock = clock;
        this.kept = Caffeine.newBuilder().maximumSize(capacity).executor(Runnable::run)
                .<String, Verified>build().asMap();
    }

    /** What the token verified to, if it passed lately and has not expired since; otherwise null. */
    public synchronized JsonWebToken recall(String bearerToken) {
        Verified earlier = kept.get(bearerToken);
        if (earlier == null) {
            return null;
        }
        if (!clock.instant().isBefore(earlier.expiresAt())) {
            kept.remove(bearerToken);
            return null;
        }
        return earlier.token();
    }

    /** Call only with a token the verifier accepted. One without {@code exp} is not kept: it would never leave. */
    public synchronized void remember(String bearerToken, JsonWebToken verified) {
        if (verified.getExpirationTime() > 0) {
            kept.put(bearerToken, new Verified(verified, Instant.ofEpochSecond(verified.getExpirationTime())));
        }
    }
}
