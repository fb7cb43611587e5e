package com.accounthealth.eventstore;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Weighed maps here weigh each value by its length. */
class LeastRecentlyUsedTest {

    @Test
    void aWeighedMapKeepsItsWeightWithinTheBoundAndForgetsTheLeastRecentlyUsedFirst() {
        LeastRecentlyUsed.Weighed<String, String> kept = new LeastRecentlyUsed.Weighed<>(10, 10, String::length);
        kept.put("a", "AAAA");
        kept.put("b", "BBBB");
        kept.get("a");             // b is now the least recently used
        kept.put("c", "CCCC");

        assertThat(kept.get("b")).isNull();
        assertThat(kept.get("a")).isEqualTo("AAAA");
        assertThat(kept.weight()).isEqualTo(8);
    }

    @Test
    void aReplacedEntryCountsWithItsNewWeightOnly() {
        LeastRecentlyUsed.Weighed<String, String> kept = new LeastRecentlyUsed.Weighed<>(10, 10, String::length);
        kept.put("a", "A1-");
        kept.put("a", "A2---");
        assertThat(kept.weight()).isEqualTo(5);
        assertThat(kept.remove("a")).isEqualTo("A2---");
        assertThat(kept.weight()).isZero();
    }

    @Test
    void anEntryHeavierThanTheBoundDoesNotStayAndTheEntryBoundHoldsToo() {
        LeastRecentlyUsed.Weighed<String, String> kept = new LeastRecentlyUsed.Weighed<>(2, 10, String::length);
        kept.put("a", "A");
        kept.put("huge", "HHHHHHHHHHH");
        assertThat(kept.size()).isZero();

        kept.put("a", "A");
        kept.put("b", "B");
        kept.put("c", "C");
        assertThat(kept.size()).isEqualTo(2);
        assertThat(kept.get("a")).isNull();
    }
}
