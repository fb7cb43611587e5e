package com.accounthealth.webapi.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One token bucket per client: {@code burst} writes at once, refilled at {@code perSecond}. A refused take tells how
 * long until the next token. Buckets of clients that stopped writing are forgotten once full again, so the map holds
 * only clients active within the last {@code burst / perSecond} seconds.
 */
public final class TokenBuckets {

    private static final int FORGET_THRESHOLD = 10_000;

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** The answer to one take: allowed, or refused with the wait until a token is there. */
    public record Take(boolean allowed, Duration retryAfter) {
    }

    private static final class Bucket {
        double tokens;
        long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }
    }

    public TokenBuckets(double perSecond, int burst, LongSupplier nanoClock) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("perSecond must be positive and burst at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    public Take take(String client) {
        long now = nanoClock.getAsLong();
        if (buckets.size() > FORGET_THRESHOLD) {
            forgetFullBuckets(now);
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, now));
        synchronized (bucket) {
            refill(bucket, now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return new Take(true, Duration.ZERO);
            }
            long waitNanos = (long) Math.ceil((1 - bucket.tokens) / perSecond * 1e9);
            return new Take(false, Duration.ofNanos(waitNanos));
        }
    }

    private void refill(Bucket bucket, long now) {
        bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedAt) / 1e9 * perSecond);
        bucket.updatedAt = now;
    }

    private void forgetFullBuckets(long now) {
        buckets.values().removeIf(b -> {
            synchronized (b) {
                refill(b, now);
                return b.tokens >= burst;
            }
        });
    }
}
