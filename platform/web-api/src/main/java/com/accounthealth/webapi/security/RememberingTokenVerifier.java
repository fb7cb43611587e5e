package com.accounthealth.webapi.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Clock;

/**
 * Wraps smallrye-jwt's verifier (the parser Quarkus authenticates every bearer token with) so that a calling system's
 * next requests with the same token skip the signature check: the RS256 verification was about a seventh of a
 * command's CPU. Only tokens that passed every check are remembered ({@link VerifiedTokens}), none past its
 * {@code exp}; a refused token is verified, and refused, on every request.
 */
@Decorator
@Priority(1)
public abstract class RememberingTokenVerifier implements JWTParser {

    @ConfigMapping(prefix = "api.verified-tokens")
    public interface Settings {
        /** Verified tokens remembered per instance (each calling system has one or two valid at a time). */
        @WithDefault("1000")
        int kept();
    }

    private final JWTParser verifier;
    private final VerifiedTokens verified;

    @Inject
    RememberingTokenVerifier(@Delegate @Any JWTParser verifier, Settings settings) {
        this.verifier = verifier;
        this.verified = new VerifiedTokens(settings.kept(), Clock.systemUTC());
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        JsonWebToken known = verified.recall(bearerToken);
        if (known != null) {
            return known;
        }
        JsonWebToken token = verifier.parse(bearerToken);
        verified.remember(bearerToken, token);
        return token;
    }
}
