package com.accounthealth.webapi;

import com.accounthealth.webapi.security.TeamScope;
import io.quarkus.panache.common.Parameters;

import java.util.StringJoiner;

/**
 * The condition of an entity query (HQL) built from the filters a caller gave: a filter left out drops out of the
 * query instead of becoming {@code (:x IS NULL OR ...)}, which PostgreSQL cannot type for a null parameter.
 */
public final class EntityFilter {

    private final StringJoiner where = new StringJoiner(" and ");
    private final Parameters parameters = new Parameters();

    /** {@code field = value}, when a value is given. */
    public EntityFilter equal(String field, Object value) {
        if (value != null) {
            where.add(field + " = :" + field);
            parameters.and(field, value);
        }
        return this;
    }

    /** {@code field} is one of the caller's teams (no condition for a caller who sees every team). */
    public EntityFilter teamIn(String field, TeamScope visible) {
        if (!visible.everyTeam()) {
            // An empty IN list is not valid HQL; a caller of no team sees nothing.
            where.add(visible.teams().isEmpty() ? "1 = 0" : field + " in :visibleTeams");
            if (!visible.teams().isEmpty()) {
                parameters.and("visibleTeams", visible.teams());
            }
        }
        return this;
    }

    /** A condition of the entity's own, with the parameters it names. */
    public EntityFilter where(String condition, Parameters named) {
        where.add(condition);
        named.map().forEach(parameters::and);
        return this;
    }

    /** The condition (empty when nothing filters: every row). */
    public String query() {
        return where.toString();
    }

    public Parameters parameters() {
        return parameters;
    }
}
