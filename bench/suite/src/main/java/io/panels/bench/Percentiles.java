package io.panels.bench;

import java.util.Arrays;

/** Latency figures of the scenarios measured by the suite itself (stream delivery, jobs). */
record Percentiles(long count, double p50, double p95, double p99, double max, double mean) {

    /** Nearest-rank percentiles (as Gatling reports them) of durations in nanoseconds, in milliseconds. */
    static Percentiles ofNanos(long[] nanos, int count) {
        if (count == 0) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        double sum = 0;
        for (long n : sorted) {
            sum += n;
        }
        return new Percentiles(count, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99), sorted[count - 1] / 1e6, sum / count / 1e6);
    }

    private static double rank(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
