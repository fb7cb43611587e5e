package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.CompetitorSighting;
import com.accounthealth.healthscore.domain.AccountFacts.Deal;
import com.accounthealth.healthscore.domain.AccountFacts.DealStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Competition (model v1 weight 15): 100 minus, for each distinct competitor sighted in the last
 * {@code competition.windowDays} (180) days,
 * <ul>
 *   <li>{@code perCompetitor} (20) for being there ("CompetitorPresent"),</li>
 *   <li>{@code capabilityWeLackPenalty} (15) when, in those sightings, it offers any capability missing from the
 *   model's capability catalogue ("CapabilityWeLack"; compared trimmed and case-insensitively),</li>
 *   <li>{@code unmetTeamPenalty} (15) when it was seen at a client team where nobody was met in the last
 *   {@code unmetTeamWindowDays} (90) days ("CompetitorAtUnmetTeam");</li>
 * </ul>
 * minus {@code perOpenDealWithCompetitor} (10) per open deal with at least one competitor engaged
 * ("DealWithCompetitor"), minus {@code perDealLostToCompetitor} (20) per deal lost with reason {@code COMPETITOR} or
 * to a named competitor, closed in the last {@code lostDealWindowDays} (365) days ("DealLostToCompetitor"); floor 0.
 *
 * <p>Scored whenever the account profile is known: finding no competitor is good news (100), not missing data.
 */
public final class Competition {

    public static final String COMPONENT = "competition";
    private static final int FULL = 100;

    private Competition() {
    }

    public static Health.ComponentScore score(AccountFacts facts, Instant now, HealthModel model) {
        HealthModel.Competition rules = model.competition();
        int weight = model.weights().competition();
        if (!facts.profileKnown()) {
            return Facts.noData(COMPONENT, weight, "Account profile not received yet: competition is not scored");
        }
        List<Health.Reason> reasons = new ArrayList<>();
        Set<UUID> teamsMet = Facts.teamsMetWithin(facts, now, rules.unmetTeamWindowDays());
        for (Map.Entry<String, List<CompetitorSighting>> competitor : sightingsByCompetitor(facts, now,
                rules.windowDays()).entrySet()) {
            String name = competitor.getKey();
            List<CompetitorSighting> seen = competitor.getValue();
            reasons.add(competitorPresent(name, seen, now, rules));
            capabilityWeLack(name, seen, model.capabilityCatalogue(), rules).ifPresent(reasons::add);
            competitorAtUnmetTeam(facts, name, seen, teamsMet, rules).ifPresent(reasons::add);
        }
        for (Deal deal : Facts.list(facts.deals())) {
            dealWithCompetitor(deal, rules).ifPresent(reasons::add);
            dealLostToCompetitor(deal, now, rules).ifPresent(reasons::add);
        }
        int score = FULL + reasons.stream().mapToInt(Health.Reason::points).sum();
        return Facts.scored(COMPONENT, Math.max(0, score), weight, reasons);
    }

    /** Sightings in the window, per competitor (trimmed name), in the order competitors were first seen. */
    static Map<String, List<CompetitorSighting>> sightingsByCompetitor(AccountFacts facts, Instant now,
                                                                       int windowDays) {
        Map<String, List<CompetitorSighting>> byCompetitor = new LinkedHashMap<>();
        Facts.list(facts.competitorSightings()).stream()
                .filter(s -> s.competitor() != null && !s.competitor().isBlank())
                .filter(s -> Facts.withinLastDays(s.at(), now, windowDays))
                .sorted(java.util.Comparator.comparing(CompetitorSighting::at))
                .forEach(s -> byCompetitor.computeIfAbsent(s.competitor().trim(), k -> new ArrayList<>()).add(s));
        return byCompetitor;
    }

    /** Capabilities offered in {@code sightings} that the catalogue lacks, as first written, without repeats. */
    static List<String> capabilitiesWeLack(List<CompetitorSighting> sightings, Set<String> catalogue) {
        Map<String, String> lacking = new LinkedHashMap<>();
        for (CompetitorSighting s : sightings) {
            for (String c : Facts.list(s.capabilities())) {
                if (lacks(c, catalogue)) {
                    lacking.putIfAbsent(Facts.normalise(c), c.trim());
                }
            }
        }
        return List.copyOf(lacking.values());
    }

    /** A capability named (not blank) that the catalogue does not offer. */
    private static boolean lacks(String capability, Set<String> catalogue) {
        return capability != null && !capability.isBlank() && !Facts.weOffer(capability, catalogue);
    }

