package io.panels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessSamplerTest {

    @Test
    void seesThisJvmWorkAndItsMemory() throws Exception {
        long pid = ProcessHandle.current().pid();
        ProcessSampler sampler = new ProcessSampler(Map.of("me", pid));
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        long spin = 0;
        while (System.nanoTime() < until) {
            spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
        }
        ProcessSampler.Usage usage = sampler.stop().get("me");
        assertTrue(spin > 0);
        // One thread spinning for 1.5 s is close to 100 % of a core; a loaded machine gives it less, never 0.
        assertTrue(usage.cpuAveragePercent() > 5, "cpu " + usage);
        assertTrue(usage.cpuMaxPercent() >= usage.cpuAveragePercent() - 1, "max below average: " + usage);
        assertTrue(usage.rssMaxMiB() > 10, "rss " + usage);
    }

    @Test
    void aProcessThatIsGoneHasNoFigures() {
        ProcessSampler sampler = new ProcessSampler(Map.of("gone", Long.MAX_VALUE / 2));
        assertEquals(Map.of(), sampler.stop());
    }

    @Test
    void aGroupSumsItsMembersAndAMemberThatEndsTakesNothingAway() throws Exception {
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        long mine = ProcessHandle.current().pid();
        ProcessSampler sampler = new ProcessSampler(Map.of(),
                Map.of("group", p -> p.pid() == busy.pid() || p.pid() == mine));
        Thread.sleep(1500);
        busy.destroyForcibly().waitFor();
        Thread.sleep(1200);
        ProcessSampler.Usage usage = sampler.stop().get("group");
        // The shell spun for at least one full second between samples; its exit is not a negative figure.
        assertTrue(usage.cpuAveragePercent() > 5, "cpu " + usage);
        assertTrue(usage.cpuMaxPercent() > 20, "max " + usage);
        assertTrue(usage.rssMaxMiB() > 10, "rss " + usage);
    }

    @Test
    void aGroupWithoutMembersHasNoFiguresAndTheOrderIsAsGiven() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("zeta", ProcessHandle.current().pid());
        pids.put("alpha", ProcessHandle.current().pid());
        ProcessSampler sampler = new ProcessSampler(pids, Map.of("nobody", p -> false));
        assertEquals(List.of("zeta", "alpha"), List.copyOf(sampler.stop().keySet()));
    }

    @Test
    void thePlatformGroupsKnowAProcessByTheNameItWasStartedAs(@TempDir Path dir) throws Exception {
        // As Debian's redis-server, a link to another executable.
        Path link = Files.createSymbolicLink(dir.resolve("redis-server"), Path.of("/bin/sleep"));
        Process redis = new ProcessBuilder(link.toString(), "30").start();
        try {
            assertTrue(ProcessSampler.PLATFORM.get("redis").test(redis.toHandle()));
            assertFalse(ProcessSampler.PLATFORM.get("postgresql").test(redis.toHandle()));
        } finally {
            redis.destroyForcibly().waitFor();
        }
    }

    @Test
    void readsTheLoadAverage() {
        assertTrue(ProcessSampler.loadAverage().matches("[0-9.]+ [0-9.]+ [0-9.]+"), ProcessSampler.loadAverage());
    }
}
