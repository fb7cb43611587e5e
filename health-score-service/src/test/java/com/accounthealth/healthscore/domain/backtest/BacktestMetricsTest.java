package com.accounthealth.healthscore.domain.backtest;

import com.accounthealth.healthscore.domain.AccountOutcome.Kind;
import com.accounthealth.healthscore.domain.Health.HealthStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.accounthealth.healthscore.domain.Health.HealthStatus.AT_RISK;
import static com.accounthealth.healthscore.domain.Health.HealthStatus.HEALTHY;
import static com.accounthealth.healthscore.domain.Health.HealthStatus.WATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every backtest metric on six hand-built accounts whose answers are worked out here. Outcomes on D = 2026-06-30; a
 * warning needs 30 days of lead.
 * <pre>
 *   A  CHURNED          HEALTHY 80 (D-90), WATCH 55 (D-60), AT_RISK 40 (D-45, satisfaction), AT_RISK 30 (D-15)
 *   B  LOST_AT_RENEWAL  WATCH 60 (D-90), AT_RISK 45 (D-20, critical:PoorGradeBeforeRenewal)
 *   C  CHURNED          HEALTHY 75 (D-90), HEALTHY 72 (D-30)
 *   D  RENEWED_FLAT     HEALTHY 90 (D-90), WATCH 65 (D-30)
 *   E  RENEWED_WITH_EXPANSION  AT_RISK 48 (D-30, engagement)
 *   F  DOWNGRADED       AT_RISK 20 (D-30): neither positive nor negative
 * </pre>
 */
class BacktestMetricsTest {

    private static final Instant D = Instant.parse("2026-06-30T00:00:00Z");

    private static AccountRun.Step step(int daysBefore, HealthStatus status, int score, String warning) {
        return new AccountRun.Step(D.minus(daysBefore, ChronoUnit.DAYS), score, status, warning);
    }

    private static BacktestMetrics.AccountResult account(String name, Kind outcome, AccountRun.Step... steps) {
        return BacktestMetrics.result(new AccountRun(UUID.randomUUID(), name, "team", outcome, D, List.of(steps)), 30);
    }

    private static BacktestMetrics.ModelReport report() {
        List<BacktestMetrics.AccountResult> results = new ArrayList<>();
        results.add(account("A", Kind.CHURNED, step(90, HEALTHY, 80, null), step(60, WATCH, 55, "satisfaction"),
                step(45, AT_RISK, 40, "satisfaction"), step(15, AT_RISK, 30, "satisfaction")));
        results.add(account("B", Kind.LOST_AT_RENEWAL, step(90, WATCH, 60, "commercial"),
                step(20, AT_RISK, 45, "critical:PoorGradeBeforeRenewal")));
        results.add(account("C", Kind.CHURNED, step(90, HEALTHY, 75, null), step(30, HEALTHY, 72, null)));
        results.add(account("D", Kind.RENEWED_FLAT, step(90, HEALTHY, 90, null), step(30, WATCH, 65, "support")));
        results.add(account("E", Kind.RENEWED_WITH_EXPANSION, step(30, AT_RISK, 48, "engagement")));
        results.add(account("F", Kind.DOWNGRADED, step(30, AT_RISK, 20, "support")));
        return BacktestMetrics.report("v1", results);
    }

    @Test
    void eachAccountIsFlaggedWithItsLeadItsWorstStatusAndLowestScore() {
        BacktestMetrics.AccountResult a = report().results().getFirst();
        assertThat(a.flagged()).isTrue();
        assertThat(a.leadDays()).isEqualTo(45L);
        assertThat(a.caught()).isTrue();
        assertThat(a.worstStatus()).isEqualTo(AT_RISK);
        assertThat(a.lowestScore()).isEqualTo(30);
        assertThat(a.warning()).isEqualTo("satisfaction");
        BacktestMetrics.AccountResult b = report().results().get(1);
        assertThat(b.leadDays()).as("flagged 20 days before: too late").isEqualTo(20L);
        assertThat(b.caught()).isFalse();
    }

