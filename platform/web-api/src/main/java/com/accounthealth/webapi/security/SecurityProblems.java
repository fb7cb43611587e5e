package com.accounthealth.webapi.security;

import com.accounthealth.webapi.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A refused caller gets a problem document like every other error: 401 with a {@code WWW-Authenticate: Bearer}
 * challenge (RFC 6750) when the token is missing or not valid, 403 when it lacks the scope. The reason a token was
 * rejected is logged, not told: a caller probing with forged tokens learns nothing from the answer.
 */
public class SecurityProblems {

    private static final Logger LOG = Logger.getLogger(SecurityProblems.class);

    @ServerExceptionMapper
    public Response missingToken(UnauthorizedException e, UriInfo uri) {
        return Response.fromResponse(Problem.of(401, "Unauthorized",
                        "This API needs a bearer token: send 'Authorization: Bearer <token>'.").at(uri.getPath()).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"account-health\"").build();
    }

    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e, UriInfo uri) {
        LOG.infof("Refused a bearer token on %s: %s", uri.getPath(), reason(e));
        return Response.fromResponse(Problem.of(401, "Unauthorized",
                        "The bearer token is not valid (expired, wrongly signed, or not issued for this API).")
                        .at(uri.getPath()).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"account-health\", error=\"invalid_token\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Problem.of(403, "Forbidden", "The bearer token lacks the scope this operation needs (see the "
                + "operation's security requirement in /q/openapi).").at(uri.getPath()).toResponse();
    }

    /** Something that looks like a JWT (three base64url parts): the verifier's messages quote the token whole. */
    private static final java.util.regex.Pattern JWT =
            java.util.regex.Pattern.compile("[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*");

    /** Why a token was refused, for the log: never the token itself, which may be valid somewhere else. */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root == e ? String.valueOf(e.getMessage()) : root.getClass().getSimpleName() + ": " + root.getMessage();
        return JWT.matcher(reason).replaceAll("<token>");
    }
}
