package com.accounthealth.healthscore.domain.notification;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a person reads in a Slack message or an e-mail: a subject, a headline, a few lines and where to look further.
 * Channels format it; they add nothing to it.
 */
public record Message(String subject, String headline, List<String> lines, String link) {

    /** The message for one alert; {@code link} is where the account's health can be opened. */
    public static Message of(AlertNotice alert, String link) {
        AlertedAccount account = alert.account();
        String name = account.name() == null ? String.valueOf(account.accountId()) : account.name();
        List<String> lines = new ArrayList<>();
        String headline = switch (alert.alertType()) {
            case ACCOUNT_AT_RISK -> name + " is at risk";
            case ACCOUNT_RECOVERED -> name + " has recovered";
            case COMPETITIVE_GAP -> alert.competitor() + " is getting in at " + name;
            case GROWTH_SIGNAL -> name + " is ready to grow";
        };
        if (alert.status() != null) {
            lines.add("Status: " + alert.status() + (alert.previousStatus() == null ? ""
                    : " (was " + alert.previousStatus() + ")"));
        }
        if (alert.score() != null) {
            lines.add("Score: " + alert.score() + change(alert.score(), alert.previousScore()));
        }
        alert.topReasons().stream().limit(3).forEach(r -> lines.add("Why: " + r.sentence()
                + (r.points() == null ? " (critical)" : " (" + r.points() + " points)")));
        if (!alert.capabilitiesWeLack().isEmpty()) {
            lines.add("They offer what we lack: " + String.join(", ", alert.capabilitiesWeLack()));
        }
        if (alert.unmetClientTeams() > 0) {
            lines.add("Seen at " + alert.unmetClientTeams() + " client team(s) where we met nobody in 90 days");
        }
        if (alert.sentence() != null) {
            lines.add(alert.sentence());
        }
        lines.add("ARR at stake: " + money(account.arr(), account.currency()));
        lines.add("Team: " + account.teamId() + (alert.ownerId() == null ? "" : ", owner: " + alert.ownerId()));
        String subject = "[Account Health] " + headline
                + (alert.score() == null ? "" : " (score " + alert.score() + change(alert.score(), alert.previousScore()) + ")");
        return new Message(subject, headline, List.copyOf(lines), link);
    }

    /**
     * The message that escalates an at-risk alert nobody acknowledged: whose account, since when, and for how long
     * it has waited; {@code link} is where the account's health can be opened.
     */
    public static Message escalation(String accountName, String teamId, java.time.Instant raisedAt,
                                     java.time.Duration waited, List<String> reasons, String link) {
        List<String> lines = new ArrayList<>();
        lines.add("At risk since " + raisedAt + "; nobody in team " + teamId + " has acknowledged it for "
                + waited.toHours() + " h.");
        reasons.forEach(r -> lines.add("Reason: " + r));
        return new Message("Escalation: " + accountName + " is at risk and unacknowledged",
                accountName + " (strategic) is at risk and nobody has picked it up", List.copyOf(lines), link);
    }

    /** The message for a digest; {@code link} is where the portfolio's health can be opened. */
    public static Message of(Digest digest, String link) {
        List<String> lines = new ArrayList<>();
        lines.add(digest.atRisk().size() + " account(s) at risk, ARR at stake: " + (digest.arrAtStake().isEmpty() ? "none"
                : String.join(" + ", digest.arrAtStake().entrySet().stream()
                .map(e -> money(e.getValue(), e.getKey())).toList())));
        digest.atRisk().forEach(a -> lines.add("At risk: " + a.name() + ", score " + a.score() + ", "
                + money(a.arr(), a.currency())));
        digest.changes().forEach(c -> lines.add("Changed: " + c.name() + " " + (c.previousStatus() == null ? "new"
                : c.previousStatus()) + " → " + c.status() + (c.score() == null ? "" : " (score " + c.score() + ")")));
        digest.competitiveGaps().forEach(g -> lines.add("Competitive gap: " + g.competitor() + " at "
                + g.account().name() + (g.capabilitiesWeLack().isEmpty() ? ""
                : ", offering " + String.join(", ", g.capabilitiesWeLack()))));
        digest.growthSignals().forEach(g -> lines.add("Growth signal: " + g.sentence()));
        String headline = "Your " + digest.frequency().name().toLowerCase(Locale.ROOT) + " account health digest";
        return new Message("[Account Health] " + headline + ": " + digest.atRisk().size() + " at risk", headline,
                List.copyOf(lines), link);
    }

    /** The message for a model's activation; {@code link} is where the portfolio's health can be opened. */
    public static Message of(ModelChangeSummary summary, String link) {
        List<String> lines = new ArrayList<>();
        lines.add("The health model changed from " + summary.previousModelVersion() + " to " + summary.modelVersion()
                + ": these accounts changed status because the model did, not because anything happened at them.");
        summary.changes().forEach(c -> lines.add(c.name() + ": " + (c.previousStatus() == null ? "new"
                : c.previousStatus()) + " → " + c.status() + (c.score() == null ? "" : " (score " + c.score() + ")")));
        long atRisk = summary.changes().stream().filter(c -> "AT_RISK".equals(c.status())).count();
        String headline = "Health model " + summary.modelVersion() + " is in force";
        return new Message("[Account Health] " + headline + ": " + summary.changes().size() + " status change(s), "
                + atRisk + " now at risk", headline, List.copyOf(lines), link);
    }

    private static String change(Integer score, Integer previous) {
        if (score == null || previous == null || score.equals(previous)) {
            return "";
        }
        int delta = score - previous;
        return ", " + (delta > 0 ? "+" : "−") + Math.abs(delta);
    }

    static String money(BigDecimal amount, String currency) {
        if (amount == null) {
            return "unknown";
        }
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(amount) + " " + currency;
    }
}
