package com.accounthealth.healthscore.domain.notification;

import com.accounthealth.healthscore.domain.AlertType;
import com.accounthealth.healthscore.domain.notification.NoiseControl.Decision;
import com.accounthealth.healthscore.domain.notification.NoiseControl.Prior;
import com.accounthealth.healthscore.domain.notification.NoiseControl.Snooze;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static com.accounthealth.healthscore.domain.notification.Notices.atRisk;
import static com.accounthealth.healthscore.domain.notification.Notices.recovered;
import static org.assertj.core.api.Assertions.assertThat;

class NoiseControlTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final Duration COOL_DOWN = Duration.ofDays(7);

    private static final AlertedAccount ACCOUNT = Notices.account("emea", "SMB", 1000, "EUR");

    /** Priors: the latest told of the same key, the latest at-risk delivery, the latest told recovery. */
    private static Decision decide(AlertNotice alert, List<Snooze> snoozes, Prior lastSameKey, Prior lastAtRisk,
                                   Prior lastRecovered) {
        return NoiseControl.decide(alert, snoozes, new NoiseControl.Priors(Optional.ofNullable(lastSameKey),
                Optional.ofNullable(lastAtRisk), Optional.ofNullable(lastRecovered), true), COOL_DOWN);
    }

    private static Prior told(int severity, Duration ago) {
        return new Prior(severity, NOW.minus(ago), true);
    }

    @Test
    void aFirstAlertIsSent() {
        assertThat(decide(atRisk(NOW, 40), List.of(), null, null, null).send()).isTrue();
    }

    @Test
    void aSnoozeOfTheAccountOrOfTheAlertTypeSuppressesUntilItEnds() {
        Snooze everything = new Snooze(null, NOW.plusSeconds(3600), "Renegotiating");
        Decision snoozed = decide(atRisk(NOW, 40), List.of(everything), null, null, null);
        assertThat(snoozed.send()).isFalse();
        assertThat(snoozed.reason()).isEqualTo("snoozed until 2026-11-20T11:00:00Z: Renegotiating");

        Snooze gapsOnly = new Snooze(AlertType.COMPETITIVE_GAP, NOW.plusSeconds(3600), "Known");
        assertThat(decide(atRisk(NOW, 40), List.of(gapsOnly), null, null, null).send()).isTrue();

        Snooze ended = new Snooze(null, NOW, "Over");
        assertThat(decide(atRisk(NOW, 40), List.of(ended), null, null, null).send()).isTrue();
    }

    @Test
    void withinTheCoolDownOnlyAWorseAlertIsSent() {
        // Severity of an at-risk alert: the points below 100. Notified at 45 (severity 55) two days ago.
        Prior notified = told(55, Duration.ofDays(2));

        Decision same = decide(atRisk(NOW, 45), List.of(), notified, notified, null);
        assertThat(same.send()).isFalse();
        assertThat(same.reason()).contains("cool-down", "severity 55", "not worse (severity 55)");
        assertThat(decide(atRisk(NOW, 50), List.of(), notified, notified, null).send()).isFalse();

        Decision worse = decide(atRisk(NOW, 30), List.of(), notified, notified, null);
        assertThat(worse.send()).as("escalation: 30 is worse than 45").isTrue();
    }

    @Test
    void afterTheCoolDownTheSameAlertIsSentAgain() {
        Prior longAgo = told(55, Duration.ofDays(8));
        assertThat(decide(atRisk(NOW, 45), List.of(), longAgo, longAgo, null).send()).isTrue();
    }

    @Test
    void atRiskAgainAfterANotifiedRecoveryIsNewsWithinTheCoolDownToo() {
        Prior atRisk = told(55, Duration.ofDays(3));
        Prior recovered = told(0, Duration.ofDays(1));
        assertThat(decide(atRisk(NOW, 45), List.of(), atRisk, atRisk, recovered).send()).isTrue();
        Prior recoveredBefore = told(0, Duration.ofDays(4));
        assertThat(decide(atRisk(NOW, 45), List.of(), atRisk, atRisk, recoveredBefore).send()).isFalse();
    }

    @Test
    void aRecoveryIsNewsOnlyToALeaderWhoWasToldOfTheRisk() {
        Prior told = told(60, Duration.ofDays(1));
        Prior notTold = new Prior(60, NOW.minus(Duration.ofDays(1)), false);
        assertThat(decide(recovered(NOW), List.of(), null, told, null).send()).isTrue();
        assertThat(decide(recovered(NOW), List.of(), null, notTold, null).reason())
                .isEqualTo("the leader was not notified that the account was at risk");
        assertThat(decide(recovered(NOW), List.of(), null, null, null).send()).isFalse();
        // A subscription to recoveries alone hears of every one.
        assertThat(NoiseControl.decide(recovered(NOW), List.of(), new NoiseControl.Priors(Optional.empty(),
                Optional.empty(), Optional.empty(), false), COOL_DOWN).send()).isTrue();
    }

    @Test
    void gapsCoolDownPerCompetitorAndGrowthSignalsNever() {
        Prior initrode = told(11, Duration.ofDays(1));
        AlertNotice sameAgain = Notices.gap(ACCOUNT, NOW, "Initrode", List.of("sso"), 1);
        assertThat(sameAgain.noiseKey()).isEqualTo("COMPETITIVE_GAP:Initrode");
        assertThat(decide(sameAgain, List.of(), initrode, null, null).send()).isFalse();
        assertThat(decide(Notices.gap(ACCOUNT, NOW, "Initrode", List.of("sso", "forecasting"), 1), List.of(),
                initrode, null, null).send()).as("it offers more we lack: worse").isTrue();
        // Another competitor has no prior under its own key.
        assertThat(decide(Notices.gap(ACCOUNT, NOW, "Vandelay", List.of("sso"), 1), List.of(), null, null, null)
                .send()).isTrue();
        Prior growth = told(0, Duration.ofHours(1));
        assertThat(decide(Notices.growth(ACCOUNT, NOW, "Series D"), List.of(), growth, null, null).send()).isTrue();
    }

    @Test
    void severityExplainsWhatWorseMeansPerAlertType() {
        AlertedAccount account = Notices.account("emea", "SMB", 1000, "EUR");
        assertThat(atRisk(NOW, 38).severity()).isEqualTo(62);
        // 10 per capability we lack, 1 per client team where the competitor was seen and we met nobody.
        assertThat(Notices.gap(account, NOW, "Initech", List.of("sso", "forecasting"), 1).severity()).isEqualTo(21);
        assertThat(Notices.growth(account, NOW, "Series C").severity()).isZero();
    }
}
