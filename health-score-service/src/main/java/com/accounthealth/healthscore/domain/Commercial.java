package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.Deal;
import com.accounthealth.healthscore.domain.AccountFacts.DealStage;
import com.accounthealth.healthscore.domain.AccountFacts.DealStatus;
import com.accounthealth.healthscore.domain.AccountFacts.DealType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Commercial (model v1 weight 15): 100 minus
 * <ul>
 *   <li>{@code renewalUncoveredPenalty} (40) when the renewal date is between today and
 *   {@code renewalWindowDays} (90) days from today, both included, and no open {@code RENEWAL} deal is at
 *   {@code PROPOSAL} or {@code NEGOTIATION} ("RenewalUncovered"; a renewal date already past does not count; during a
 *   new account's grace period, {@link NewAccountGrace}, reason "NewAccountGrace" with 0 points instead);</li>
 *   <li>{@code perSlippedDeal} (15) per open deal whose close date slipped {@code slipsForPenalty} (2) times or more
 *   ("DealSlippedRepeatedly");</li>
 *   <li>{@code perStaleDeal} (10) per open deal whose last stage change (its opening counts) is over
 *   {@code staleDealDays} (60) days ago, i.e. 61 or more ("DealStalled");</li>
 * </ul>
 * floored at 0, then, when the account has a growth target above 0 percent, multiplied by
 * min(1, expansion / (ARR x target / 100)) and rounded half up ("ExpansionBelowTarget"). Expansion is the amount of
 * {@code UPSELL} and {@code CROSS_SELL} deals won this calendar year (UTC) plus those still open. There is no
 * currency conversion: only deals in the account's currency (or with none stated) count towards the target.
 *
 * <p>No data while the account profile is unknown.
 */
public final class Commercial {

    public static final String COMPONENT = "commercial";
    private static final int FULL = 100;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Commercial() {
    }

    public static Health.ComponentScore score(AccountFacts facts, Instant now, HealthModel model) {
        HealthModel.Commercial rules = model.commercial();
        int weight = model.weights().commercial();
        if (!facts.profileKnown()) {
            return Facts.noData(COMPONENT, weight, "Account profile not received yet: commercial is not scored");
        }
        List<Health.Reason> reasons = new ArrayList<>();
        renewalUncovered(facts, now, model).ifPresent(reasons::add);
        for (Deal deal : Facts.list(facts.deals())) {
            if (deal.isOpen()) {
                dealSlippedRepeatedly(deal, rules).ifPresent(reasons::add);
                dealStalled(deal, now, rules).ifPresent(reasons::add);
            }
        }
        int beforeGrowth = Math.max(0, FULL + reasons.stream().mapToInt(Health.Reason::points).sum());
        Optional<Health.Reason> belowTarget = expansionBelowTarget(facts, now, beforeGrowth);
        belowTarget.ifPresent(reasons::add);
        int score = beforeGrowth + belowTarget.map(Health.Reason::points).orElse(0);
        return Facts.scored(COMPONENT, score, weight, reasons);
    }

    private static Optional<Health.Reason> renewalUncovered(AccountFacts facts, Instant now, HealthModel model) {
        HealthModel.Commercial rules = model.commercial();
        if (!Facts.renewalWithin(facts.renewalDate(), now, rules.renewalWindowDays())) {
            return Optional.empty();
        }
        boolean covered = Facts.list(facts.deals()).stream()
                .anyMatch(d -> d.isOpen() && d.type() == DealType.RENEWAL && d.stage() != null
                        && d.stage().compareTo(DealStage.PROPOSAL) >= 0 && d.stage().compareTo(DealStage.NEGOTIATION) <= 0);
        if (covered) {
            return Optional.empty();
        }
        long days = Facts.daysUntil(facts.renewalDate(), now);
        Optional<java.time.LocalDate> grace = NewAccountGrace.endsOn(facts, now, model);
        if (grace.isPresent()) {
            return Optional.of(new Health.Reason("NewAccountGrace", "Renewal in " + Facts.days(days)
                    + " and no renewal opportunity at proposal or later yet — "
                    + NewAccountGrace.why(facts, now, grace.get()), 0, List.of()));
        }
        return Optional.of(new Health.Reason("RenewalUncovered",
                "Renewal in " + Facts.days(days) + " (" + facts.renewalDate() + ", within " + rules.renewalWindowDays()
                        + ") and no renewal opportunity at proposal or later: -" + rules.renewalUncoveredPenalty(),
                -rules.renewalUncoveredPenalty(), List.of()));
    }

    private static Optional<Health.Reason> dealSlippedRepeatedly(Deal deal, HealthModel.Commercial rules) {
        if (deal.slipCount() < rules.slipsForPenalty()) {
            return Optional.empty();
        }
        return Optional.of(new Health.Reason("DealSlippedRepeatedly",
                "Deal '" + deal.name() + "' slipped its close date " + deal.slipCount() + " times: -"
                        + rules.perSlippedDeal(),
                -rules.perSlippedDeal(), Facts.ids(Facts.list(deal.eventIds()))));
    }

    private static Optional<Health.Reason> dealStalled(Deal deal, Instant now, HealthModel.Commercial rules) {
        Instant lastMove = deal.lastStageChangeAt() != null ? deal.lastStageChangeAt() : deal.openedAt();
        if (lastMove == null) {
            return Optional.empty();
        }
        long days = Facts.daysSince(lastMove, now);
        if (days <= rules.staleDealDays()) {
            return Optional.empty();
        }
        return Optional.of(new Health.Reason("DealStalled",
                "Deal '" + deal.name() + "' has not changed stage for " + Facts.days(days) + " (over "
                        + rules.staleDealDays() + "): -" + rules.perStaleDeal(),
                -rules.perStaleDeal(), Facts.ids(Facts.list(deal.eventIds()))));
    }

    /** The growth factor; its points are what it took off {@code beforeGrowth} (nothing when on target). */
    private static Optional<Health.Reason> expansionBelowTarget(AccountFacts facts, Instant now, int beforeGrowth) {
        Integer targetPercent = facts.growthTargetPercent();
        if (targetPercent == null || targetPercent <= 0 || facts.arr() == null || facts.arr().signum() <= 0) {
            return Optional.empty();
        }
        BigDecimal target = facts.arr().multiply(BigDecimal.valueOf(targetPercent)).divide(HUNDRED);
        int year = LocalDate.ofInstant(now, ZoneOffset.UTC).getYear();
        List<Deal> counted = Facts.list(facts.deals()).stream()
                .filter(d -> d.type() == DealType.UPSELL || d.type() == DealType.CROSS_SELL)
                .filter(d -> d.currency() == null || facts.currency() == null
                        || Objects.equals(d.currency(), facts.currency()))
                .filter(d -> d.isOpen() || d.status() == DealStatus.WON && d.closedAt() != null
                        && LocalDate.ofInstant(d.closedAt(), ZoneOffset.UTC).getYear() == year)
                .toList();
        BigDecimal won = sum(counted.stream().filter(d -> d.status() == DealStatus.WON).toList());
        BigDecimal open = sum(counted.stream().filter(Deal::isOpen).toList());
        BigDecimal expansion = won.add(open);
        if (expansion.compareTo(target) >= 0) {
            return Optional.empty();
        }
        BigDecimal factor = expansion.divide(target, 10, RoundingMode.HALF_UP);
        int score = BigDecimal.valueOf(beforeGrowth).multiply(factor).setScale(0, RoundingMode.HALF_UP).intValueExact();
        int percentOfTarget = factor.multiply(HUNDRED).setScale(0, RoundingMode.HALF_UP).intValueExact();
        List<UUID> evidence = counted.stream().flatMap(d -> Facts.list(d.eventIds()).stream()).toList();
        return Optional.of(new Health.Reason("ExpansionBelowTarget",
                "Expansion this year is " + Facts.money(expansion, facts.currency()) + " (won "
                        + Facts.money(won, facts.currency()) + ", open " + Facts.money(open, facts.currency()) + "), "
                        + percentOfTarget + "% of the " + targetPercent + "% growth target of "
                        + Facts.money(target, facts.currency()) + ": " + beforeGrowth + " x " + percentOfTarget
                        + "% = " + score,
                score - beforeGrowth, Facts.ids(evidence)));
    }

    private static BigDecimal sum(List<Deal> deals) {
        return deals.stream().map(Deal::amount).filter(Objects::nonNull).reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
