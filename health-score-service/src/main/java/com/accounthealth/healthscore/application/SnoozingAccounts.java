package com.accounthealth.healthscore.application;

import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.infrastructure.notification.SnoozeStore.SnoozeRecord;
import com.accounthealth.healthscore.infrastructure.notification.SnoozeStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.UUID;

/** Snoozing an account's notifications (all, or one alert type) until a moment, with a reason; and ending it early. */
@ApplicationScoped
public class SnoozingAccounts {

    private static final Logger LOG = Logger.getLogger(SnoozingAccounts.class);

    private final SnoozeStore snoozes;

    public SnoozingAccounts(SnoozeStore snoozes) {
        this.snoozes = snoozes;
    }

    @Transactional
    public SnoozeRecord snooze(UUID accountId, String teamId, AlertType alertType, Instant until, String reason,
                               String actor) {
        SnoozeRecord s = new SnoozeRecord(UUID.randomUUID(), accountId, alertType, until, reason, teamId, actor,
                Instant.now());
        snoozes.insert(s);
        // The reason is free text and may name people: it is stored and answered, not logged.
        LOG.infof("Account %s snoozed (%s) until %s by %s", accountId, alertType == null ? "every alert" : alertType,
                until, actor);
        return s;
    }

    @Transactional
    public void endEarly(SnoozeRecord s, String actor) {
        snoozes.end(s.snoozeId(), Instant.now());
        LOG.infof("Snooze %s of account %s ended early by %s", s.snoozeId(), s.accountId(), actor);
    }
}
