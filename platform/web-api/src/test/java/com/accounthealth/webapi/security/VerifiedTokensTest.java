package com.accounthealth.webapi.security;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-30T09:00:00Z");

    private Instant now = NOW;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void aVerifiedTokenIsRecalledUntilItExpiresAndNotAfter() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        JsonWebToken crmSync = verified("crm-sync", NOW.plus(Duration.ofMinutes(5)));
        tokens.remember("token-a", crmSync);

        assertThat(tokens.recall("token-a")).isSameAs(crmSync);
        assertThat(tokens.recall("token-a ")).as("the exact token only").isNull();

        now = NOW.plus(Duration.ofMinutes(5)).minusMillis(1);
        assertThat(tokens.recall("token-a")).isSameAs(crmSync);
        now = NOW.plus(Duration.ofMinutes(5));
        assertThat(tokens.recall("token-a")).as("at its exp").isNull();
    }

    @Test
    void aTokenWithoutExpiryIsNeverKept() {
        VerifiedTokens tokens = new VerifiedTokens(10, clock);
        tokens.remember("token-a", verified("crm-sync", null));
        assertThat(tokens.recall("token-a")).isNull();
    }

    @Test
    void noMoreTokensAreKeptThanTheBound() {
        VerifiedTokens tokens = new VerifiedTokens(2, clock);
        Instant exp = NOW.plus(Duration.ofHours(1));
        List<String> kept = List.of("crm", "survey", "billing", "support");
        kept.forEach(token -> tokens.remember(token, verified(token, exp)));

        assertThat(kept.stream().filter(token -> tokens.recall(token) != null).count()).isLessThanOrEqualTo(2);
    }

    private static JsonWebToken verified(String subject, Instant expiresAt) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(subject);
        if (expiresAt != null) {
            claims.setExpirationTime(NumericDate.fromSeconds(expiresAt.getEpochSecond()));
        }
        return new DefaultJWTCallerPrincipal(claims);
    }
}
