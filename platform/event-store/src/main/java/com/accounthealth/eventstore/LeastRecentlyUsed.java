package com.accounthealth.eventstore;

import java.util.LinkedHashMap;
import java.util.Map;

/** The bounded in-memory caches of the services: the least recently used entry leaves when one too many is added. */
public final class LeastRecentlyUsed {

    private LeastRecentlyUsed() {
    }

    /** A map in access order holding at most {@code capacity} entries; not thread-safe (wrap or guard it). */
    public static <K, V> Map<K, V> map(int capacity) {
        return new LinkedHashMap<>(Math.min(capacity, 1 << 10), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
