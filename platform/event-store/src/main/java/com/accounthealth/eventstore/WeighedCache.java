package com.accounthealth.eventstore;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.function.ToIntFunction;

/**
 * Caffeine caches bounded twice: by the sum of their entries' weights (the events a kept aggregate or fold holds:
 * one long history weighs as much as hundreds of short ones, and a bound on entries alone let such histories fill the
 * heap) and by their entries, through a floor on each entry's weight ({@code maxWeight / maxEntries}), so that many
 * small entries cannot pile up either. An entry heavier than the whole bound is not kept.
 */
public final class WeighedCache {

    private WeighedCache() {
    }

    public static <K, V> Cache<K, V> of(int maxEntries, long maxWeight, ToIntFunction<V> weigher) {
        // Rounded up, so that maxWeight / floor, the most entries that fit, is at most maxEntries.
        long entries = Math.max(1, maxEntries);
        int floor = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (maxWeight + entries - 1) / entries));
        return Caffeine.newBuilder()
                .maximumWeight(maxWeight)
                .weigher((K key, V value) -> Math.max(floor, weigher.applyAsInt(value)))
                // Evicts on the thread that writes, so the bounds hold when a write returns (after cleanUp()).
                .executor(Runnable::run)
                .build();
    }

    /** The sum of the kept entries' weights (each at least the floor), once pending evictions are done. */
    public static long weight(Cache<?, ?> cache) {
        cache.cleanUp();
        return cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
    }
}