    @Test
    void catchesLeadTimesAndFalseAlarms() {
        BacktestMetrics.ModelReport r = report();
        assertThat(r.accounts()).isEqualTo(6);
        assertThat(r.positives()).isEqualTo(3);   // A, B, C
        assertThat(r.negatives()).isEqualTo(2);   // D, E
        assertThat(r.caught()).isEqualTo(1);      // A (B too late, C never)
        assertThat(r.catchRate()).isCloseTo(1.0 / 3, within(1e-9));
        assertThat(r.leadTimes()).isEqualTo(new BacktestMetrics.LeadTimes(45.0, 45.0, 45.0));
        assertThat(r.falseAlarms()).isEqualTo(1); // E
        assertThat(r.falseAlarmRate()).isEqualTo(0.5);
        assertThat(r.warnings()).isEqualTo(Map.of("satisfaction", 1));
    }

    @Test
    void precisionAndRecallPerStatus() {
        BacktestMetrics.ModelReport r = report();
        // Worst AT_RISK: A, B (positive), E (negative): precision 2/3; recall 2 of 3 positives.
        assertThat(r.atRisk().precision()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(r.atRisk().recall()).isCloseTo(2.0 / 3, within(1e-9));
        // AT_RISK or WATCH adds D (negative): precision 2/4; recall still 2/3 (C was HEALTHY throughout).
        assertThat(r.atRiskOrWatch().precision()).isEqualTo(0.5);
        assertThat(r.atRiskOrWatch().recall()).isCloseTo(2.0 / 3, within(1e-9));
    }

    @Test
    void rocAucOfTheLowestScore() {
        // Positives 30, 45, 72 against negatives 65, 48: 30 and 45 are below both (4 pairs), 72 below neither: 4/6.
        assertThat(report().rocAuc()).isCloseTo(4.0 / 6, within(1e-9));
    }

    @Test
    void calibrationPerTenPointBand() {
        List<BacktestMetrics.Band> bands = report().calibration();
        assertThat(bands).hasSize(10);
        assertThat(bands.get(2)).isEqualTo(new BacktestMetrics.Band(20, 29, 0, 0, null)); // F is neither
        assertThat(bands.get(3)).isEqualTo(new BacktestMetrics.Band(30, 39, 1, 1, 1.0));  // A
        assertThat(bands.get(4)).isEqualTo(new BacktestMetrics.Band(40, 49, 2, 1, 0.5));  // B, E
        assertThat(bands.get(6)).isEqualTo(new BacktestMetrics.Band(60, 69, 1, 0, 0.0));  // D
        assertThat(bands.get(7)).isEqualTo(new BacktestMetrics.Band(70, 79, 1, 1, 1.0));  // C
        assertThat(bands.get(9)).isEqualTo(new BacktestMetrics.Band(90, 100, 0, 0, null));
    }

    @Test
    void leadTimeQuartilesInterpolateBetweenRanks() {
        // Ranks 0..3: q1 at 0.75 (10 + 0.75 x 10), median at 1.5 (20 + 0.5 x 20), q3 at 2.25 (40 + 0.25 x 40).
        assertThat(BacktestMetrics.leadTimes(List.of(10L, 20L, 40L, 80L)))
                .isEqualTo(new BacktestMetrics.LeadTimes(17.5, 30.0, 50.0));
        assertThat(BacktestMetrics.leadTimes(List.of())).isEqualTo(new BacktestMetrics.LeadTimes(null, null, null));
    }

    @Test
    void noNegativesMeansNoRocAuc() {
        assertThat(BacktestMetrics.rocAuc(List.of(account("A", Kind.CHURNED, step(40, AT_RISK, 30, null))), List.of()))
                .isNull();
    }
}
