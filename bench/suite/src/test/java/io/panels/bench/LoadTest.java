package io.panels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The figures are read back from Gatling's report: a captured js/stats.js of Gatling 3.13.5 (ADR 0030). */
class LoadTest {

    @Test
    void readsTheAllRequestsFiguresOfAGatlingReport() throws Exception {
        String statsJs;
        try (InputStream in = getClass().getResourceAsStream("/gatling-3.13.5-stats.js")) {
            statsJs = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Load.Measured m = Load.parse(statsJs);
        assertEquals(31, m.requests());
        assertEquals(31, m.ok());
        assertEquals(0, m.ko());
        assertEquals(7.75, m.okPerSecond());
        assertEquals(295, m.p50());
        assertEquals(945, m.p95());
        assertEquals(952, m.p99());
        assertEquals(952, m.max());
        assertEquals(369, m.mean());
    }

    @Test
    void noSuccessfulRequestGivesNoLatency() {
        Load.Measured m = Load.parse("var stats = {\ntype: \"GROUP\",\nstats: {\"numberOfRequests\": {\"total\": \"4\", \"ok\": \"0\", \"ko\": \"4\"},"
                + " \"percentiles3\": {\"total\": \"12\", \"ok\": \"-\", \"ko\": \"12\"}},\ncontents: {}}");
        assertEquals(4, m.ko());
        assertTrue(Double.isNaN(m.p95()));
    }

    @Test
    void refusesSomethingElse() {
        assertThrows(IllegalArgumentException.class, () -> Load.parse("{\"nothing\": 1}"));
    }
}
