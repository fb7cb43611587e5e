package com.accounthealth.healthscore.domain.backtest;

import com.accounthealth.healthscore.domain.AccountOutcome;
import com.accounthealth.healthscore.domain.Health.HealthStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * How well a model's scores warned of what happened, from the accounts of a backtest (docs/health-model.md, section
 * 7). Every rate is null when its denominator is 0.
 * <ul>
 *   <li>An account is <b>flagged</b> when it was AT_RISK at a step; its <b>lead</b> is the whole days from the first
 *   such step to the outcome. A positive is <b>caught</b> when flagged with a lead of at least {@code leadDays}.</li>
 *   <li>A <b>false alarm</b> is a negative (renewed) that was flagged.</li>
 *   <li>Precision and recall for AT_RISK count an account by its worst status in the horizon: precision = positives
 *   among the accounts whose worst was AT_RISK / those accounts (positives and negatives); recall = those positives /
 *   every positive. The same for "AT_RISK or WATCH".</li>
 *   <li>ROC AUC of the lowest score in the horizon for a positive: the chance that a positive's lowest score is below a
 *   negative's (ties count half), over every pair (Mann-Whitney).</li>
 *   <li>Calibration: per 10-point band of the lowest score (0-9, ..., 90-100), the accounts and the share positive.</li>
 *   <li>Lead times of the caught: median and quartiles, linearly interpolated between ranks.</li>
 *   <li>Which components carried the warning: for each caught positive, what cost most at its first AT_RISK step.</li>
 * </ul>
 */
public final class BacktestMetrics {

    /** One account's result: what the report counts and lists. */
    public record AccountResult(UUID accountId, String name, String teamId, AccountOutcome.Kind outcome,
                                Instant outcomeAt, boolean positive, boolean negative, boolean flagged,
                                Instant firstFlaggedAt, Long leadDays, boolean caught, HealthStatus worstStatus,
                                Integer lowestScore, String warning, List<AccountRun.Step> steps) {

        AccountResult withoutSteps() {
            return new AccountResult(accountId, name, teamId, outcome, outcomeAt, positive, negative, flagged,
                    firstFlaggedAt, leadDays, caught, worstStatus, lowestScore, warning, List.of());
        }
    }

    public record Rates(Double precision, Double recall) {
    }

    public record LeadTimes(Double lowerQuartile, Double median, Double upperQuartile) {
    }

    public record Band(int from, int to, int accounts, int positives, Double positiveRate) {
    }

    public record ModelReport(String modelVersion, int accounts, int positives, int negatives, int caught,
                         Double catchRate, LeadTimes leadTimes, int falseAlarms, Double falseAlarmRate, Rates atRisk,
                         Rates atRiskOrWatch, Double rocAuc, List<Band> calibration, Map<String, Integer> warnings,
                         List<AccountResult> results) {

        public ModelReport withoutSteps() {
            return new ModelReport(modelVersion, accounts, positives, negatives, caught, catchRate, leadTimes, falseAlarms,
                    falseAlarmRate, atRisk, atRiskOrWatch, rocAuc, calibration, warnings,
                    results.stream().map(AccountResult::withoutSteps).toList());
        }
    }

    private BacktestMetrics() {
    }

    public static AccountResult result(AccountRun run, int leadDays) {
        Optional<AccountRun.Step> first = run.steps().stream().filter(s -> s.status() == HealthStatus.AT_RISK)
                .min(Comparator.comparing(AccountRun.Step::at));
        Long lead = first.map(s -> Duration.between(s.at(), run.outcomeAt()).toDays()).orElse(null);
        boolean caught = run.positive() && lead != null && lead >= leadDays;
        HealthStatus worst = run.steps().stream().map(AccountRun.Step::status)
                .filter(s -> s == HealthStatus.AT_RISK || s == HealthStatus.WATCH || s == HealthStatus.HEALTHY)
                .max(Comparator.comparingInt(BacktestMetrics::severity)).orElse(null);
        Integer lowest = run.steps().stream().map(AccountRun.Step::score).filter(s -> s != null)
                .min(Integer::compare).orElse(null);
        return new AccountResult(run.accountId(), run.name(), run.teamId(), run.outcome(), run.outcomeAt(),
                run.positive(), run.negative(), first.isPresent(), first.map(AccountRun.Step::at).orElse(null), lead,
                caught, worst, lowest, first.map(AccountRun.Step::warning).orElse(null), run.steps());
    }

