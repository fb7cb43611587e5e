package com.accounthealth.webapi.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The calling system of this request, from its verified bearer token: the subject recorded as the actor of every
 * event it causes, and the sales teams it may see (claim {@code teams}; absent means every team).
 */
@RequestScoped
public class Caller {

    public static final String TEAMS_CLAIM = "teams";

    private final JsonWebToken token;

    public Caller(JsonWebToken token) {
        this.token = token;
    }

    /** The token's subject: which system (or person) said it. */
    public String subject() {
        return token.getSubject();
    }

    /** The bearer token as the caller sent it, to ask another service on the caller's behalf with its own rights. */
    public String bearerToken() {
        return token.getRawToken();
    }

    public TeamScope teams() {
        if (!token.containsClaim(TEAMS_CLAIM)) {
            return TeamScope.EVERY_TEAM;
        }
        Object claim = token.getClaim(TEAMS_CLAIM);
        Set<String> teams = new LinkedHashSet<>();
        if (claim instanceof JsonArray array) {
            array.forEach(v -> teams.add(v instanceof JsonString s ? s.getString() : v.toString()));
        } else if (claim instanceof Collection<?> values) {
            values.forEach(v -> teams.add(String.valueOf(v)));
        } else if (claim instanceof JsonString s) {
            teams.add(s.getString());
        } else if (claim != null) {
            teams.add(claim.toString());
        }
        return TeamScope.only(teams);
    }
}
