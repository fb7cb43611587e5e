package com.accounthealth.healthscore.domain.work;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The account executive's next step for each reason a score loses points or an alert is raised, named by the rule
 * that produced the reason (growth signals by their client event type). Kept in one place so that a sales leader's
 * "what do we do about it?" leads here, and {@code NextStepsTest} asks every rule for one.
 */
public final class NextSteps {

    private static final Map<String, String> BY_RULE = Map.ofEntries(
            Map.entry("BusinessReviewOverdue", "Hold the overdue business review: book it with the economic buyer "
                    + "and bring the value delivered since the last one."),
            Map.entry("Silence", "Get back in touch: a call with the main contact this week, with a reason to talk "
                    + "(usage, roadmap, renewal plan)."),
            Map.entry("TeamCoverage", "Meet the client teams nobody has met: ask your champion for an introduction."),
            Map.entry("NoDecisionMakerMet", "Meet a decision maker: ask the champion to bring the economic buyer to "
                    + "the next meeting."),
            Map.entry("ChampionLeft", "Meet the departed champion's successor and rebuild the relationship before "
                    + "the renewal."),
            Map.entry("ChampionLeftUncovered", "Meet the departed champion's successor now: nobody else we know "
                    + "speaks for us there."),
            Map.entry("CompetitorPresent", "Find out what the competitor is offering and to whom; refresh the "
                    + "account plan with a competitive response."),
            Map.entry("CapabilityWeLack", "Bring product in for the capability the competitor offers: a roadmap "
                    + "session or a workaround before the client decides."),
            Map.entry("CompetitorAtUnmetTeam", "Meet the client team the competitor is working before they do more: "
                    + "ask the champion for an introduction."),
            Map.entry("DealWithCompetitor", "Qualify the competitive deal: decision criteria, the competitor's "
                    + "pitch, and an executive sponsor on our side."),
            Map.entry("DealLostToCompetitor", "Hold a loss review with the client and protect the rest of the "
                    + "account from the same competitor."),
            Map.entry("RenewalUncovered", "Open the renewal opportunity now and agree a renewal plan with the "
                    + "client."),
            Map.entry("DealSlippedRepeatedly", "Re-qualify the slipping deal with the client: a compelling event, "
                    + "a signed-off close plan, or take it out of the forecast."),
            Map.entry("DealStalled", "Move the stalled deal: agree the next step and its date with the buyer."),
            Map.entry("ExpansionBelowTarget", "Open an upsell: map the teams and uses not yet covered."),
            Map.entry("GradeBelowB", "Call the client about the poor grade: hear what went wrong and agree a fix "
                    + "with a date."),
            Map.entry("LatestGrade", "Follow up on the latest feedback: ask what would make it an A."),
            Map.entry("PoorGradeBeforeRenewal", "Call the client about the poor grade before the renewal: agree "
                    + "a recovery plan with an executive sponsor."),
            Map.entry("StrategicSilence", "Re-engage the strategic account at executive level this week."),
            Map.entry("OpenSevereIssue", "Get the severe issue escalated in support and tell the client who owns "
                    + "it and when it is fixed."),
            Map.entry("IssueOpenTooLong", "Chase the long-open issue with support and give the client a date."),
            Map.entry("NewAccountGrace", "Plan the first months: meet the client teams and book the first "
                    + "business review."),
            // Growth signals, named by their client event type.
            Map.entry("FUNDING_ROUND", "Open an upsell after the funding round: the client has budget to grow."),
            Map.entry("EXPANSION", "Open an upsell for the expansion: new sites or teams need the product too."),
            Map.entry("ACQUISITION", "Meet the acquired company's buyers: the product may serve them too."),
            Map.entry("NEW_EXECUTIVE", "Meet the new executive early and present the value delivered so far."));

    private NextSteps() {
    }

    /** A next step and the rule whose reason calls for it. */
    public record NextStep(String rule, String step) {
    }

    /** The next steps for these rules' reasons, once each, in the rules' order; rules without one are left out. */
    public static List<NextStep> forRules(Collection<String> rules) {
        return new LinkedHashSet<>(rules).stream()
                .flatMap(rule -> forRule(rule).map(step -> new NextStep(rule, step)).stream()).toList();
    }

    /** Every rule's next step, by rule name. */
    public static Map<String, String> all() {
        return new java.util.TreeMap<>(BY_RULE);
    }

    /** The recommended next step for a reason produced by {@code rule}, if the practice has one. */
    public static Optional<String> forRule(String rule) {
        return Optional.ofNullable(rule == null ? null : BY_RULE.get(rule));
    }
}
