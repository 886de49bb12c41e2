package io.panels.bench;

import java.util.Map;

/**
 * What one scenario measured against one target ({@code panels} or {@code nocodb}): throughput in
 * {@code unit} (req/s, rows/s, deliveries/s), latency in ms, errors, the load average around it, and
 * CPU / RSS of every sampled process; {@code goal} is the target when it has one.
 */
record Result(
        String scenario,
        String target,
        String what,
        int users,
        double seconds,
        long requests,
        long errors,
        double throughput,
        String unit,
        double p50,
        double p95,
        double p99,
        double max,
        double mean,
        String loadBefore,
        String loadAfter,
        Map<String, ProcessSampler.Usage> usage,
        String goal,
        Boolean goalMet,
        String note) {

    Result withGoal(String goal, boolean met) {
        return new Result(scenario, target, what, users, seconds, requests, errors, throughput, unit, p50, p95, p99, max, mean,
                loadBefore, loadAfter, usage, goal, met, note);
    }

    Result withNote(String note) {
        return new Result(scenario, target, what, users, seconds, requests, errors, throughput, unit, p50, p95, p99, max, mean,
                loadBefore, loadAfter, usage, goal, goalMet, note);
    }
}
