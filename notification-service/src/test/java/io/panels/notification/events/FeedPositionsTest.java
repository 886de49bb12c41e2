package io.panels.notification.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class FeedPositionsTest {

    private static final TopicPartition ROWS = new TopicPartition("panels.rows", 0);
    private static final TopicPartition VIEWS = new TopicPartition("panels.views", 0);

    private final FeedPositions positions = new FeedPositions();

    @Test
    void theFirstAssignmentStartsAtTheEndAndIsNoGap() {
        FeedPositions.Plan plan = positions.assigned(List.of(ROWS, VIEWS), Map.of(ROWS, 0L, VIEWS, 0L), Map.of(ROWS, 40L, VIEWS, 7L));
        assertTrue(plan.first());
        assertTrue(plan.gaps().isEmpty());
        assertEquals(Map.of(ROWS, 40L, VIEWS, 7L), plan.seeks());
        assertTrue(positions.everAssigned());
    }

    @Test
    void aReassignedPartitionContinuesAfterWhatWasDeliveredWhereverTheLogEnds() {
        positions.assigned(List.of(ROWS), Map.of(ROWS, 0L), Map.of(ROWS, 40L));
        assertTrue(positions.take(ROWS, 40));
        assertTrue(positions.take(ROWS, 41));
        // The broker restarted and the outboxes flushed 30 rows before the group was back.
        FeedPositions.Plan plan = positions.assigned(List.of(ROWS), Map.of(ROWS, 0L), Map.of(ROWS, 72L));
        assertFalse(plan.first());
        assertTrue(plan.gaps().isEmpty());
        assertEquals(Map.of(ROWS, 42L), plan.seeks());
    }

    @Test
    void recordsFetchedAgainAfterTheSeekAreNotDeliveredTwice() {
        positions.assigned(List.of(ROWS), Map.of(), Map.of(ROWS, 10L));
        assertTrue(positions.take(ROWS, 10));
        assertTrue(positions.take(ROWS, 11));
        assertFalse(positions.take(ROWS, 10));
        assertFalse(positions.take(ROWS, 11));
        assertTrue(positions.take(ROWS, 12));
        assertEquals(13, positions.position(ROWS));
    }

    @Test
    void aPartitionWithoutAKnownPositionAfterTheFirstAssignmentIsAGap() {
        positions.assigned(List.of(ROWS), Map.of(ROWS, 0L), Map.of(ROWS, 5L));
        FeedPositions.Plan plan = positions.assigned(List.of(ROWS, VIEWS), Map.of(ROWS, 0L, VIEWS, 0L), Map.of(ROWS, 5L, VIEWS, 9L));
        assertEquals(Set.of(VIEWS), plan.gaps());
        assertEquals(Map.of(ROWS, 5L, VIEWS, 9L), plan.seeks());
    }

    @Test
    void aPositionNoLongerInTheLogIsAGap() {
        positions.assigned(List.of(ROWS, VIEWS), Map.of(ROWS, 0L, VIEWS, 0L), Map.of(ROWS, 5L, VIEWS, 9L));
        positions.take(ROWS, 5);
        positions.take(VIEWS, 9);
        // Rows: retention deleted what was not read yet. Views: the log lost its tail.
        FeedPositions.Plan plan = positions.assigned(List.of(ROWS, VIEWS), Map.of(ROWS, 100L, VIEWS, 0L), Map.of(ROWS, 120L, VIEWS, 8L));
        assertEquals(Set.of(ROWS, VIEWS), plan.gaps());
        assertEquals(Map.of(ROWS, 100L, VIEWS, 8L), plan.seeks());
        assertTrue(positions.take(VIEWS, 8), "offsets the shortened log hands out again are new records");
    }

    @Test
    void withoutTheLogsBoundsKnownPositionsAreStillUsedAndUnknownOnesAreGaps() {
        positions.assigned(List.of(ROWS), Map.of(), Map.of(ROWS, 3L));
        positions.take(ROWS, 3);
        FeedPositions.Plan plan = positions.assigned(List.of(ROWS, VIEWS), Map.of(), Map.of());
        assertEquals(Map.of(ROWS, 4L), plan.seeks());
        assertEquals(Set.of(VIEWS), plan.gaps());
    }
}