    public static ModelReport report(String modelVersion, List<AccountResult> results) {
        List<AccountResult> positives = results.stream().filter(AccountResult::positive).toList();
        List<AccountResult> negatives = results.stream().filter(AccountResult::negative).toList();
        List<AccountResult> caught = positives.stream().filter(AccountResult::caught).toList();
        int falseAlarms = (int) negatives.stream().filter(AccountResult::flagged).count();
        Map<String, Integer> warnings = new TreeMap<>();
        caught.stream().filter(r -> r.warning() != null).forEach(r -> warnings.merge(r.warning(), 1, Integer::sum));
        return new ModelReport(modelVersion, results.size(), positives.size(), negatives.size(), caught.size(),
                ratio(caught.size(), positives.size()),
                leadTimes(caught.stream().map(AccountResult::leadDays).sorted().toList()), falseAlarms,
                ratio(falseAlarms, negatives.size()),
                rates(positives, negatives, HealthStatus.AT_RISK), rates(positives, negatives, HealthStatus.WATCH),
                rocAuc(positives, negatives), calibration(positives, negatives), warnings, List.copyOf(results));
    }

    /** Counted as predicted when the worst status was {@code atLeast} or worse. */
    private static Rates rates(List<AccountResult> positives, List<AccountResult> negatives, HealthStatus atLeast) {
        long truePositives = positives.stream().filter(r -> atLeast(r.worstStatus(), atLeast)).count();
        long falsePositives = negatives.stream().filter(r -> atLeast(r.worstStatus(), atLeast)).count();
        return new Rates(ratio(truePositives, truePositives + falsePositives), ratio(truePositives, positives.size()));
    }

    private static boolean atLeast(HealthStatus status, HealthStatus threshold) {
        return status != null && severity(status) >= severity(threshold);
    }

    private static int severity(HealthStatus status) {
        return switch (status) {
            case HEALTHY -> 0;
            case WATCH -> 1;
            case AT_RISK -> 2;
            case CHURNED -> -1;
        };
    }

    static Double rocAuc(List<AccountResult> positives, List<AccountResult> negatives) {
        List<Integer> pos = positives.stream().map(AccountResult::lowestScore).filter(s -> s != null).toList();
        List<Integer> neg = negatives.stream().map(AccountResult::lowestScore).filter(s -> s != null).toList();
        if (pos.isEmpty() || neg.isEmpty()) {
            return null;
        }
        double wins = 0;
        for (int p : pos) {
            for (int n : neg) {
                wins += p < n ? 1 : p == n ? 0.5 : 0;
            }
        }
        return wins / ((double) pos.size() * neg.size());
    }

    private static List<Band> calibration(List<AccountResult> positives, List<AccountResult> negatives) {
        List<Band> bands = new ArrayList<>();
        for (int from = 0; from < 100; from += 10) {
            int low = from;
            int high = from == 90 ? 100 : from + 9;
            int p = (int) positives.stream().filter(r -> in(r.lowestScore(), low, high)).count();
            int n = (int) negatives.stream().filter(r -> in(r.lowestScore(), low, high)).count();
            bands.add(new Band(low, high, p + n, p, ratio(p, p + n)));
        }
        return bands;
    }

    private static boolean in(Integer score, int from, int to) {
        return score != null && score >= from && score <= to;
    }

    /** Quartiles and median linearly interpolated between ranks (the (n - 1) x q rank, 0-based). */
    static LeadTimes leadTimes(List<Long> sorted) {
        if (sorted.isEmpty()) {
            return new LeadTimes(null, null, null);
        }
        return new LeadTimes(quantile(sorted, 0.25), quantile(sorted, 0.5), quantile(sorted, 0.75));
    }

    private static double quantile(List<Long> sorted, double q) {
        double rank = (sorted.size() - 1) * q;
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return sorted.get(below) + (rank - below) * (sorted.get(above) - sorted.get(below));
    }

    private static Double ratio(long part, long whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
