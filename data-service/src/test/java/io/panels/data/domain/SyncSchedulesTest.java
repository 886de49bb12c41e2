package io.panels.data.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyncSchedulesTest {

    @Test
    void fiveFieldCronInUtcWithAMinimumInterval() {
        assertNull(SyncSchedules.problem("*/15 * * * *", Duration.ofMinutes(1)));
        assertNull(SyncSchedules.problem("0 6 * * 1-5", Duration.ofMinutes(1)));
        assertNull(SyncSchedules.problem("* * * * *", Duration.ofMinutes(1)));
        assertTrue(SyncSchedules.problem("* * * * *", Duration.ofMinutes(5)).contains("minimum interval"));
        assertTrue(SyncSchedules.problem("0,1 * * * *", Duration.ofMinutes(2)).contains("minimum interval"), "irregular gaps count");
        assertNotNull(SyncSchedules.problem("* * * * * *", Duration.ofMinutes(1)));
        assertNotNull(SyncSchedules.problem("every minute", Duration.ofMinutes(1)));
        assertNotNull(SyncSchedules.problem("61 * * * *", Duration.ofMinutes(1)));
    }

    @Test
    void theNextRunIsStrictlyAfter() {
        Instant at = Instant.parse("2026-03-01T10:07:30Z");
        assertEquals(Instant.parse("2026-03-01T10:15:00Z"), SyncSchedules.next("*/15 * * * *", at));
        assertEquals(Instant.parse("2026-03-01T10:08:00Z"), SyncSchedules.next("* * * * *", at));
        assertEquals(Instant.parse("2026-03-02T06:00:00Z"), SyncSchedules.next("0 6 * * *", at));
        assertEquals(Instant.parse("2026-03-01T10:09:00Z"), SyncSchedules.next("* * * * *", Instant.parse("2026-03-01T10:08:00Z")));
    }
}