    /** Client teams where {@code sightings} saw the competitor and nobody is in {@code teamsMet}. */
    static List<UUID> unmetTeams(List<CompetitorSighting> sightings, Set<UUID> teamsMet) {
        Set<UUID> unmet = new LinkedHashSet<>();
        sightings.stream().map(CompetitorSighting::clientTeamId)
                .filter(t -> t != null && !teamsMet.contains(t)).forEach(unmet::add);
        return List.copyOf(unmet);
    }

    private static Health.Reason competitorPresent(String competitor, List<CompetitorSighting> seen, Instant now,
                                                   HealthModel.Competition rules) {
        long lastSeen = Facts.daysSince(seen.getLast().at(), now);
        return new Health.Reason("CompetitorPresent",
                competitor + " was seen at the account " + Facts.days(lastSeen) + " ago (within " + rules.windowDays()
                        + " days): -" + rules.perCompetitor(),
                -rules.perCompetitor(), Facts.ids(seen.stream().map(CompetitorSighting::eventId).toList()));
    }

    private static Optional<Health.Reason> capabilityWeLack(String competitor, List<CompetitorSighting> seen,
                                                           Set<String> catalogue, HealthModel.Competition rules) {
        List<String> lacking = capabilitiesWeLack(seen, catalogue);
        if (lacking.isEmpty()) {
            return Optional.empty();
        }
        List<UUID> evidence = seen.stream()
                .filter(s -> Facts.list(s.capabilities()).stream().anyMatch(c -> lacks(c, catalogue)))
                .map(CompetitorSighting::eventId).toList();
        return Optional.of(new Health.Reason("CapabilityWeLack",
                competitor + " offers " + String.join(", ", lacking) + ", which we lack: -"
                        + rules.capabilityWeLackPenalty(),
                -rules.capabilityWeLackPenalty(), Facts.ids(evidence)));
    }

    private static Optional<Health.Reason> competitorAtUnmetTeam(AccountFacts facts, String competitor,
                                                                List<CompetitorSighting> seen, Set<UUID> teamsMet,
                                                                HealthModel.Competition rules) {
        List<UUID> unmet = unmetTeams(seen, teamsMet);
        if (unmet.isEmpty()) {
            return Optional.empty();
        }
        List<UUID> evidence = seen.stream().filter(s -> unmet.contains(s.clientTeamId()))
                .map(CompetitorSighting::eventId).toList();
        List<String> names = unmet.stream().map(t -> Facts.teamName(facts, t)).toList();
        return Optional.of(new Health.Reason("CompetitorAtUnmetTeam",
                competitor + " was seen at " + String.join(", ", names) + ", where we met nobody in "
                        + rules.unmetTeamWindowDays() + " days: -" + rules.unmetTeamPenalty(),
                -rules.unmetTeamPenalty(), Facts.ids(evidence)));
    }

    private static Optional<Health.Reason> dealWithCompetitor(Deal deal, HealthModel.Competition rules) {
        List<String> engaged = Facts.list(deal.competitors()).stream().filter(c -> c != null && !c.isBlank()).toList();
        if (!deal.isOpen() || engaged.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Health.Reason("DealWithCompetitor",
                "Open deal '" + deal.name() + "' is contested by " + String.join(", ", engaged) + ": -"
                        + rules.perOpenDealWithCompetitor(),
                -rules.perOpenDealWithCompetitor(), Facts.ids(Facts.list(deal.eventIds()))));
    }

    /** Lost with reason COMPETITOR, or to a named competitor. */
    static boolean lostToCompetitor(Deal deal) {
        return deal.status() == DealStatus.LOST
                && ("COMPETITOR".equals(deal.lossReason())
                || deal.lossCompetitor() != null && !deal.lossCompetitor().isBlank());
    }

    private static Optional<Health.Reason> dealLostToCompetitor(Deal deal, Instant now,
                                                               HealthModel.Competition rules) {
        if (!lostToCompetitor(deal) || !Facts.withinLastDays(deal.closedAt(), now, rules.lostDealWindowDays())) {
            return Optional.empty();
        }
        String to = deal.lossCompetitor() == null || deal.lossCompetitor().isBlank() ? "a competitor"
                : deal.lossCompetitor();
        return Optional.of(new Health.Reason("DealLostToCompetitor",
                "Deal '" + deal.name() + "' was lost to " + to + " " + Facts.days(Facts.daysSince(deal.closedAt(), now))
                        + " ago (within " + rules.lostDealWindowDays() + " days): -" + rules.perDealLostToCompetitor(),
                -rules.perDealLostToCompetitor(), Facts.ids(Facts.list(deal.eventIds()))));
    }
}
