package com.accounthealth.healthscore.domain.work;

import com.accounthealth.kernel.RuleViolation;

import java.time.Instant;

/**
 * An alert as a piece of work for the sales leader's team: open until someone acknowledges it, handed to an account
 * executive, snoozed while a known plan plays out, resolved with what was done. A resolved alert takes no more work;
 * acknowledging or resolving twice changes nothing, so a double click or a retried call is harmless.
 *
 * @param snoozedUntil the inbox hides it until then; null: not snoozed
 * @param escalatedAt  when it was escalated for lack of acknowledgement; null: not escalated
 */
public record AlertWork(State state, String assignee, Instant snoozedUntil, Instant acknowledgedAt,
                        String acknowledgedBy, Instant resolvedAt, String resolvedBy, String resolution,
                        Instant escalatedAt) {

    public enum State { OPEN, ACKNOWLEDGED, RESOLVED }

    /** What an alert is before anyone has touched it. */
    public static AlertWork untouched() {
        return new AlertWork(State.OPEN, null, null, null, null, null, null, null, null);
    }

    public AlertWork acknowledge(String by, Instant at) {
        refuseIfResolved("acknowledged");
        if (state == State.ACKNOWLEDGED) {
            return this;
        }
        return new AlertWork(State.ACKNOWLEDGED, assignee, snoozedUntil, at, by, null, null, null, escalatedAt);
    }

    /** Handing it to an account executive acknowledges it too: someone now owns the next step. */
    public AlertWork assign(String accountExecutive, String by, Instant at) {
        refuseIfResolved("assigned");
        AlertWork acknowledged = acknowledge(by, at);
        return new AlertWork(acknowledged.state, accountExecutive, snoozedUntil, acknowledged.acknowledgedAt,
                acknowledged.acknowledgedBy, null, null, null, escalatedAt);
    }

    public AlertWork snooze(Instant until, Instant now) {
        refuseIfResolved("snoozed");
        if (!until.isAfter(now)) {
            throw RuleViolation.invalid("until", "must be in the future");
        }
        return new AlertWork(state, assignee, until, acknowledgedAt, acknowledgedBy, null, null, null, escalatedAt);
    }

    public AlertWork resolve(String by, Instant at, String how) {
        if (state == State.RESOLVED) {
            return this;
        }
        return new AlertWork(State.RESOLVED, assignee, null, acknowledgedAt, acknowledgedBy, at, by, how, escalatedAt);
    }

    /** Marks it escalated, once: the escalation target hears of an alert only one time. */
    public AlertWork escalate(Instant at) {
        return new AlertWork(state, assignee, snoozedUntil, acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy,
                resolution, at);
    }

    /** Still waiting for someone to pick it up: neither acknowledged, resolved, snoozed now nor escalated before. */
    public boolean awaitsEscalation(Instant now) {
        return state == State.OPEN && escalatedAt == null && (snoozedUntil == null || !snoozedUntil.isAfter(now));
    }

    private void refuseIfResolved(String what) {
        if (state == State.RESOLVED) {
            throw RuleViolation.conflict("The alert is resolved already; it cannot be " + what);
        }
    }
}
