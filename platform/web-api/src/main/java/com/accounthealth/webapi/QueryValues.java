package com.accounthealth.webapi;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.Map;

/**
 * Refuses a query parameter holding a NUL character with a 400 problem naming it, before any resource reads it:
 * PostgreSQL text cannot carry one, so a filter value with it reached the database as an error answered 500.
 */
public class QueryValues {

    @ServerRequestFilter
    public void refuseNul(ContainerRequestContext request) {
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters().entrySet()) {
            if (parameter.getKey().indexOf('\0') >= 0 || parameter.getValue().stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
                throw ProblemException.badField(parameter.getKey().replace('\0', ' '), "must not contain a NUL character");
            }
        }
    }
}
