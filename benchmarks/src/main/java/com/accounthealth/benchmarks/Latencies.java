package com.accounthealth.benchmarks;

import java.util.Arrays;

/** Recorded latencies (microseconds) and their percentiles; thread-safe appends. */
final class Latencies {

    private long[] micros = new long[1 << 16];
    private int size;

    synchronized void add(long microseconds) {
        if (size == micros.length) {
            micros = Arrays.copyOf(micros, size * 2);
        }
        micros[size++] = microseconds;
    }

    synchronized void addAll(Latencies other) {
        long[] theirs;
        int n;
        synchronized (other) {
            theirs = other.micros;
            n = other.size;
        }
        for (int i = 0; i < n; i++) {
            add(theirs[i]);
        }
    }

    synchronized int count() {
        return size;
    }

    /** The percentile in milliseconds (nearest rank), or NaN when nothing was recorded. */
    synchronized double percentileMs(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(micros, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1000.0;
    }
}
