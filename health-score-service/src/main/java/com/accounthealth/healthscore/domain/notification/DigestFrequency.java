package com.accounthealth.healthscore.domain.notification;

import java.time.Instant;
import java.time.ZoneOffset;

/** How often a subscription receives a digest of its portfolio (the daily, weekly or monthly report a leader reads). */
public enum DigestFrequency {
    NONE, DAILY, WEEKLY, MONTHLY;

    /** When the digest after one sent at {@code last} is due; null when this subscription gets none. */
    public Instant nextAfter(Instant last) {
        var at = last.atZone(ZoneOffset.UTC);
        return switch (this) {
            case NONE -> null;
            case DAILY -> at.plusDays(1).toInstant();
            case WEEKLY -> at.plusWeeks(1).toInstant();
            case MONTHLY -> at.plusMonths(1).toInstant();
        };
    }
}
