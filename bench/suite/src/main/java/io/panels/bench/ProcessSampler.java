package io.panels.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU and resident memory of named processes, read from /proc once a second while a scenario runs.
 * CPU is in percent of one core (200 % = both cores of this machine): the average over the whole
 * scenario and the highest one-second value; RSS is the highest value seen.
 */
final class ProcessSampler implements AutoCloseable {

    /** What one process used during a scenario. */
    record Usage(double cpuAveragePercent, double cpuMaxPercent, double rssMaxMiB) {
    }

    /** USER_HZ of Linux: /proc times are in 1/100 s on every platform Linux runs on today. */
    static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Long> pids;
    private final Map<String, long[]> first = new LinkedHashMap<>();
    private final Map<String, long[]> last = new LinkedHashMap<>();
    private final Map<String, Double> cpuMax = new LinkedHashMap<>();
    private final Map<String, Long> rssMax = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "process-sampler");
        t.setDaemon(true);
        return t;
    });

    /** Starts sampling {@code pids} (name → pid) at once and then every second. */
    ProcessSampler(Map<String, Long> pids) {
        this.pids = Map.copyOf(pids);
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    private synchronized void sample() {
        long now = System.nanoTime();
        pids.forEach((name, pid) -> {
            Optional<Long> ticks = cpuTicks(pid);
            if (ticks.isEmpty()) {
                return;
            }
            long[] sample = {now, ticks.get()};
            first.putIfAbsent(name, sample);
            long[] previous = last.put(name, sample);
            if (previous != null && now > previous[0]) {
                double percent = (sample[1] - previous[1]) / TICKS_PER_SECOND / ((now - previous[0]) / 1e9) * 100;
                cpuMax.merge(name, percent, Math::max);
            }
            rssKiB(pid).ifPresent(rss -> rssMax.merge(name, rss, Math::max));
        });
    }

    /** Stops sampling (after a last sample) and answers the usage of each process. */
    synchronized Map<String, Usage> stop() {
        timer.shutdownNow();
        sample();
        Map<String, Usage> usage = new LinkedHashMap<>();
        for (String name : pids.keySet()) {
            long[] a = first.get(name);
            long[] b = last.get(name);
            if (a == null || b == null) {
                continue;
            }
            double seconds = (b[0] - a[0]) / 1e9;
            double average = seconds > 0 ? (b[1] - a[1]) / TICKS_PER_SECOND / seconds * 100 : 0;
            usage.put(name, new Usage(average, cpuMax.getOrDefault(name, average), rssMax.getOrDefault(name, 0L) / 1024.0));
        }
        return usage;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** utime + stime of a process, in ticks (fields 14 and 15 of /proc/PID/stat). */
    static Optional<Long> cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** VmRSS of a process in KiB. */
    static Optional<Long> rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg prints them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
