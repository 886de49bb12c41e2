package io.panels.notification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReplayBufferTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ReplayBuffer buffer = new ReplayBuffer(3, Duration.ofMinutes(5), Duration.ofSeconds(2), now::get);
    private final UUID tenant = UUID.randomUUID();
    private final UUID panelA = UUID.randomUUID();
    private final UUID panelB = UUID.randomUUID();

    @Test
    void whatCameAfterTheResumePointOfTheSubscribedPanels() {
        StreamEvent a1 = event(panelA);
        StreamEvent b1 = event(panelB);
        StreamEvent a2 = event(panelA);
        buffer.add(a1);
        buffer.add(b1);
        buffer.add(a2);
        assertEquals(List.of(a2), buffer.after(a1.id(), Set.of(panelA)).orElseThrow());
        // b1 arrived within the slack before a2: sent again rather than risk missing it.
        assertEquals(List.of(b1), buffer.after(a2.id(), Set.of(panelB)).orElseThrow());
    }

    @Test
    void anEventPushedOutByCapacityOrAgeMeansResync() {
        StreamEvent first = event(panelA);
        buffer.add(first);
        for (int i = 0; i < 3; i++) {
            buffer.add(event(panelA));
        }
        assertTrue(buffer.after(first.id(), Set.of(panelA)).isEmpty());
        StreamEvent recent = event(panelA);
        buffer.add(recent);
        now.addAndGet(Duration.ofMinutes(6).toMillis());
        assertTrue(buffer.after(recent.id(), Set.of(panelA)).isEmpty());
    }

    @Test
    void afterAGapOnlyEventsReceivedSinceCanBeResumedFrom() {
        StreamEvent before = event(panelA);
        buffer.add(before);
        buffer.breakContinuity();
        StreamEvent since = event(panelA);
        StreamEvent later = event(panelA);
        buffer.add(since);
        buffer.add(later);
        assertTrue(buffer.after(before.id(), Set.of(panelA)).isEmpty(), "what followed it may have been missed");
        assertEquals(List.of(later), buffer.after(since.id(), Set.of(panelA)).orElseThrow());
    }

    @Test
    void theSameEventTwiceIsKeptOnce() {
        StreamEvent once = event(panelA);
        assertTrue(buffer.add(once));
        assertFalse(buffer.add(once));
        assertEquals(1, buffer.size());
    }

    private StreamEvent event(UUID panel) {
        return new StreamEvent(UUID.randomUUID(), tenant, panel, "row.created", null, "{}");
    }
}
