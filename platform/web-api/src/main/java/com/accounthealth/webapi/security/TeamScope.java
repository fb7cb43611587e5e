package com.accounthealth.webapi.security;

import com.accounthealth.webapi.Problem;
import com.accounthealth.webapi.ProblemException;

import java.util.Set;
import java.util.TreeSet;

/**
 * The sales teams a caller may see: every team, or only those its token's {@code teams} claim names. Things of other
 * teams are answered as not found (404), never as forbidden, so a scoped caller cannot even learn that they exist.
 *
 * @param teams null for every team; otherwise the teams named (an empty claim names none)
 */
public record TeamScope(Set<String> teams) {

    public static final TeamScope EVERY_TEAM = new TeamScope(null);

    public static TeamScope only(Set<String> teams) {
        return new TeamScope(Set.copyOf(teams));
    }

    public boolean everyTeam() {
        return teams == null;
    }

    public boolean includes(String teamId) {
        return teams == null || (teamId != null && teams.contains(teamId));
    }

    /** For SQL: {@code (?::text[] IS NULL OR team_id = ANY(?))}. */
    public String[] asSqlArray() {
        return teams == null ? null : teams.toArray(String[]::new);
    }

    /** Creating something for a team, or moving it to one, outside the scope: refused, naming the field. */
    public void requireForWrite(String teamId, String field) {
        if (!includes(teamId)) {
            throw new ProblemException(Problem.of(403, "Forbidden", "This token may not write for team '" + teamId
                            + "'; it is limited to " + new TreeSet<>(teams) + ".")
                    .withErrors(java.util.List.of(new Problem.FieldError(field, "is a team outside this token's scope"))));
        }
    }

    /** Portfolio-wide operations need a token that is not limited to some teams. */
    public void requireEveryTeam(String operation) {
        if (teams != null) {
            throw new ProblemException(Problem.of(403, "Forbidden", operation
                    + " works on the whole portfolio; this token is limited to " + new TreeSet<>(teams) + "."));
        }
    }
}
