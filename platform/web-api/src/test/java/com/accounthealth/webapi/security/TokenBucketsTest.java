package com.accounthealth.webapi.security;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketsTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final TokenBuckets buckets = new TokenBuckets(2, 3, now::get);

    @Test
    void aClientMayWriteABurstThenWaitsForTheNextToken() {
        for (int i = 0; i < 3; i++) {
            assertThat(buckets.take("crm-sync").allowed()).as("write %d of the burst", i + 1).isTrue();
        }
        TokenBuckets.Take refused = buckets.take("crm-sync");
        assertThat(refused.allowed()).isFalse();
        // 2 tokens a second: the next one is half a second away.
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMillis(500));

        now.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(buckets.take("crm-sync").allowed()).isTrue();
        assertThat(buckets.take("crm-sync").allowed()).isFalse();
    }

    @Test
    void clientsHaveBucketsOfTheirOwnAndAQuietSpellRefillsOnlyUpToTheBurst() {
        for (int i = 0; i < 3; i++) {
            buckets.take("crm-sync");
        }
        assertThat(buckets.take("survey-tool").allowed()).as("another client is not slowed").isTrue();

        now.addAndGet(Duration.ofMinutes(10).toNanos());
        int allowed = 0;
        while (buckets.take("crm-sync").allowed()) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(3);
    }
}
