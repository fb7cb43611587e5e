package com.accounthealth.opportunity.domain;

import com.accounthealth.contract.opportunity.Stage;
import com.accounthealth.kernel.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The pipeline of a set of deals, computed from the deals as their events left them (each deal's list row, written
 * with its events; never from counters that could drift). Every figure is defined here:
 * <ul>
 *   <li><b>open count / open value</b> per stage: deals not yet won or lost, and the sum of their amounts per
 *       currency (amounts in different currencies are never added together);</li>
 *   <li><b>weighted value</b>: each open deal's amount times its stage's probability (configuration);</li>
 *   <li><b>average days in stage</b>: the mean length of every stay any of the deals had in that stage, a stay still
 *       going counted up to now;</li>
 *   <li><b>slipped deals</b>: open deals whose expected close date moved later at least once;</li>
 *   <li><b>win rate</b>: won / (won + lost) among deals closed within the window before now; null when none closed.</li>
 * </ul>
 */
public record Pipeline(int openCount, Map<String, BigDecimal> openValue, Map<String, BigDecimal> weightedValue,
                       List<StageFigures> stages, List<SlippedDeal> slippedDeals, int wonInWindow, int lostInWindow,
                       Double winRate, Duration winRateWindow) {

    public record StageFigures(Stage stage, int openCount, Map<String, BigDecimal> openValue,
                               Map<String, BigDecimal> weightedValue, Double averageDaysInStage) {
    }

    public record SlippedDeal(UUID opportunityId, String name, int slipCount, LocalDate expectedCloseDate) {
    }

    /** What the pipeline reads of a deal: as its events left it (the list row keeps exactly this). */
    public record Deal(UUID id, String name, Stage stage, Money amount, int slipCount, LocalDate expectedCloseDate,
                       Instant closedAt, List<Opportunity.StageStay> stays) {

        public static Deal of(Opportunity o) {
            return new Deal(o.id(), o.name(), o.stage(), o.amount(), o.slipCount(), o.expectedCloseDate(),
                    o.closedAt(), o.stays());
        }

        public boolean isOpen() {
            return !stage.isClosed();
        }
    }

    public static Pipeline of(List<Deal> deals, Instant now, Map<Stage, BigDecimal> probabilities,
                              Duration winRateWindow) {
        List<StageFigures> stages = new ArrayList<>();
        Map<String, BigDecimal> openValue = new TreeMap<>();
        Map<String, BigDecimal> weightedValue = new TreeMap<>();
        int openCount = 0;
        for (Stage stage : Stage.values()) {
            if (stage.isClosed()) {
                continue;
            }
            BigDecimal probability = probabilities.getOrDefault(stage, BigDecimal.ZERO);
            Map<String, BigDecimal> value = new TreeMap<>();
            Map<String, BigDecimal> weighted = new TreeMap<>();
            int count = 0;
            for (Deal d : deals) {
                if (d.isOpen() && d.stage() == stage) {
                    count++;
                    add(value, d.amount().currency(), d.amount().amount());
                    add(weighted, d.amount().currency(), d.amount().amount().multiply(probability));
                }
            }
            double totalDays = 0;
            int stayCount = 0;
            for (Deal d : deals) {
                for (Opportunity.StageStay stay : d.stays()) {
                    if (stay.stage() == stage) {
                        totalDays += stay.days(now);
                        stayCount++;
                    }
                }
            }
            Double averageDays = stayCount == 0 ? null : Math.round(totalDays / stayCount * 10) / 10.0;
            stages.add(new StageFigures(stage, count, rounded(value), rounded(weighted), averageDays));
            openCount += count;
            value.forEach((currency, amount) -> add(openValue, currency, amount));
            weighted.forEach((currency, amount) -> add(weightedValue, currency, amount));
        }

        List<SlippedDeal> slipped = deals.stream().filter(d -> d.isOpen() && d.slipCount() > 0)
                .map(d -> new SlippedDeal(d.id(), d.name(), d.slipCount(), d.expectedCloseDate())).toList();

        Instant windowStart = now.minus(winRateWindow);
        int won = 0;
        int lost = 0;
        for (Deal d : deals) {
            if (d.closedAt() != null && !d.closedAt().isBefore(windowStart) && !d.closedAt().isAfter(now)) {
                if (d.stage() == Stage.CLOSED_WON) {
                    won++;
                } else {
                    lost++;
                }
            }
        }
        Double winRate = won + lost == 0 ? null : Math.round(1000.0 * won / (won + lost)) / 1000.0;
        return new Pipeline(openCount, rounded(openValue), rounded(weightedValue), stages, slipped, won, lost, winRate,
                winRateWindow);
    }

    private static void add(Map<String, BigDecimal> sums, String currency, BigDecimal amount) {
        sums.merge(currency, amount, BigDecimal::add);
    }

    private static Map<String, BigDecimal> rounded(Map<String, BigDecimal> sums) {
        Map<String, BigDecimal> r = new TreeMap<>();
        sums.forEach((c, v) -> r.put(c, v.setScale(2, RoundingMode.HALF_UP)));
        return r;
    }
}
