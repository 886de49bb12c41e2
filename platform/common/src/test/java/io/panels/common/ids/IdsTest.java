package io.panels.common.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsAreVersion7AndOrderedByTime() {
        UUID earlier = Ids.uuidV7(1_700_000_000_000L);
        UUID later = Ids.uuidV7(1_700_000_000_001L);
        assertEquals(7, earlier.version());
        assertEquals(2, earlier.variant());
        assertTrue(earlier.toString().compareTo(later.toString()) < 0, "a later id sorts after an earlier one");
        assertEquals(1_700_000_000_000L, earlier.getMostSignificantBits() >>> 16);
    }
}
