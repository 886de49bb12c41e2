package io.panels.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * CPU and resident memory of named processes, read from /proc once a second while a scenario runs.
 * A name stands for one process (a service, this JVM) or for a group found anew at each sample (every
 * PostgreSQL backend, Redis, the Kafka broker: {@link #withPlatform}); a group's figures are the sums
 * over its members, counting only what a member used between two samples that both saw it. CPU is in
 * percent of one core (200 % = both cores of this machine): the average over the whole scenario and
 * the highest one-second value; RSS is the highest value seen (for a group the sum, which counts
 * PostgreSQL's shared memory once per backend that touched it).
 */
final class ProcessSampler implements AutoCloseable {

    /** What one process used during a scenario. */
    record Usage(double cpuAveragePercent, double cpuMaxPercent, double rssMaxMiB) {
    }

    /** USER_HZ of Linux: /proc times are in 1/100 s on every platform Linux runs on today. */
    static final double TICKS_PER_SECOND = 100.0;

    /** The platform's processes, counted as one column each beside the services. */
    static final Map<String, Predicate<ProcessHandle>> PLATFORM = platform();

    private final Map<String, Supplier<List<Long>>> members = new LinkedHashMap<>();
    private final Map<String, Map<Long, Long>> lastTicks = new HashMap<>();
    private final Map<String, Long> firstAt = new HashMap<>();
    private final Map<String, Long> lastAt = new HashMap<>();
    private final Map<String, Long> ticksUsed = new HashMap<>();
    private final Map<String, Double> cpuMax = new HashMap<>();
    private final Map<String, Long> rssMax = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "process-sampler");
        t.setDaemon(true);
        return t;
    });

    /** Starts sampling {@code pids} (name → pid, in that order) at once and then every second. */
    ProcessSampler(Map<String, Long> pids) {
        this(pids, Map.of());
    }

    /** Also samples {@code groups}: each name counts every process its test accepts at each sample. */
    ProcessSampler(Map<String, Long> pids, Map<String, Predicate<ProcessHandle>> groups) {
        pids.forEach((name, pid) -> members.put(name, () -> List.of(pid)));
        groups.forEach((name, test) -> members.put(name, () -> ProcessHandle.allProcesses().filter(test).map(ProcessHandle::pid).toList()));
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    /** The services and the bench client in {@code pids}, then PostgreSQL, Redis and Kafka. */
    static ProcessSampler withPlatform(Map<String, Long> pids) {
        return new ProcessSampler(pids, PLATFORM);
    }

    private synchronized void sample() {
        long now = System.nanoTime();
        members.forEach((name, pids) -> {
            Map<Long, Long> previous = lastTicks.get(name);
            Map<Long, Long> seen = new HashMap<>();
            long used = 0;
            long rss = 0;
            for (long pid : pids.get()) {
                Optional<Long> ticks = cpuTicks(pid);
                if (ticks.isEmpty()) {
                    continue;
                }
                seen.put(pid, ticks.get());
                Long before = previous == null ? null : previous.get(pid);
                used += before == null ? 0 : ticks.get() - before;
                rss += rssKiB(pid).orElse(0L);
            }
            if (seen.isEmpty()) {
                return;
            }
            Long last = lastAt.get(name);
            if (last != null && now > last) {
                ticksUsed.merge(name, used, Long::sum);
                cpuMax.merge(name, used / TICKS_PER_SECOND / ((now - last) / 1e9) * 100, Math::max);
            }
            firstAt.putIfAbsent(name, now);
            lastAt.put(name, now);
            lastTicks.put(name, seen);
            rssMax.merge(name, rss, Math::max);
        });
    }

    /** Stops sampling (after a last sample) and answers the usage of each process or group, in the order given. */
    synchronized Map<String, Usage> stop() {
        timer.shutdownNow();
        sample();
        Map<String, Usage> usage = new LinkedHashMap<>();
        for (String name : members.keySet()) {
            Long a = firstAt.get(name);
            if (a == null) {
                continue;
            }
            double seconds = (lastAt.get(name) - a) / 1e9;
            double average = seconds > 0 ? ticksUsed.getOrDefault(name, 0L) / TICKS_PER_SECOND / seconds * 100 : 0;
            usage.put(name, new Usage(average, cpuMax.getOrDefault(name, average), rssMax.getOrDefault(name, 0L) / 1024.0));
        }
        return usage;
    }

    private static Map<String, Predicate<ProcessHandle>> platform() {
        Map<String, Predicate<ProcessHandle>> groups = new LinkedHashMap<>();
        // By the name the process was started as: Debian's redis-server is a link to redis-check-rdb.
        groups.put("postgresql", p -> "postgres".equals(name(p.pid())));
        groups.put("redis", p -> "redis-server".equals(name(p.pid())));
        groups.put("kafka", p -> p.info().commandLine().map(c -> c.contains("kafka.Kafka")).orElse(false));
        return groups;
    }

    /** The name a process was started as (/proc/PID/comm), or null when it is gone. */
    static String name(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
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
