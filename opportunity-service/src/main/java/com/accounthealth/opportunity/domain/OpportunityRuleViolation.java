package com.accounthealth.opportunity.domain;

/** A command the opportunity refuses; {@code field} names the part of the request at fault, if any. */
public class OpportunityRuleViolation extends RuntimeException {

    public enum Kind {
        /** The deal's state forbids it (closed, already at that stage, ...): 409. */
        CONFLICT,
        /** The request is incomplete or inconsistent for this deal (a loss to a competitor names it): 400. */
        INVALID,
        /** No such opportunity: 404. */
        NOT_FOUND
    }

    private final Kind kind;
    private final String field;

    public OpportunityRuleViolation(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    public String field() {
        return field;
    }
}
