package com.accounthealth.opportunity.api;

import com.accounthealth.opportunity.infrastructure.VisibleAccounts;
import com.accounthealth.webapi.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.UUID;


/** A deal command waits on its account: 503 when the account cannot be checked (refusals are the shared ones). */
public class OpportunityProblems {

    private static final Logger LOG = Logger.getLogger(OpportunityProblems.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    /** The deal's account could not be checked: the command is not decided without it, and may be retried. */
    @ServerExceptionMapper
    public Response accountsUnreachable(VisibleAccounts.Unreachable e, UriInfo uri) {
        LOG.warnf("Refused a command on %s: %s", uri.getPath(), e.getMessage());
        return Response.fromResponse(accountUncheckable().at(uri.getPath()).toResponse())
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS).build();
    }

    /** The answer to an opening on an account account-service does not show to the caller's token. */
    static Problem accountNotVisible(UUID accountId) {
        return Problem.of(404, "Not found", "No account " + accountId + " that this token may see (a deal's account "
                        + "is checked with account-service, scope accounts:read).")
                .withErrors(List.of(new Problem.FieldError("accountId", "is not an account this token may see")));
    }

    /** The answer to a command whose deal's account account-service could not vouch for. */
    static Problem accountUncheckable() {
        return Problem.of(503, "Service unavailable", "The deal's account cannot be checked right now; retry in a few "
                + "seconds.");
    }
}
