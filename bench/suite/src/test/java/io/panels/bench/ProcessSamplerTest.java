package io.panels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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
    void readsTheLoadAverage() {
        assertTrue(ProcessSampler.loadAverage().matches("[0-9.]+ [0-9.]+ [0-9.]+"), ProcessSampler.loadAverage());
    }
}
