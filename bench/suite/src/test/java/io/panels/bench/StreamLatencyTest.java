package io.panels.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

class StreamLatencyTest {

    private static String event(String type, String name) {
        return "{\"type\":\"event\",\"id\":\"e1\",\"event\":\"" + type + "\",\"panelId\":\"p\",\"subject\":\"r\",\"time\":\"2026-11-23T06:00:00Z\","
                + "\"data\":{\"rowId\":\"r\",\"version\":1,\"values\":{\"name\":\"" + name + "\",\"num\":1}}}";
    }

    @Test
    void recordsTheLatencyOfEachMeasuredRowCreatedDelivery() {
        AtomicLongArray sentAt = new AtomicLongArray(20);
        sentAt.set(3, 1_000);
        sentAt.set(12, 5_000);
        sentAt.set(1, 100);
        long[] latencies = new long[10];
        AtomicInteger recorded = new AtomicInteger();
        StreamLatency.Deliveries deliveries = new StreamLatency.Deliveries(sentAt, latencies, recorded, new AtomicLong(500));

        deliveries.accept(event("row.created", "ws-3"), 4_000);
        deliveries.accept(event("row.created", "ws-12"), 5_250);
        deliveries.accept(event("row.updated", "ws-3"), 9_000);   // not a creation
        deliveries.accept(event("row.created", "ws-1"), 9_000);   // written during the warm-up
        deliveries.accept(event("row.created", "ws-7"), 9_000);   // never sent by this run
        deliveries.accept(event("row.created", "ws-99"), 9_000);  // beyond the plan
        deliveries.accept(event("row.created", "someone else"), 9_000);
        deliveries.accept("{\"type\":\"presence\",\"panelId\":\"p\",\"viewers\":[]}", 9_000);

        assertEquals(2, recorded.get());
        assertEquals(3_000, latencies[0]);
        assertEquals(250, latencies[1]);
    }

    @Test
    void recordsEveryRowCreatedEventOfABatch() {
        AtomicLongArray sentAt = new AtomicLongArray(20);
        sentAt.set(3, 1_000);
        sentAt.set(4, 2_000);
        sentAt.set(5, 3_000);
        long[] latencies = new long[10];
        AtomicInteger recorded = new AtomicInteger();
        StreamLatency.Deliveries deliveries = new StreamLatency.Deliveries(sentAt, latencies, recorded, new AtomicLong(500));

        deliveries.accept("{\"type\":\"batch\",\"messages\":[" + event("row.created", "ws-3") + ","
                + "{\"type\":\"presence\",\"panelId\":\"p\",\"viewers\":[{\"userId\":\"u\",\"name\":\"ws-9\"}]}," + event("row.updated", "ws-4") + ","
                + event("row.created", "ws-5") + "]}", 4_000);

        assertEquals(2, recorded.get());
        assertEquals(3_000, latencies[0]);
        assertEquals(1_000, latencies[1]);
    }
}
