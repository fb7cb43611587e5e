package com.accounthealth.opportunity.api;

import com.accounthealth.opportunity.domain.OpportunityRuleViolation;
import com.accounthealth.webapi.Problem;
import com.accounthealth.opportunity.infrastructure.VisibleAccounts;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * A deal rule a command broke: 409 for a closed deal or a repeated change, 400 for missing details, 404; 503 when the
 * deal's account cannot be checked.
 */
public class OpportunityProblems {

    private static final Logger LOG = Logger.getLogger(OpportunityProblems.class);
    private static final int RETRY_AFTER_SECONDS = 5;

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

    /** The deal's account could not be checked: the command is not decided without it, and may be retried. */
    @ServerExceptionMapper
    public Response accountsUnreachable(VisibleAccounts.Unreachable e, UriInfo uri) {
        LOG.warnf("Refused a command on %s: %s", uri.getPath(), e.getMessage());
        return Response.fromResponse(Problem.of(503, "Service unavailable", "The deal's account cannot be checked "
                        + "right now; retry in a few seconds.").at(uri.getPath()).toResponse())
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }
}
