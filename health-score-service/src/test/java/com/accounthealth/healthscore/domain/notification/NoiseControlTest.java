package com.accounthealth.healthscore.domain.notification;

import com.accounthealth.healthscore.domain.notification.NoiseControl.Decision;
import com.accounthealth.healthscore.domain.notification.NoiseControl.Prior;
import com.accounthealth.healthscore.domain.notification.NoiseControl.Snooze;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.accounthealth.healthscore.domain.notification.Notices.ACCOUNT;
import static com.accounthealth.healthscore.domain.notification.Notices.atRisk;
import static com.accounthealth.healthscore.domain.notification.Notices.recovered;
import static org.assertj.core.api.Assertions.assertThat;

class NoiseControlTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final Duration COOL_DOWN = Duration.ofDays(7);

    private static Decision decide(AlertNotice alert, List<Snooze> snoozes, Prior lastSameType, Prior lastAtRisk) {
        return NoiseControl.decide(alert, snoozes, Optional.ofNullable(lastSameType), Optional.ofNullable(lastAtRisk),
                COOL_DOWN);
    }

    @Test
    void aFirstAlertIsSent() {
        assertThat(decide(atRisk(NOW, 40), List.of(), null, null).send()).isTrue();
    }

    @Test
    void aSnoozeOfTheAccountOrOfTheAlertTypeSuppressesUntilItEnds() {
        Snooze everything = new Snooze(UUID.randomUUID(), ACCOUNT, null, NOW.plusSeconds(3600), "Renegotiating");
        Decision snoozed = decide(atRisk(NOW, 40), List.of(everything), null, null);
        assertThat(snoozed.send()).isFalse();
        assertThat(snoozed.reason()).isEqualTo("snoozed until 2026-11-20T11:00:00Z: Renegotiating");

        Snooze gapsOnly = new Snooze(UUID.randomUUID(), ACCOUNT, "COMPETITIVE_GAP", NOW.plusSeconds(3600), "Known");
        assertThat(decide(atRisk(NOW, 40), List.of(gapsOnly), null, null).send()).isTrue();

        Snooze ended = new Snooze(UUID.randomUUID(), ACCOUNT, null, NOW, "Over");
        assertThat(decide(atRisk(NOW, 40), List.of(ended), null, null).send()).isTrue();
    }

    @Test
    void withinTheCoolDownOnlyAWorseAlertIsSent() {
        // Severity of an at-risk alert: the points below 100. Notified at 45 (severity 55) two days ago.
        Prior notified = new Prior("ACCOUNT_AT_RISK", 55, NOW.minus(Duration.ofDays(2)), false);

        Decision same = decide(atRisk(NOW, 45), List.of(), notified, notified);
        assertThat(same.send()).isFalse();
        assertThat(same.reason()).contains("cool-down", "severity 55", "not worse (severity 55)");
        assertThat(decide(atRisk(NOW, 50), List.of(), notified, notified).send()).isFalse();

        Decision worse = decide(atRisk(NOW, 30), List.of(), notified, notified);
        assertThat(worse.send()).as("escalation: 30 is worse than 45").isTrue();
    }

    @Test
    void afterTheCoolDownTheSameAlertIsSentAgain() {
        Prior longAgo = new Prior("ACCOUNT_AT_RISK", 55, NOW.minus(Duration.ofDays(8)), false);
        assertThat(decide(atRisk(NOW, 45), List.of(), longAgo, longAgo).send()).isTrue();
    }

    @Test
    void aRecoveryIsNewsOnlyToALeaderWhoWasToldOfTheRisk() {
        Prior told = new Prior("ACCOUNT_AT_RISK", 60, NOW.minus(Duration.ofDays(1)), false);
        Prior notTold = new Prior("ACCOUNT_AT_RISK", 60, NOW.minus(Duration.ofDays(1)), true);
        assertThat(decide(recovered(NOW), List.of(), null, told).send()).isTrue();
        assertThat(decide(recovered(NOW), List.of(), null, notTold).reason())
                .isEqualTo("the leader was not notified that the account was at risk");
        assertThat(decide(recovered(NOW), List.of(), null, null).send()).isFalse();
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
