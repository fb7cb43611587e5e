package com.accounthealth.healthscore.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * A fact recorded long after it happened is history being loaded (a CRM sync catching up, a year of meetings imported),
 * not news: the change of health it causes is recorded with cause {@code backfill} and tells no one, so loading an
 * account's past cannot page a sales leader about a risk that is long over.
 *
 * @param window how long after it happened a fact may be recorded and still be news
 */
public record Backfill(Duration window) {

    public boolean isHistory(Instant happened, Instant recorded) {
        return happened.plus(window).isBefore(recorded);
    }
}
