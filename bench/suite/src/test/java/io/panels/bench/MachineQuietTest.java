package io.panels.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MachineQuietTest {

    @Test
    void idleAndIowaitAreIdleEverythingElseIsBusy() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        long[] before = MachineQuiet.parseCpuLine("cpu  1000 0 500 8000 100 0 50 0 0 0");
        long[] after = MachineQuiet.parseCpuLine("cpu  1150 0 550 8090 110 0 50 50 0 0");
        assertArrayEquals(new long[] {9650, 8100}, before);
        // 350 jiffies passed: 100 idle or waiting for I/O, 250 user, system and steal.
        assertEquals(71, MachineQuiet.busyPercent(before, after));
        assertEquals(0, MachineQuiet.busyPercent(after, after));
    }

    @Test
    void onlyTheAllCoresLineIsRead() {
        assertThrows(IllegalArgumentException.class, () -> MachineQuiet.parseCpuLine("cpu0 1 2 3 4 5 6 7 8"));
    }

    @Test
    void aMachineBusierThanAllowedIsReportedAsSuchAfterTheLimit() throws Exception {
        // Nothing is quiet at -1 % busy: the wait ends at its limit and says it measured anyway.
        MachineQuiet.Settled settled = new MachineQuiet(-1, 2, Duration.ofMillis(1500)).await();
        assertFalse(settled.quiet());
        assertTrue(settled.describe().startsWith("still busy"), settled.describe());
        assertFalse(settled.busyPercents().isEmpty());
    }

    @Test
    void aQuietMachineEndsTheWaitAfterTheQuietSecondsInARow() throws Exception {
        // Every second counts as quiet at 100 % busy: two seconds, then done.
        MachineQuiet.Settled settled = new MachineQuiet(100, 2, Duration.ofSeconds(30)).await();
        assertTrue(settled.quiet());
        assertEquals(2, settled.busyPercents().size());
        assertTrue(settled.waited().toMillis() < 10_000, settled.describe());
    }
}
