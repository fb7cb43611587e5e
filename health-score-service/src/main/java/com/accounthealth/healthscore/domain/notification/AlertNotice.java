package com.accounthealth.healthscore.domain.notification;

import com.accounthealth.healthscore.domain.AlertType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An alert as a notification tells it: who, what changed, why, and what is at stake. Fields an alert type does not
 * have are null or empty (a growth signal has no score; a status change has no competitor).
 */
public record AlertNotice(UUID alertId, AlertType alertType, Instant raisedAt, AlertedAccount account, String ownerId,
                          String status, String previousStatus, Integer score, Integer previousScore,
                          List<Reason> topReasons, String competitor, List<String> capabilitiesWeLack,
                          int unmetClientTeams, String sentence) {

    /** A reason behind a status: its sentence and the points it cost (null for a critical signal). */
    public record Reason(String sentence, Integer points) {
    }

    /** What the cool-down compares this alert with: earlier alerts of its type, and for a gap of its competitor. */
    public String noiseKey() {
        return alertType == AlertType.COMPETITIVE_GAP ? alertType + ":" + competitor : alertType.name();
    }

    /**
     * How bad the alert is, to tell whether a re-alert within the cool-down got worse: for an at-risk account the
     * points it is below 100; for a competitive gap, 10 per capability the competitor offers that we lack plus 1 per
     * client team where it was seen and we met nobody. Growth signals and recoveries never get worse (0).
     */
    public int severity() {
        return switch (alertType) {
            case ACCOUNT_AT_RISK -> 100 - (score == null ? 0 : score);
            case COMPETITIVE_GAP -> 10 * capabilitiesWeLack.size() + unmetClientTeams;
            case ACCOUNT_RECOVERED, GROWTH_SIGNAL -> 0;
        };
    }
}
