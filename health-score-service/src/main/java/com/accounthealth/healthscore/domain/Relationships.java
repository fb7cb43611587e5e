package com.accounthealth.healthscore.domain;

import com.accounthealth.healthscore.domain.AccountFacts.ClientTeam;
import com.accounthealth.healthscore.domain.AccountFacts.Contact;
import com.accounthealth.healthscore.domain.AccountFacts.ContactRole;
import com.accounthealth.healthscore.domain.AccountFacts.Interaction;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Relationships (model v1 weight 15): the share of the known client teams reached by an interaction in the last
 * {@code relationships.windowDays} (90) days, as 0-100 rounded half up (1 of 3 teams: 33). A team is reached when
 * the interaction names it or includes one of its contacts.
 *
 * <p>Minus {@code noDecisionMakerPenalty} (30) when no {@code DECISION_MAKER} contact still at the client was in an
 * interaction in those 90 days (one met who has left since no longer counts); minus {@code championLeftPenalty} (40), once, when a {@code CHAMPION} left and no other champion or decision
 * maker still at the client was in an interaction since (at or after) the latest such departure. Floor 0.
 *
 * <p>No data while no client team is mapped, and during a new account's grace period ({@link NewAccountGrace}). Reasons: "TeamCoverage" always (points: share - 100; its evidence is
 * the latest interaction that reached each team met, one per team, not every interaction of the 90 days: an account
 * with hundreds of meetings carried them all in its health, 14 KB of ids), "NoDecisionMakerMet" and "ChampionLeft"
 * when they apply.
 */
public final class Relationships {

    public static final String COMPONENT = "relationships";
    private static final int FULL = 100;
    private static final Set<ContactRole> COVER = Set.of(ContactRole.CHAMPION, ContactRole.DECISION_MAKER);

    private Relationships() {
    }

    public static Health.ComponentScore score(AccountFacts facts, Instant now, HealthModel model) {
        HealthModel.Relationships rules = model.relationships();
        int weight = model.weights().relationships();
        Map<UUID, ClientTeam> teams = new LinkedHashMap<>();
        Facts.list(facts.clientTeams()).stream().filter(t -> t.id() != null).forEach(t -> teams.put(t.id(), t));
        if (teams.isEmpty()) {
            return Facts.noData(COMPONENT, weight, "No client team mapped yet: relationships are not scored");
        }
        Optional<java.time.LocalDate> grace = NewAccountGrace.endsOn(facts, now, model);
        if (grace.isPresent()) {
            return Facts.noData(COMPONENT, weight, "Nobody met yet is no news for a "
                    + NewAccountGrace.why(facts, now, grace.get()) + ": relationships are not scored until then");
        }
        List<Health.Reason> reasons = new ArrayList<>();
        reasons.add(teamCoverage(facts, teams, now, rules.windowDays()));
        noDecisionMakerMet(facts, now, rules).ifPresent(reasons::add);
        championLeft(facts, now, rules).ifPresent(reasons::add);
        int score = FULL + reasons.stream().mapToInt(Health.Reason::points).sum();
        return Facts.scored(COMPONENT, Math.max(0, score), weight, reasons);
    }

    private static Health.Reason teamCoverage(AccountFacts facts, Map<UUID, ClientTeam> teams, Instant now,
                                              int windowDays) {
        Map<UUID, Interaction> met = Facts.latestInteractionPerTeamWithin(facts, now, windowDays);
        List<String> unmet = teams.values().stream().filter(t -> !met.containsKey(t.id()))
                .map(t -> Facts.teamName(facts, t.id())).toList();
        long metCount = teams.size() - unmet.size();
        int share = Facts.roundHalfUp(FULL * metCount, teams.size());
        String sentence = "Met " + metCount + " of " + teams.size() + " known client teams in the last " + windowDays
                + " days (" + share + "%)" + (unmet.isEmpty() ? "" : "; nobody met at " + String.join(", ", unmet));
        // Evidence: for each known team met, in the teams' order, the latest interaction that reached it.
        List<UUID> evidence = teams.keySet().stream().filter(met::containsKey).map(t -> met.get(t).eventId()).toList();
        return new Health.Reason("TeamCoverage", sentence, share - FULL, Facts.ids(evidence));
    }

    private static Optional<Health.Reason> noDecisionMakerMet(AccountFacts facts, Instant now,
                                                             HealthModel.Relationships rules) {
        Map<UUID, Contact> contacts = Facts.contactsById(facts);
        boolean anyMet = false;
        for (Interaction i : Facts.list(facts.interactions())) {
            if (!Facts.withinLastDays(i.at(), now, rules.windowDays())) {
                continue;
            }
            for (UUID contactId : Facts.list(i.contactIds())) {
                Contact c = contacts.get(contactId);
                if (c != null && c.role() == ContactRole.DECISION_MAKER) {
                    if (c.departedAt() == null) {
                        return Optional.empty();
                    }
                    anyMet = true;
                }
            }
        }
        String sentence = !anyMet
                ? "No decision maker met in the last " + rules.windowDays() + " days"
                : "No decision maker still at the client met in the last " + rules.windowDays() + " days";
        return Optional.of(new Health.Reason("NoDecisionMakerMet", sentence, -rules.noDecisionMakerPenalty(),
                List.of()));
    }

    private static Optional<Health.Reason> championLeft(AccountFacts facts, Instant now,
                                                       HealthModel.Relationships rules) {
        Optional<Contact> lastToLeave = Facts.list(facts.contacts()).stream()
                .filter(c -> c.role() == ContactRole.CHAMPION && c.departedAt() != null)
                .max(Comparator.comparing(Contact::departedAt));
        if (lastToLeave.isEmpty()
                || Facts.firstMeetingSince(facts, lastToLeave.get().departedAt(), COVER).isPresent()) {
            return Optional.empty();
        }
        Contact champion = lastToLeave.get();
        return Optional.of(new Health.Reason("ChampionLeft",
                "A champion left " + Facts.days(Facts.daysSince(champion.departedAt(), now))
                        + " ago and no other champion or decision maker was met since",
                -rules.championLeftPenalty(), Facts.ids(champion.departureEventId())));
    }
}
