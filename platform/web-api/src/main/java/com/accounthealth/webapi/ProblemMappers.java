package com.accounthealth.webapi;

import com.accounthealth.eventstore.ConcurrencyConflict;
import com.accounthealth.eventstore.DatabaseFaults;
import com.accounthealth.eventstore.DatabaseWrites;
import com.accounthealth.eventstore.EventStore;
import com.accounthealth.kernel.RuleViolation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every error any service answers is an RFC 9457 problem document naming what was wrong; none carries a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final EventStore eventStore;
    private final AllowedMethods allowedMethods;
    private final DatabaseWrites databaseWrites;

    public ProblemMappers(EventStore eventStore, AllowedMethods allowedMethods, DatabaseWrites databaseWrites) {
        this.eventStore = eventStore;
        this.allowedMethods = allowedMethods;
        this.databaseWrites = databaseWrites;
    }

    /**
     * The problem an error of the request itself makes (a bad value, a refused command), for a line of a bulk import as
     * for a whole request; empty for anything else.
     *
     * @param e for bean validation, a {@link ConstraintViolationException} of {@code Validator.validate(body)}
     */
    public static Optional<Problem> ofRequestError(Throwable e) {
        return Optional.ofNullable(switch (e) {
            case ProblemException p -> p.problem();
            case ConstraintViolationException c -> invalid(c.getConstraintViolations(), 0);
            case JsonMappingException m -> unreadable(m);
            case JsonParseException p -> malformed(p);
            case RuleViolation r -> refused(r);
            default -> null;
        });
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return e.problem().at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        // A resource method's constraint paths read method.parameter.field...: a client knows only the field.
        return invalid(e.getConstraintViolations(), 2).at(uri.getPath()).toResponse();
    }

    private static Problem invalid(Set<ConstraintViolation<?>> violations, int leadingNodes) {
        List<Problem.FieldError> errors = violations.stream()
                .map(v -> new Problem.FieldError(field(v, leadingNodes), v.getMessage()))
                // By field, then message: two violations of one field read the same on every answer.
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        return Problem.of(400, "Invalid request", describe(errors)).withErrors(errors);
    }

    private static String field(ConstraintViolation<?> v, int leadingNodes) {
        List<String> nodes = new ArrayList<>();
        for (Path.Node node : v.getPropertyPath()) {
            String name = node.getName();
            if (node.getIndex() != null && !nodes.isEmpty()) {
                nodes.set(nodes.size() - 1, nodes.get(nodes.size() - 1) + "[" + node.getIndex() + "]");
            }
            if (name != null && !name.startsWith("<")) {
                nodes.add(name);
            }
        }
        if (nodes.size() <= leadingNodes) {
            return nodes.isEmpty() ? "body" : nodes.get(nodes.size() - 1);
        }
        return nodes.isEmpty() ? "body" : String.join(".", nodes.subList(leadingNodes, nodes.size()));
    }

    /** Quarkus maps this subtype itself; ours names the field in a problem document instead. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadable(JsonMappingException e, UriInfo uri) {
        return unreadable(e).at(uri.getPath()).toResponse();
    }

    private static Problem unreadable(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            message = "is not a known property";
            field = field.isEmpty() ? u.getPropertyName() : field;
        } else if (e instanceof StrictJson.RefusedValue refused) {
            message = refused.reason();
        } else if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            message = "'" + f.getValue() + "' is not one of " + Arrays.toString(f.getTargetType().getEnumConstants());
        } else if (e instanceof InvalidFormatException f) {
            message = "'" + f.getValue() + "' is not a valid " + f.getTargetType().getSimpleName();
        } else {
            message = "has the wrong type or format";
        }
        if (field.isEmpty()) {
            field = "body";
            message = "is not the JSON object this operation expects";
        }
        List<Problem.FieldError> errors = List.of(new Problem.FieldError(field, message));
        return Problem.of(400, "Invalid request", describe(errors)).withErrors(errors);
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri) {
        return malformed(e).at(uri.getPath()).toResponse();
    }

    private static Problem malformed(JsonParseException e) {
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
        Problem.FieldError error = duplicate.lookingAt()
                ? new Problem.FieldError(duplicate.group(1), "appears more than once in its object")
                : new Problem.FieldError("body", "is not well-formed JSON");
        return Problem.of(400, "Malformed JSON", "The body is not well-formed JSON: " + e.getOriginalMessage())
                .withErrors(List.of(error));
    }

    /** Jackson's words for a property named twice in one object (StrictJson turns that check on). */
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");

    /** A method the path does not have: 405 with the methods it has in {@code Allow} (RFC 9110). */
    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e, UriInfo uri) {
        Set<String> allowed = allowedMethods.of(uri.getPath());
        return Response.fromResponse(Problem.of(405, "Method not allowed", "This resource answers only "
                        + String.join(", ", allowed) + ".").at(uri.getPath()).toResponse())
                .allow(allowed).build();
    }

    /** A command an aggregate refused: every writer answers its refusals alike (statuses on {@link RuleViolation.Kind}). */
    @ServerExceptionMapper
    public Response refused(RuleViolation e, UriInfo uri) {
        return refused(e).at(uri.getPath()).toResponse();
    }

    private static Problem refused(RuleViolation e) {
        Problem problem = switch (e.kind()) {
            case CONFLICT -> Problem.of(409, "Refused in the current state", e.getMessage());
            case INVALID -> Problem.of(400, "Invalid request", e.getMessage());
            case NOT_FOUND -> Problem.of(404, "Not found", e.getMessage());
        };
        if (e.field() != null) {
            problem = problem.withErrors(List.of(new Problem.FieldError(e.field(), e.getMessage())));
        }
        return problem;
    }

    @ServerExceptionMapper
    public Response conflict(ConcurrencyConflict e, UriInfo uri) {
        int current = eventStore.currentVersion(e.streamId());
        return Problem.of(409, "Version conflict", "The resource is at version " + current + ", not "
                        + e.expectedVersion() + ": read it again and decide anew.")
                .withCurrentVersion(current).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        // A body Jackson could not read may arrive wrapped in a 400.
        if (e.getCause() instanceof JsonParseException parse) {
            return malformed(parse, uri);
        }
        if (e.getCause() instanceof JsonMappingException mapping) {
            return unreadable(mapping, uri);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        return Problem.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage()).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (DatabaseFaults.unavailable(e)) {
            // A restart or failover passes: the caller retries, and its Idempotency-Key makes the retry safe.
            LOG.warnf("Database unavailable on %s: %s", uri.getPath(), e.getMessage());
            databaseWrites.failed(e);
            return Response.fromResponse(Problem.of(503, "Service unavailable", "The database cannot take requests "
                            + "right now. Retry shortly with the same Idempotency-Key: a request that was stored after "
                            + "all is answered again, not repeated.")
                    .at(uri.getPath()).toResponse()).header(HttpHeaders.RETRY_AFTER, 2).build();
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error on %s (incident %s)", uri.getPath(), incident);
        return Problem.of(500, "Internal error", "Something went wrong on our side; quote incident " + incident
                + " when you report it.").at(uri.getPath()).toResponse();
    }

    private static String describe(List<Problem.FieldError> errors) {
        return errors.stream().map(err -> err.field() + " " + err.message()).collect(Collectors.joining("; "));
    }
}
