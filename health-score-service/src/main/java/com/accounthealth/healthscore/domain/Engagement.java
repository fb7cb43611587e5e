package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Interaction;
import com.accounthealth.healthscore.domain.AccountFacts.InteractionType;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Engagement (model v1 weight 20): whole days since the last interaction of any type against the tier's cadence
 * ({@code engagement.cadenceDays}: STRATEGIC 30, ENTERPRISE 45, MID_MARKET 60, SMB 90). Within the cadence it scores
 * 100; past it the score falls linearly to 0 at {@code zeroAtCadences} (3) x the cadence, rounded half up: a
 * strategic account silent 31 days scores 98, 60 days 50, 90 days or more 0.
 *
 * <p>Tiers in {@code businessReviewTiers} (STRATEGIC, ENTERPRISE) lose {@code businessReviewPenalty} (30) more when
 * the last {@code BUSINESS_REVIEW} is over {@code businessReviewMaxAgeDays} (90) days old (91 or more) or there is
 * none (none is no news during a new account's grace period, {@link NewAccountGrace}: reason "NewAccountGrace", 0
 * points); the score never goes below 0.
 *
 * <p>No data while the tier is unknown (no profile yet) or no interaction was ever recorded. Reasons: "Silence"
 * always (its points are the drop below 100, 0 within the cadence), "BusinessReviewOverdue" when it applies.
 */
public final class Engagement {

    public static final String COMPONENT = "engagement";
    private static final int FULL = 100;

    private Engagement() {
    }

    public static Health.ComponentScore score(AccountFacts facts, Instant now, HealthModel model) {
        HealthModel.Engagement rules = model.engagement();
        int weight = model.weights().engagement();
        Integer cadence = facts.tier() == null ? null : rules.cadenceDays().get(facts.tier());
        if (!facts.profileKnown() || cadence == null) {
            return Facts.noData(COMPONENT, weight, "Account tier not known yet: engagement is not scored");
        }
        Optional<Interaction> last = latest(facts, null);
        if (last.isEmpty()) {
            return Facts.noData(COMPONENT, weight, "No interaction recorded yet: engagement is not scored");
        }
        List<Health.Reason> reasons = new ArrayList<>();
        Health.Reason silence = silence(facts.tier(), last.get(), cadence, rules.zeroAtCadences(), now);
        reasons.add(silence);
        int score = FULL + silence.points();
        Optional<Health.Reason> overdue = businessReviewOverdue(facts, now, model);
        if (overdue.isPresent()) {
            reasons.add(overdue.get());
            score += overdue.get().points();
        }
        return Facts.scored(COMPONENT, Math.max(0, score), weight, reasons);
    }

    /** The linear part: 100 within the cadence, 0 from {@code zeroAtCadences} x cadence on. */
    public static int silenceScore(long daysSilent, int cadenceDays, double zeroAtCadences) {
        double zeroAt = zeroAtCadences * cadenceDays;
        if (daysSilent <= cadenceDays) {
            return FULL;
        }
        if (daysSilent >= zeroAt) {
            return 0;
        }
        return Facts.roundHalfUp(FULL * (zeroAt - daysSilent) / (zeroAt - cadenceDays));
    }

    private static Health.Reason silence(AccountFacts.Tier tier, Interaction last, int cadence, double zeroAtCadences,
                                         Instant now) {
        long days = Facts.daysSince(last.at(), now);
        int score = silenceScore(days, cadence, zeroAtCadences);
        String expectation = Facts.tierName(tier) + " accounts expect one every " + cadence + " days";
        String sentence = days <= cadence
                ? "Last interaction " + Facts.days(days) + " ago — within the cadence: " + expectation
                : "Last interaction " + Facts.days(days) + " ago — " + expectation + ": " + score + " of 100";
        return new Health.Reason("Silence", sentence, score - FULL, Facts.ids(last.eventId()));
    }

    private static Optional<Health.Reason> businessReviewOverdue(AccountFacts facts, Instant now, HealthModel model) {
        HealthModel.Engagement rules = model.engagement();
        if (!rules.businessReviewTiers().contains(facts.tier())) {
            return Optional.empty();
        }
        String expectation = Facts.tierName(facts.tier()) + " accounts expect one every "
                + rules.businessReviewMaxAgeDays();
        Optional<Interaction> review = latest(facts, InteractionType.BUSINESS_REVIEW);
        Optional<LocalDate> grace = NewAccountGrace.endsOn(facts, now, model);
        if (review.isEmpty() && grace.isPresent()) {
            return Optional.of(new Health.Reason("NewAccountGrace", "No business review on record yet — "
                    + NewAccountGrace.why(facts, now, grace.get()), 0, List.of()));
        }
        if (review.isEmpty()) {
            return Optional.of(new Health.Reason("BusinessReviewOverdue",
                    "No business review on record — " + expectation + " days", -rules.businessReviewPenalty(),
                    List.of()));
        }
        long days = Facts.daysSince(review.get().at(), now);
        if (days <= rules.businessReviewMaxAgeDays()) {
            return Optional.empty();
        }
        return Optional.of(new Health.Reason("BusinessReviewOverdue",
                "Last business review " + Facts.days(days) + " ago — " + expectation, -rules.businessReviewPenalty(),
                Facts.ids(review.get().eventId())));
    }

    private static Optional<Interaction> latest(AccountFacts facts, InteractionType type) {
        return Facts.list(facts.interactions()).stream()
                .filter(i -> i.at() != null && (type == null || i.type() == type))
                .max(Comparator.comparing(Interaction::at));
    }
}
