package com.accounthealth.account.api;

import com.accounthealth.account.domain.AccountRuleViolation;
import com.accounthealth.webapi.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** An account rule a command broke: 409 when the account's state forbids it, 422 for a bad reference, 404. */
public class AccountProblems {

    @ServerExceptionMapper
    public Response refused(AccountRuleViolation e, UriInfo uri) {
        Problem problem = switch (e.kind()) {
            case CONFLICT -> Problem.of(409, "Refused by the account's rules", e.getMessage());
            case INVALID -> Problem.of(422, "Invalid reference", e.getMessage());
            case NOT_FOUND -> Problem.of(404, "Not found", e.getMessage());
        };
        if (e.field() != null) {
            problem = problem.withErrors(List.of(new Problem.FieldError(e.field(), e.getMessage())));
        }
        return problem.at(uri.getPath()).toResponse();
    }
}
