package com.accounthealth.webapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * An RFC 9457 problem details document. {@code errors} names each bad field of the request; {@code currentVersion}
 * tells a client whose conditional write lost a race what to read again.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors, Integer currentVersion) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One bad part of the request: a JSON path into the body, or a path, query or header parameter. */
    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null, null, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors, currentVersion);
    }

    public Problem withCurrentVersion(int version) {
        return new Problem(type, title, status, detail, instance, errors, version);
    }

    public Problem at(String path) {
        return new Problem(type, title, status, detail, path, errors, currentVersion);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
