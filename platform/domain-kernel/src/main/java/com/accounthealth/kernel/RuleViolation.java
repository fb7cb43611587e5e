package com.accounthealth.kernel;

/**
 * A command an aggregate refuses. Every writer throws this one type, so every writer answers a refusal the same way
 * (see {@link Kind} for the status each kind becomes). {@code field} names the part of the request at fault, or is
 * null when it is the aggregate's state that forbids the command.
 */
public class RuleViolation extends RuntimeException {

    public enum Kind {
        /** The aggregate's current state forbids it (churned account, closed deal, already done): 409. */
        CONFLICT,
        /**
         * The request is well-formed but names something the aggregate does not have or a value it cannot take: 400,
         * the same status and shape as a request that fails validation, so a client handles one kind of field error.
         */
        INVALID,
        /** The aggregate, or the part of it the path names, does not exist: 404. */
        NOT_FOUND
    }

    private final Kind kind;
    private final String field;

    public RuleViolation(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public static RuleViolation conflict(String message) {
        return new RuleViolation(Kind.CONFLICT, null, message);
    }

    public static RuleViolation invalid(String field, String message) {
        return new RuleViolation(Kind.INVALID, field, message);
    }

    public static RuleViolation notFound(String message) {
        return new RuleViolation(Kind.NOT_FOUND, null, message);
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }
}
