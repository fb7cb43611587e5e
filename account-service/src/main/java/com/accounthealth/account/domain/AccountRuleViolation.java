package com.accounthealth.account.domain;

/**
 * A command the account refuses. {@code field} names the part of the request at fault (null when it is the
 * account's state that forbids it).
 */
public class AccountRuleViolation extends RuntimeException {

    public enum Kind {
        /** The account's current state forbids it (churned, already resolved, ...): 409. */
        CONFLICT,
        /** The request names something the account does not have, or a value it cannot take: 422. */
        INVALID,
        /** The sub-resource in the path does not exist: 404. */
        NOT_FOUND
    }

    private final Kind kind;
    private final String field;

    public AccountRuleViolation(Kind kind, String field, String message) {
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
