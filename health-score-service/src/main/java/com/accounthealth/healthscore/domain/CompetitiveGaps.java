package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.CompetitorSighting;
import com.accounthealth.healthscore.domain.AccountFacts.Deal;
import com.accounthealth.healthscore.domain.AccountFacts.DealStatus;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * <p>Portfolio ({@link #portfolio}):
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
     * @param arrAtStake    ARR of the accounts where a competitor offers the capability
     * @param lostDealValue amount of the deals lost that lacked it
     */
    public record CapabilityAtStake(String capability, BigDecimal revenueAtStake, BigDecimal arrAtStake,
                                    BigDecimal lostDealValue, List<UUID> accountIds, List<UUID> opportunityIds) {
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

    public static Portfolio portfolio(List<AccountFacts> accounts, Instant now, HealthModel model) {
        return new Portfolio(capabilitiesAtStake(accounts, now, model), winRates(accounts));
    }

    private static List<CapabilityAtStake> capabilitiesAtStake(List<AccountFacts> accounts, Instant now,
                                                               HealthModel model) {
        Map<String, Stake> stakes = new LinkedHashMap<>();
        for (AccountFacts account : accounts) {
            if (!account.churned() && account.arr() != null) {
                Set<String> offeredHere = new LinkedHashSet<>();
                of(account, now, model).gaps().forEach(g -> offeredHere.addAll(g.capabilitiesWeLack()));
                for (String capability : offeredHere) {
                    Stake stake = stakes.computeIfAbsent(Facts.normalise(capability), k -> new Stake(capability));
                    if (stake.accountIds.add(account.accountId())) {
                        stake.arr = stake.arr.add(account.arr());
                    }
                }
            }
            for (Deal deal : Facts.list(account.deals())) {
                if (deal.status() != DealStatus.LOST) {
                    continue;
                }
                Set<String> lacked = new LinkedHashSet<>();
                Facts.list(deal.missingCapabilities()).stream()
                        .filter(c -> c != null && !c.isBlank() && !Facts.weOffer(c, model.capabilityCatalogue()))
                        .forEach(c -> lacked.add(c.trim()));
                for (String capability : lacked) {
                    Stake stake = stakes.computeIfAbsent(Facts.normalise(capability), k -> new Stake(capability));
                    if (stake.opportunityIds.add(deal.opportunityId()) && deal.amount() != null) {
                        stake.lost = stake.lost.add(deal.amount());
                    }
                }
            }
        }
        return stakes.values().stream().map(Stake::toRecord)
                .sorted(Comparator.comparing(CapabilityAtStake::revenueAtStake).reversed()
                        .thenComparing(CapabilityAtStake::capability))
                .toList();
    }

    private static final class Stake {
        private final String capability;
        private final Set<UUID> accountIds = new LinkedHashSet<>();
        private final Set<UUID> opportunityIds = new LinkedHashSet<>();
        private BigDecimal arr = BigDecimal.ZERO;
        private BigDecimal lost = BigDecimal.ZERO;

        Stake(String capability) {
            this.capability = capability;
        }

        CapabilityAtStake toRecord() {
            return new CapabilityAtStake(capability, arr.add(lost), arr, lost, List.copyOf(accountIds),
                    opportunityIds.stream().filter(Objects::nonNull).toList());
        }
    }

    private static List<WinRate> winRates(List<AccountFacts> accounts) {
        Map<String, int[]> wonLost = new TreeMap<>();
        for (AccountFacts account : accounts) {
            for (Deal deal : Facts.list(account.deals())) {
                if (deal.status() != DealStatus.WON && deal.status() != DealStatus.LOST) {
                    continue;
                }
                Set<String> against = new LinkedHashSet<>();
                Facts.list(deal.competitors()).stream().filter(c -> c != null && !c.isBlank())
                        .forEach(c -> against.add(c.trim()));
                if (deal.lossCompetitor() != null && !deal.lossCompetitor().isBlank()) {
                    against.add(deal.lossCompetitor().trim());
                }
                for (String competitor : against) {
                    wonLost.computeIfAbsent(competitor, k -> new int[2])[deal.status() == DealStatus.WON ? 0 : 1]++;
                }
            }
        }
        return wonLost.entrySet().stream()
                .map(e -> new WinRate(e.getKey(), e.getValue()[0], e.getValue()[1],
                        (double) e.getValue()[0] / (e.getValue()[0] + e.getValue()[1])))
                .toList();
    }
}
