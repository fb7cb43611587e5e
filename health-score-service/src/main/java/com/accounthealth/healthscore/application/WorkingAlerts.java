package com.accounthealth.healthscore.application;

import com.accounthealth.healthscore.domain.work.AlertWork;
import com.accounthealth.healthscore.infrastructure.work.AlertActivityRow;
import com.accounthealth.healthscore.infrastructure.work.AlertInbox;
import com.accounthealth.healthscore.infrastructure.work.AlertWorkRow;
import com.accounthealth.webapi.ProblemException;
import com.accounthealth.webapi.security.TeamScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Working an alert: acknowledging it, handing it to an account executive, commenting, snoozing and resolving it. Each
 * step locks the alert's work row, applies the domain's rule, and appends what was done to the alert's activity in
 * the same transaction; a step that changes nothing (a second acknowledgement) appends nothing.
 */
@ApplicationScoped
public class WorkingAlerts {

    private static final Logger LOG = Logger.getLogger(WorkingAlerts.class);

    private final AlertInbox inbox;

    public WorkingAlerts(AlertInbox inbox) {
        this.inbox = inbox;
    }

    @Transactional
    public void acknowledge(UUID alertId, TeamScope visible, String actor) {
        change(alertId, visible, actor, "ACKNOWLEDGED", null, (w, now) -> w.acknowledge(actor, now));
    }

    @Transactional
    public void assign(UUID alertId, TeamScope visible, String actor, String accountExecutive) {
        change(alertId, visible, actor, "ASSIGNED", accountExecutive,
                (w, now) -> w.assign(accountExecutive, actor, now));
    }

    @Transactional
    public void snooze(UUID alertId, TeamScope visible, String actor, Instant until) {
        change(alertId, visible, actor, "SNOOZED", until.toString(), (w, now) -> w.snooze(until, now));
    }

    @Transactional
    public void resolve(UUID alertId, TeamScope visible, String actor, String resolution) {
        change(alertId, visible, actor, "RESOLVED", resolution, (w, now) -> w.resolve(actor, now, resolution));
    }

    /** A comment changes no state but is always recorded. */
    @Transactional
    public void comment(UUID alertId, TeamScope visible, String actor, String text) {
        change(alertId, visible, actor, "COMMENTED", text, null);
    }

    /** Marks the alert escalated and records who it went to, in the transaction that plans its delivery. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean escalate(UUID alertId, String target, Instant at) {
        AlertWorkRow row = lockedRow(alertId);
        if (!row.work().awaitsEscalation(at)) {
            return false;
        }
        row.apply(row.work().escalate(at));
        record(alertId, "health-score-service", "ESCALATED", target, at);
        return true;
    }

    /** @param step the work after the step, at one moment; null: a comment, which leaves the work as it is */
    private void change(UUID alertId, TeamScope visible, String actor, String action, String detail,
                        BiFunction<AlertWork, Instant, AlertWork> step) {
        AlertInbox.Item item = inbox.find(alertId, visible)
                .orElseThrow(() -> ProblemException.notFound("No alert " + alertId));
        AlertWorkRow row = lockedRow(alertId);
        Instant now = Instant.now();
        if (step != null) {
            AlertWork before = row.work();
            AlertWork after = step.apply(before, now);
            if (after.equals(before)) {
                return; // a repeat (a second acknowledgement): nothing changes, nothing is recorded
            }
            row.apply(after);
        }
        record(alertId, actor, action, detail, now);
        LOG.infof("Alert %s (%s, account %s) %s by %s", alertId, item.alertType(), item.accountId(),
                action.toLowerCase(), actor);
    }

    /** The alert's work row, made if nobody has touched the alert yet, and locked until the transaction ends. */
    private AlertWorkRow lockedRow(UUID alertId) {
        // Two first touches at once both insert; ON CONFLICT lets the second wait for the first instead of failing.
        AlertWorkRow.getEntityManager().createNativeQuery("""
                INSERT INTO alert_work (alert_id, team_id, state, version)
                SELECT alert_id, team_id, 'OPEN', 0 FROM alert WHERE alert_id = ?1
                ON CONFLICT (alert_id) DO NOTHING""").setParameter(1, alertId).executeUpdate();
        return AlertWorkRow.<AlertWorkRow>findByIdOptional(alertId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> ProblemException.notFound("No alert " + alertId));
    }

    private static void record(UUID alertId, String actor, String action, String detail, Instant at) {
        AlertActivityRow activity = new AlertActivityRow();
        activity.alertId = alertId;
        activity.at = at;
        activity.actor = actor;
        activity.action = action;
        activity.detail = detail;
        activity.persist();
    }
}
