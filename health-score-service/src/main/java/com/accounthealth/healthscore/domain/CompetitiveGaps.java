package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.CompetitorSighting;
import com.accounthealth.healthscore.domain.AccountFacts.Deal;
import com.accounthealth.healthscore.domain.AccountFacts.DealStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Competitive gaps (docs/health-model.md): where competitors are getting in and what we lack against them.
 *
 * <p>Per account ({@link #of}): one gap per competitor sighted in the last {@code competition.windowDays} (180)
 * days, with the capabilities it offered there that the model's catalogue lacks (trimmed, case-insensitive) and the
 * client teams where it was seen and nobody was met in the last {@code relationships.windowDays} (90) days.
 *
 * <p>Portfolio, added up (in the database, over the rows of each account's {@link Position} as of its last
 * evaluation, for the caller's teams) and ordered here ({@link #portfolio}, {@link #winRate}):
 * <ul>
 *   <li>capabilities we lack ranked by revenue at stake, highest first: the ARR of each (not churned) account where a
 *   competitor offers it now (an account counts once per capability), plus the amount of every lost deal that named
 *   it among its missing capabilities. A capability in the catalogue is not a gap, even on an old lost deal. Amounts
 *   are summed as they are: there is no currency conversion.</li>
 *   <li>our win rate against each competitor: over closed deals where it was engaged or was the competitor the deal
 *   was lost to, won / (won + lost). Competitors met only on open deals are not listed.</li>
 * </ul>
 */
public final class CompetitiveGaps {

    private CompetitiveGaps() {
    }

    public record Gap(String competitor, List<String> capabilitiesWeLack, List<UUID> unmetClientTeams,
                      List<UUID> eventIds) {
    }

    public record AccountGaps(UUID accountId, List<Gap> gaps) {
    }

    /**
     * @param capability    as first written (by the account of the lowest id): capabilities compare trimmed and
     *                      case-insensitively
     * @param arrAtStake    ARR of the accounts where a competitor offers the capability
     * @param lostDealValue amount of the deals lost that lacked it
     * @param accounts      how many accounts make up {@code arrAtStake}
     * @param lostDeals     how many lost deals make up {@code lostDealValue}
     */
    public record CapabilityAtStake(String capability, BigDecimal revenueAtStake, BigDecimal arrAtStake,
                                    BigDecimal lostDealValue, int accounts, int lostDeals) {
    }

    /** A capability's total: revenue at stake is its ARR at stake plus its lost deals' value. */
    public static CapabilityAtStake atStake(String capability, BigDecimal arrAtStake, int accounts,
                                            BigDecimal lostDealValue, int lostDeals) {
        return new CapabilityAtStake(capability, arrAtStake.add(lostDealValue), arrAtStake, lostDealValue, accounts,
                lostDeals);
    }

    /**
     * The portfolio view in its order: capabilities by revenue at stake, highest first (equal ones by name); win rates
     * by competitor.
     */
    public static Portfolio portfolio(List<CapabilityAtStake> capabilities, List<WinRate> winRates) {
        return new Portfolio(capabilities.stream().sorted(Comparator.comparing(CapabilityAtStake::revenueAtStake)
                        .reversed().thenComparing(CapabilityAtStake::capability)).toList(),
                winRates.stream().sorted(Comparator.comparing(WinRate::competitor)).toList());
    }

    /** A capability as capabilities compare (trimmed, lower case): the portfolio adds stakes up by it. */
    public static String capabilityKey(String capability) {
        return Facts.normalise(capability);
    }

    /** Our record against a competitor over closed deals: won / (won + lost). */
    public static WinRate winRate(String competitor, int won, int lost) {
        return new WinRate(competitor, won, lost, (double) won / (won + lost));
    }

    /** One stake of a capability in the portfolio: an account where a competitor offers it, or a deal lost lacking it. */
    public record StakeInPortfolio(UUID accountId, String teamId, UUID opportunityId, BigDecimal amount) {
    }

    /** @param winRate won / (won + lost), 0..1 */
    public record WinRate(String competitor, int won, int lost, double winRate) {
    }

    public record Portfolio(List<CapabilityAtStake> capabilities, List<WinRate> winRates) {
    }

    public static AccountGaps of(AccountFacts facts, Instant now, HealthModel model) {
        Set<UUID> teamsMet = Facts.teamsMetWithin(facts, now, model.relationships().windowDays());
        List<Gap> gaps = new ArrayList<>();
        Competition.sightingsByCompetitor(facts, now, model.competition().windowDays()).forEach((competitor, seen) ->
                gaps.add(new Gap(competitor, Competition.capabilitiesWeLack(seen, model.capabilityCatalogue()),
                        Competition.unmetTeams(seen, teamsMet),
                        Facts.ids(seen.stream().map(CompetitorSighting::eventId).toList()))));
        return new AccountGaps(facts.accountId(), List.copyOf(gaps));
    }

    /**
     * What one account adds to the portfolio view, as of its evaluation: each capability at stake there and its
     * record against each competitor. Kept as rows written with the account's health, so the portfolio view adds up
     * rows instead of folding every account's facts.
     */
    public record Position(UUID accountId, String teamId, List<Stake> stakes, List<Against> against,
                           List<ClosedDeal> closed) {
    }

    /**
     * A deal the account closed, for the landscape over time: won or lost, when, against whom ({@code competitor}
     * null: nobody was engaged) and, when lost, why. A deal against two competitors is a row for each.
     */
    public record ClosedDeal(UUID opportunityId, String competitor, boolean won, Instant closedAt, String lossReason,
                             BigDecimal amount, String currency) {
    }

    /** Won and lost deals against one competitor in one month (the first day of the month, UTC). */
    public record WinRateInMonth(LocalDate month, String competitor, int won, int lost) {
    }

    /** Deals lost for one reason (as recorded with the loss) to one competitor (null: none named), with their amounts. */
    public record LossReason(String reason, String competitor, int deals, List<Money> amounts) {
    }

    /** An amount in one currency: amounts of different currencies are never added up. */
    public record Money(String currency, BigDecimal amount) {
    }

    /** The landscape over time: win rates per month and competitor, and why deals were lost. */
    public record OverTime(List<WinRateInMonth> winRates, List<LossReason> lossReasons) {
    }

    /**
     * A capability we lack that is at stake at the account: offered there now by a competitor ({@code opportunityId}
     * null; {@code amount} the account's ARR) or lacked by a deal we lost ({@code amount} the deal's, may be null).
     */
    public record Stake(String capability, BigDecimal amount, UUID opportunityId) {
        public String key() {
            return capabilityKey(capability);
        }
    }

    /** The account's closed deals where the competitor was engaged or won. */
    public record Against(String competitor, int won, int lost) {
    }

    /** @param gaps the account's gaps now ({@link #of}) */
    public static Position positionOf(AccountFacts account, AccountGaps gaps, HealthModel model) {
        List<Stake> stakes = new ArrayList<>();
        if (!account.churned() && account.arr() != null) {
            // An account counts once per capability, however many competitors offer it there.
            Map<String, String> offeredHere = new LinkedHashMap<>();
            gaps.gaps().forEach(g -> g.capabilitiesWeLack()
                    .forEach(c -> offeredHere.putIfAbsent(Facts.normalise(c), c)));
            offeredHere.values().forEach(c -> stakes.add(new Stake(c, account.arr(), null)));
        }
        for (Deal deal : Facts.list(account.deals())) {
            if (deal.status() != DealStatus.LOST || deal.opportunityId() == null) {
                continue;
            }
            Map<String, String> lacked = new LinkedHashMap<>();
            Facts.list(deal.missingCapabilities()).stream()
                    .filter(c -> c != null && !c.isBlank() && !Facts.weOffer(c, model.capabilityCatalogue()))
                    .forEach(c -> lacked.putIfAbsent(Facts.normalise(c), c.trim()));
            lacked.values().forEach(c -> stakes.add(new Stake(c, deal.amount(), deal.opportunityId())));
        }
        return new Position(account.accountId(), account.teamId(), List.copyOf(stakes), against(account),
                closedDeals(account));
    }

    private static List<ClosedDeal> closedDeals(AccountFacts account) {
        List<ClosedDeal> closed = new ArrayList<>();
        for (Deal deal : Facts.list(account.deals())) {
            boolean won = deal.status() == DealStatus.WON;
            if ((!won && deal.status() != DealStatus.LOST) || deal.opportunityId() == null || deal.closedAt() == null) {
                continue;
            }
            Set<String> against = competitorsOf(deal);
            String reason = won ? null : deal.lossReason();
            if (against.isEmpty()) {
                closed.add(new ClosedDeal(deal.opportunityId(), null, won, deal.closedAt(), reason, deal.amount(),
                        deal.currency()));
            }
            against.forEach(c -> closed.add(new ClosedDeal(deal.opportunityId(), c, won, deal.closedAt(), reason,
                    deal.amount(), deal.currency())));
        }
        return List.copyOf(closed);
    }

    /** The competitors a closed deal was up against: those engaged on it and the one it was lost to, once each. */
    private static Set<String> competitorsOf(Deal deal) {
        Set<String> against = new LinkedHashSet<>();
        Facts.list(deal.competitors()).stream().filter(c -> c != null && !c.isBlank())
                .forEach(c -> against.add(c.trim()));
        if (deal.lossCompetitor() != null && !deal.lossCompetitor().isBlank()) {
            against.add(deal.lossCompetitor().trim());
        }
        return against;
    }

    private static List<Against> against(AccountFacts account) {
        Map<String, int[]> wonLost = new TreeMap<>();
        for (Deal deal : Facts.list(account.deals())) {
            if (deal.status() != DealStatus.WON && deal.status() != DealStatus.LOST) {
                continue;
            }
            Set<String> against = competitorsOf(deal);
            for (String competitor : against) {
                wonLost.computeIfAbsent(competitor, k -> new int[2])[deal.status() == DealStatus.WON ? 0 : 1]++;
            }
        }
        return wonLost.entrySet().stream()
                .map(e -> new Against(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    }
}
