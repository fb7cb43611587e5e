package com.accounthealth.opportunity.api;

import com.accounthealth.opportunity.domain.OpportunityRuleViolation;
import com.accounthealth.webapi.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** A deal rule a command broke: 409 for a closed deal or a repeated change, 400 for missing details, 404. */
public class OpportunityProblems {

    @ServerExceptionMapper
    public Response refused(OpportunityRuleViolation e, UriInfo uri) {
        Problem problem = switch (e.kind()) {
            case CONFLICT -> Problem.of(409, "Refused by the deal's rules", e.getMessage());
            case INVALID -> Problem.of(400, "Invalid request", e.getMessage());
            case NOT_FOUND -> Problem.of(404, "Not found", e.getMessage());
        };
        if (e.field() != null) {
            problem = problem.withErrors(List.of(new Problem.FieldError(e.field(), e.getMessage())));
        }
        return problem.at(uri.getPath()).toResponse();
    }
}
