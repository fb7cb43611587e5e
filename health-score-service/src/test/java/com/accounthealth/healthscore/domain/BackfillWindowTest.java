package com.accounthealth.healthscore.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class BackfillWindowTest {

    private static final Instant RECORDED = Instant.parse("2026-12-06T12:00:00Z");
    private final Backfill sevenDays = new Backfill(Duration.ofDays(7));

    @Test
    void aFactRecordedWithinTheWindowIsNewsAndOneRecordedAfterItIsHistory() {
        assertThat(sevenDays.isHistory(RECORDED, RECORDED)).isFalse();
        assertThat(sevenDays.isHistory(RECORDED.minus(Duration.ofDays(7)), RECORDED)).as("exactly at the edge").isFalse();
        assertThat(sevenDays.isHistory(RECORDED.minus(Duration.ofDays(7)).minusSeconds(1), RECORDED)).isTrue();
        assertThat(sevenDays.isHistory(RECORDED.minus(Duration.ofDays(400)), RECORDED)).isTrue();
    }

    @Test
    void aFactDatedAfterItWasRecordedIsNews() {
        // A meeting booked ahead: business time later than the recording is not history.
        assertThat(sevenDays.isHistory(RECORDED.plus(Duration.ofDays(3)), RECORDED)).isFalse();
    }
}
