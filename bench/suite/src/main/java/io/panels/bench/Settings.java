package io.panels.bench;

import java.time.Duration;
import java.util.List;

/**
 * The sizes and durations of one run: the full run (the figures committed to bench/results) or the
 * smoke run (every scenario for a few seconds on small data, for CI). Every number can be overridden
 * by an environment variable of the same name in upper case with a {@code BENCH_} prefix. {@code BENCH_USERS} may
 * name several counts ({@code "1 16 64"}): every request load then runs once at each. {@code jitWarmup} is the
 * suite-wide warm-up before the first scenario (ADR 0054). Before each measurement the same load runs unmeasured in
 * rounds of {@code warmup} until two rounds in a row agree on throughput within 10 % (a steady state), or until
 * {@code warmupLimit}. Before each warm-up and each measurement the suite waits (at most {@code quietLimit}; none in a
 * smoke run) until the machine has been at most {@code quietPercent} busy for three seconds in a row ({@link MachineQuiet}).
 */
record Settings(
        boolean smoke,
        Duration duration,
        Duration warmup,
        Duration warmupLimit,
        Duration jitWarmup,
        List<Integer> users,
        int bigPanelRows,
        int peerRows,
        int listPanels,
        int tenants,
        int tenantRows,
        int batchSize,
        int subscribers,
        int streamWritesPerSecond,
        int quietPercent,
        Duration quietLimit) {

    /** Every scenario, in the order `all` runs them. */
    static final List<String> SCENARIOS = List.of("panel-list", "csv-import", "view-page", "single-write", "batch-write",
            "stream-latency", "export", "mixed", "peer");

    static Settings of(boolean smoke) {
        return smoke
                ? new Settings(true, seconds("DURATION", 2), seconds("WARMUP", 1), seconds("WARMUP_LIMIT", 1), seconds("JIT_WARMUP", 0), counts("USERS", 4), number("BIG_PANEL_ROWS", 5_000),
                        number("PEER_ROWS", 2_000), number("LIST_PANELS", 20), number("TENANTS", 5), number("TENANT_ROWS", 100),
                        number("BATCH_SIZE", 100), number("SUBSCRIBERS", 5), number("STREAM_WRITES_PER_SECOND", 10),
                        number("QUIET_PERCENT", 25), seconds("QUIET_LIMIT", 0))
                : new Settings(false, seconds("DURATION", 20), seconds("WARMUP", 10), seconds("WARMUP_LIMIT", 90), seconds("JIT_WARMUP", 90), counts("USERS", 16), number("BIG_PANEL_ROWS", 1_000_000),
                        number("PEER_ROWS", 100_000), number("LIST_PANELS", 200), number("TENANTS", 50), number("TENANT_ROWS", 1_000),
                        number("BATCH_SIZE", 100), number("SUBSCRIBERS", 50), number("STREAM_WRITES_PER_SECOND", 50),
                        number("QUIET_PERCENT", 25), seconds("QUIET_LIMIT", 120));
    }

    private static int number(String name, int fallback) {
        String value = System.getenv("BENCH_" + name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private static List<Integer> counts(String name, int fallback) {
        String value = System.getenv("BENCH_" + name);
        if (value == null || value.isBlank()) {
            return List.of(fallback);
        }
        return java.util.Arrays.stream(value.trim().split("[\\s,]+")).map(Integer::parseInt).toList();
    }

    private static Duration seconds(String name, int fallback) {
        return Duration.ofSeconds(number(name + "_SECONDS", fallback));
    }
}
