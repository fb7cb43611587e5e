package com.accounthealth.eventstore;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The bounded in-memory caches of the services: the least recently used entry leaves when one too many is added (or,
 * {@link Weighed}, when they weigh too much together).
 */
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

    /**
     * A map in access order bounded by its entries and by the sum of their weights (the events a kept fold or
     * aggregate holds: one long history weighs as much as hundreds of short ones, and a bound on entries alone let
     * such histories fill the heap). The least recently used leave first, the newest last: an entry over the weight
     * bound on its own does not stay. Not thread-safe (guard it).
     */
    public static final class Weighed<K, V> {

        private record Entry<V>(V value, long weight) {
        }

        private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>(1 << 10, 0.75f, true);
        private final int maxEntries;
        private final long maxWeight;
        private final ToLongFunction<V> weigher;
        private long weight;

        public Weighed(int maxEntries, long maxWeight, ToLongFunction<V> weigher) {
            this.maxEntries = maxEntries;
            this.maxWeight = maxWeight;
            this.weigher = weigher;
        }

        public V get(K key) {
            Entry<V> e = entries.get(key);
            return e == null ? null : e.value();
        }

        public V remove(K key) {
            Entry<V> e = entries.remove(key);
            if (e == null) {
                return null;
            }
            weight -= e.weight();
            return e.value();
        }

        /** Keeps {@code value}, weighed now (values may change later), then evicts. */
        public void put(K key, V value) {
            remove(key);
            long weight = weigher.applyAsLong(value);
            entries.put(key, new Entry<>(value, weight));
            this.weight += weight;
            Iterator<Entry<V>> eldest = entries.values().iterator();
            while (entries.size() > maxEntries || this.weight > maxWeight) {
                this.weight -= eldest.next().weight();
                eldest.remove();
            }
        }

        public void clear() {
            entries.clear();
            weight = 0;
        }

        public int size() {
            return entries.size();
        }

        /** The sum of the kept entries' weights. */
        public long weight() {
            return weight;
        }
    }
}
