package io.panels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneToAHundredMilliseconds() {
        long[] nanos = new long[120];
        for (int i = 0; i < 100; i++) {
            nanos[i] = (100 - i) * 1_000_000L;
        }
        Percentiles p = Percentiles.ofNanos(nanos, 100);
        assertEquals(100, p.count());
        assertEquals(50.0, p.p50());
        assertEquals(95.0, p.p95());
        assertEquals(99.0, p.p99());
        assertEquals(100.0, p.max());
        assertEquals(50.5, p.mean(), 1e-9);
    }

    @Test
    void noSampleGivesNoFigure() {
        Percentiles p = Percentiles.ofNanos(new long[10], 0);
        assertEquals(0, p.count());
        assertTrue(Double.isNaN(p.p99()));
    }
}
