package com.accounthealth.healthscore.domain.work;

import com.accounthealth.kernel.RuleViolation;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AlertWorkTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");

    @Test
    void acknowledgingTwiceKeepsTheFirstAcknowledgement() {
        AlertWork once = AlertWork.untouched().acknowledge("lena", NOW);
        AlertWork twice = once.acknowledge("sam", NOW.plusSeconds(60));
        assertThat(twice).isEqualTo(once);
        assertThat(twice.state()).isEqualTo(AlertWork.State.ACKNOWLEDGED);
        assertThat(twice.acknowledgedBy()).isEqualTo("lena");
    }

    @Test
    void assigningAcknowledgesAnOpenAlert() {
        AlertWork assigned = AlertWork.untouched().assign("ae-7", "lena", NOW);
        assertThat(assigned.state()).isEqualTo(AlertWork.State.ACKNOWLEDGED);
        assertThat(assigned.assignee()).isEqualTo("ae-7");
        assertThat(assigned.acknowledgedAt()).isEqualTo(NOW);
    }

    @Test
    void aResolvedAlertTakesNoMoreWorkButResolvingAgainChangesNothing() {
        AlertWork resolved = AlertWork.untouched().resolve("lena", NOW, "Review held");
        assertThat(resolved.resolve("sam", NOW.plusSeconds(5), "other")).isEqualTo(resolved);
        assertThatThrownBy(() -> resolved.acknowledge("sam", NOW)).isInstanceOf(RuleViolation.class)
                .extracting(e -> ((RuleViolation) e).kind()).isEqualTo(RuleViolation.Kind.CONFLICT);
        assertThatThrownBy(() -> resolved.assign("ae-1", "sam", NOW)).isInstanceOf(RuleViolation.class);
        assertThatThrownBy(() -> resolved.snooze(NOW.plusSeconds(3600), NOW)).isInstanceOf(RuleViolation.class);
    }

    @Test
    void aSnoozeEndsInTheFuture() {
        assertThatThrownBy(() -> AlertWork.untouched().snooze(NOW, NOW)).isInstanceOf(RuleViolation.class)
                .extracting(e -> ((RuleViolation) e).field()).isEqualTo("until");
        assertThat(AlertWork.untouched().snooze(NOW.plusSeconds(60), NOW).snoozedUntil()).isEqualTo(NOW.plusSeconds(60));
    }

    @Test
    void onlyAnOpenAlertNeitherSnoozedNorEscalatedBeforeAwaitsEscalation() {
        assertThat(AlertWork.untouched().awaitsEscalation(NOW)).isTrue();
        assertThat(AlertWork.untouched().escalate(NOW).awaitsEscalation(NOW)).isFalse();
        assertThat(AlertWork.untouched().acknowledge("lena", NOW).awaitsEscalation(NOW)).isFalse();
        AlertWork snoozed = AlertWork.untouched().snooze(NOW.plusSeconds(3600), NOW);
        assertThat(snoozed.awaitsEscalation(NOW)).isFalse();
        assertThat(snoozed.awaitsEscalation(NOW.plusSeconds(3600))).as("once the snooze has ended").isTrue();
    }
}
