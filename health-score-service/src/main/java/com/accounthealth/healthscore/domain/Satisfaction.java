package com.accounthealth.healthscore.domain;

import com.accounthealth.contract.account.Grade;
import com.accounthealth.healthscore.domain.AccountFacts.Feedback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Satisfaction (model v1 weight 25): the latest grade per question in the last {@code satisfaction.windowDays}
 * (180) days, averaged, rounded half up. A+, A and A- earn {@code pointsForA} (100), B+ {@code pointsForBPlus} (90),
 * B {@code pointsForB} (80) and anything below B {@code pointsBelowB} (0): the Account Executives' rule that
 * anything lower than a B is really an F, so B- scores like F.
 *
 * <p>One reason per question, citing the feedback event. Its points are what that answer cost the component against
 * a perfect 100: (grade points - 100) / number of questions, rounded half up. No feedback in the window: no data.
 * The scorer fills in the effective weight.
 */
public final class Satisfaction {

    public static final String COMPONENT = "satisfaction";
    private static final int FULL = 100;

    private Satisfaction() {
    }

    public static Health.ComponentScore score(AccountFacts facts, Instant now, HealthModel model) {
        HealthModel.Satisfaction rules = model.satisfaction();
        int weight = model.weights().satisfaction();
        Map<String, Feedback> latestPerQuestion = latestPerQuestion(facts, now, rules.windowDays());
        if (latestPerQuestion.isEmpty()) {
            return Facts.noData(COMPONENT, weight,
                    "No feedback in the last " + rules.windowDays() + " days: satisfaction is not scored");
        }
        int questions = latestPerQuestion.size();
        long total = 0;
        List<Health.Reason> reasons = new ArrayList<>();
        for (Feedback answer : latestPerQuestion.values()) {
            LatestGrade rule = LatestGrade.of(answer, rules, questions);
            total += rule.points();
            reasons.add(rule.reason());
        }
        return Facts.scored(COMPONENT, Facts.roundHalfUp(total, questions), weight, reasons);
    }

    /** Points a grade earns under the model: A band, B+, B, and everything below B alike. */
    public static int pointsFor(Grade grade, HealthModel.Satisfaction rules) {
        return switch (grade) {
            case A_PLUS, A, A_MINUS -> rules.pointsForA();
            case B_PLUS -> rules.pointsForBPlus();
            case B -> rules.pointsForB();
            default -> rules.pointsBelowB();
        };
    }

    private static Map<String, Feedback> latestPerQuestion(AccountFacts facts, Instant now, int windowDays) {
        Map<String, Feedback> latest = new LinkedHashMap<>();
        Facts.list(facts.feedback()).stream()
                .filter(f -> f.grade() != null && Facts.withinLastDays(f.at(), now, windowDays))
                .sorted(Comparator.comparing(Feedback::at)) // stable: a tie keeps the later-recorded answer
                .forEach(f -> latest.put(question(f), f));
        return latest;
    }

    private static String question(Feedback f) {
        return f.question() == null || f.question().isBlank() ? "(no question)" : f.question().trim();
    }

    /** The latest answer to one question and the points it earns ("GradeBelowB" when it is really an F). */
    private record LatestGrade(Feedback answer, int points, int questions) {

        static LatestGrade of(Feedback answer, HealthModel.Satisfaction rules, int questions) {
            return new LatestGrade(answer, pointsFor(answer.grade(), rules), questions);
        }

        Health.Reason reason() {
            boolean reallyAnF = answer.grade().isBelowB();
            String sentence = "Latest answer to '" + question(answer) + "' was " + answer.grade().label()
                    + (reallyAnF ? " (really an F)" : "") + ": " + points + " points";
            int cost = -Facts.roundHalfUp((long) FULL - points, questions);
            return new Health.Reason(reallyAnF ? "GradeBelowB" : "LatestGrade", sentence, cost,
                    Facts.ids(answer.eventId()));
        }
    }
}
