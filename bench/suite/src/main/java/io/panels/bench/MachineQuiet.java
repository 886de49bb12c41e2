package io.panels.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Waits, before a measurement, until the machine has finished the work the previous steps left
 * behind (ADR 0054, amendment): the JIT compilers' queues, consumers working off a backlog of
 * events, PostgreSQL's autovacuum after a seed. Without it a scenario measures its predecessor's
 * tail: the panel list ran at 643 req/s right after the JIT warm-up and at 1,445 req/s when the
 * same load ran again 30 s later.
 *
 * <p>Busy is the share of every core that was not idle (user, system, interrupts, steal) over one
 * second, from {@code /proc/stat}: 100 % is the whole machine.
 */
final class MachineQuiet {

    /** How the wait ended: quiet (or given up after {@code waited}), with the busy share of each second. */
    record Settled(boolean quiet, Duration waited, List<Integer> busyPercents) {

        String describe() {
            return String.format("%s after %d s (machine busy %% each second: %s)", quiet ? "quiet" : "still busy, measured anyway",
                    waited.toSeconds(), busyPercents);
        }
    }

    private final int maxBusyPercent;
    private final int quietSeconds;
    private final Duration limit;

    /**
     * @param maxBusyPercent the busiest a second may be and count as quiet
     * @param quietSeconds   how many quiet seconds in a row end the wait
     * @param limit          the longest wait; the measurement then starts anyway, and says so
     */
    MachineQuiet(int maxBusyPercent, int quietSeconds, Duration limit) {
        this.maxBusyPercent = maxBusyPercent;
        this.quietSeconds = quietSeconds;
        this.limit = limit;
    }

    Settled await() throws InterruptedException {
        List<Integer> busy = new ArrayList<>();
        long started = System.nanoTime();
        long deadline = started + limit.toNanos();
        long[] previous = cpuTimes();
        int quietInARow = 0;
        while (quietInARow < quietSeconds && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            long[] now = cpuTimes();
            int percent = busyPercent(previous, now);
            previous = now;
            busy.add(percent);
            quietInARow = percent <= maxBusyPercent ? quietInARow + 1 : 0;
        }
        return new Settled(quietInARow >= quietSeconds, Duration.ofNanos(System.nanoTime() - started), busy);
    }

    /** The share of the interval between two readings that the cores were not idle, 0-100. */
    static int busyPercent(long[] before, long[] after) {
        long total = after[0] - before[0];
        long idle = after[1] - before[1];
        return total <= 0 ? 0 : (int) Math.round(100.0 * (total - idle) / total);
    }

    /**
     * {total, idle} jiffies of all cores from the first line of /proc/stat (user nice system idle
     * iowait irq softirq steal ...; guest time is already inside user). Idle counts iowait too.
     */
    static long[] cpuTimes() {
        try {
            return parseCpuLine(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat: " + e.getMessage(), e);
        }
    }

    static long[] parseCpuLine(String line) {
        String[] fields = line.trim().split("\\s+");
        if (!fields[0].equals("cpu") || fields.length < 9) {
            throw new IllegalArgumentException("not the all-cores line of /proc/stat: " + line);
        }
        long total = 0;
        for (int i = 1; i <= 8; i++) {
            total += Long.parseLong(fields[i]);
        }
        long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
        return new long[] {total, idle};
    }
}
