package com.accounthealth.healthscore.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A newly opened account has had no time yet to be met, reviewed or renewed for. For {@code newAccount.graceDays}
 * (30) days after it was opened (the business time of its opening), the rules that fire on something absent take no
 * points: relationships are not scored (nobody met yet is no news), and neither "No business review on record" nor
 * "RenewalUncovered" applies. Facts that are present count as usual: silence after a recorded meeting, a competitor,
 * an F grade, a champion who left. An account opened long ago and loaded today (its opening backdated) has no grace.
 */
public final class NewAccountGrace {

    private NewAccountGrace() {
    }

    /** The first day (UTC) on which absence counts, while the account is still in its grace period; else empty. */
    public static Optional<LocalDate> endsOn(AccountFacts facts, Instant now, HealthModel model) {
        int days = model.newAccount().graceDays();
        if (days <= 0 || facts.openedAt() == null) {
            return Optional.empty();
        }
        Instant end = facts.openedAt().plus(days, ChronoUnit.DAYS);
        return now.isBefore(end) ? Optional.of(LocalDate.ofInstant(end, ZoneOffset.UTC)) : Optional.empty();
    }

    /** Why a rule suspended by the grace takes no points, for its reason. */
    static String why(AccountFacts facts, Instant now, LocalDate endsOn) {
        return "new account, opened " + Facts.days(Facts.daysSince(facts.openedAt(), now)) + " ago: absence counts from "
                + endsOn;
    }
}
