package com.accounthealth.eventstore;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeastRecentlyUsedTest {

    @Test
    void aWeighedMapKeepsItsWeightWithinTheBoundAndForgetsTheLeastRecentlyUsedFirst() {
        LeastRecentlyUsed.Weighed<String, String> kept = new LeastRecentlyUsed.Weighed<>(10, 10);
        kept.put("a", "A", 4);
        kept.put("b", "B", 4);
        kept.get("a");             // b is now the least recently used
        kept.put("c", "C", 4);

        assertThat(kept.get("b")).isNull();
        assertThat(kept.get("a")).isEqualTo("A");
        assertThat(kept.weight()).isEqualTo(8);
    }

    @Test
    void aReplacedEntryCountsWithItsNewWeightOnly() {
        LeastRecentlyUsed.Weighed<String, String> kept = new LeastRecentlyUsed.Weighed<>(10, 10);
        kept.put("a", "A1", 3);
        kept.put("a", "A2", 5);
        assertThat(kept.weight()).isEqualTo(5);
        assertThat(kept.remove("a")).isEqualTo("A2");
        assertThat(kept.weight()).isZero();
    }

    @Test
    void anEntryHeavierThanTheBoundDoesNotStayAndTheEntryBoundHoldsToo() {
        LeastRecentlyUsed.Weighed<String, String> kept = new LeastRecentlyUsed.Weighed<>(2, 10);
        kept.put("a", "A", 1);
        kept.put("huge", "H", 11);
        assertThat(kept.size()).isZero();

        kept.put("a", "A", 1);
        kept.put("b", "B", 1);
        kept.put("c", "C", 1);
        assertThat(kept.size()).isEqualTo(2);
        assertThat(kept.get("a")).isNull();
    }
}
