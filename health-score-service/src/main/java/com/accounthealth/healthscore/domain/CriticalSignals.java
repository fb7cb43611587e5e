package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Contact;
import com.accounthealth.healthscore.domain.AccountFacts.ContactRole;
import com.accounthealth.healthscore.domain.AccountFacts.Feedback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Signals that make an account AT_RISK whatever its score (model v1):
 * <ul>
 *   <li>"PoorGradeBeforeRenewal": the latest feedback, whatever its question and age, is below B (really an F) and
 *   the renewal date is between today and {@code critical.renewalWindowDays} (90) days from today, both included;</li>
 *   <li>"ChampionLeftUncovered", one per departed champion: the champion left over
 *   {@code critical.championLeftNoContactDays} (30) days ago (31 or more) and no champion or decision maker still at
 *   the client has been in an interaction since the departure.</li>
 * </ul>
 */
public final class CriticalSignals {

    private static final Set<ContactRole> COVER = Set.of(ContactRole.CHAMPION, ContactRole.DECISION_MAKER);

    private CriticalSignals() {
    }

    public static List<Health.CriticalSignal> of(AccountFacts facts, Instant now, HealthModel model) {
        List<Health.CriticalSignal> signals = new ArrayList<>();
        poorGradeBeforeRenewal(facts, now, model.critical()).ifPresent(signals::add);
        strategicSilence(facts, now, model.critical()).ifPresent(signals::add);
        Facts.list(facts.contacts()).stream()
                .filter(c -> c.role() == ContactRole.CHAMPION && c.departedAt() != null)
                .sorted(Comparator.comparing(Contact::departedAt))
                .forEach(c -> championLeftUncovered(facts, c, now, model.critical()).ifPresent(signals::add));
        return List.copyOf(signals);
    }

    private static Optional<Health.CriticalSignal> poorGradeBeforeRenewal(AccountFacts facts, Instant now,
                                                                         HealthModel.Critical rules) {
        Optional<Feedback> latest = Facts.list(facts.feedback()).stream()
                .filter(f -> f.grade() != null && f.at() != null)
                .max(Comparator.comparing(Feedback::at));
        if (latest.isEmpty() || !latest.get().grade().isBelowB()
                || !Facts.renewalWithin(facts.renewalDate(), now, rules.renewalWindowDays())) {
            return Optional.empty();
        }
        Feedback f = latest.get();
        long days = Facts.daysUntil(facts.renewalDate(), now);
        return Optional.of(new Health.CriticalSignal("PoorGradeBeforeRenewal",
                "Latest feedback ('" + f.question() + "') was " + f.grade().label() + " (really an F) and renewal is in "
                        + Facts.days(days) + " (within " + rules.renewalWindowDays() + ")",
                Facts.ids(f.eventId())));
    }

    /** A strategic account with no interaction for {@code strategicSilenceDays} (counted from its opening if none). */
    private static Optional<Health.CriticalSignal> strategicSilence(AccountFacts facts, Instant now,
                                                                   HealthModel.Critical rules) {
        if (rules.strategicSilenceDays() <= 0 || facts.tier() != AccountFacts.Tier.STRATEGIC) {
            return Optional.empty();
        }
        Optional<AccountFacts.Interaction> last = Facts.list(facts.interactions()).stream()
                .filter(i -> i.at() != null).max(Comparator.comparing(AccountFacts.Interaction::at));
        Instant since = last.map(AccountFacts.Interaction::at).orElse(facts.openedAt());
        if (since == null || Facts.daysSince(since, now) <= rules.strategicSilenceDays()) {
            return Optional.empty();
        }
        return Optional.of(new Health.CriticalSignal("StrategicSilence", "Strategic account with "
                + (last.isEmpty() ? "no interaction since it was opened " : "no interaction for ")
                + Facts.days(Facts.daysSince(since, now)) + (last.isEmpty() ? " ago" : "")
                + " (over " + rules.strategicSilenceDays() + ")",
                last.map(i -> Facts.ids(i.eventId())).orElse(List.of())));
    }

    private static Optional<Health.CriticalSignal> championLeftUncovered(AccountFacts facts, Contact champion,
                                                                        Instant now, HealthModel.Critical rules) {
        long days = Facts.daysSince(champion.departedAt(), now);
        if (days <= rules.championLeftNoContactDays()
                || Facts.firstMeetingSince(facts, champion.departedAt(), COVER).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new Health.CriticalSignal("ChampionLeftUncovered",
                "A champion left " + Facts.days(days) + " ago and no champion or decision maker"
                        + " has been met since (over " + rules.championLeftNoContactDays() + " days)",
                Facts.ids(champion.departureEventId())));
    }
}
