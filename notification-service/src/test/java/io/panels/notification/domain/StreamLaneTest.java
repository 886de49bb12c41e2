package io.panels.notification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A lane writes connections that asked for batches at most once per flush interval (docs/adr/0051):
 * the first message after a quiet interval leaves at once, later ones wait for the interval and
 * leave together; the interval grows with the lane's batch connections (docs/adr/0060).
 * Connections without batches are never held.
 */
class StreamLaneTest {

    private static final Duration INTERVAL = Duration.ofMillis(300);

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Records when it was flushed, and on which thread. */
    private static final class Recorder implements StreamLane.Flushable {
        final List<Long> flushedAt = new CopyOnWriteArrayList<>();
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        public void flush(StreamLane lane) {
            flushedAt.add(System.nanoTime());
            threads.add(Thread.currentThread());
        }
    }

    @Test
    void theFirstWakeAfterAQuietIntervalFlushesAtOnceAndTheNextWaitsForTheInterval() throws Exception {
        Context context = vertx.getOrCreateContext();
        StreamLane lane = new StreamLane(context, StreamLane.Pacing.fixed(INTERVAL));
        Recorder first = new Recorder();
        Recorder second = new Recorder();
        Recorder third = new Recorder();

        long woken = System.nanoTime();
        lane.wake(first, true);
        await(() -> first.flushedAt.size() == 1);
        assertTrue(first.flushedAt.get(0) - woken < INTERVAL.toNanos(), "the first message does not wait for an interval");

        // Two more connections with messages right after: they leave together, one interval after the first drain.
        lane.wake(second, true);
        lane.wake(third, true);
        await(() -> second.flushedAt.size() == 1 && third.flushedAt.size() == 1);
        long sinceFirst = second.flushedAt.get(0) - first.flushedAt.get(0);
        assertTrue(sinceFirst >= INTERVAL.toNanos() - TimeUnit.MILLISECONDS.toNanos(2),
                "the second drain waited for the interval (" + TimeUnit.NANOSECONDS.toMillis(sinceFirst) + " ms)");
        assertTrue(Math.abs(third.flushedAt.get(0) - second.flushedAt.get(0)) < INTERVAL.toNanos() / 2, "both left in the same drain");

        // All on the lane's event loop.
        Thread loop = first.threads.get(0);
        assertTrue(loop.getName().startsWith("vert.x-eventloop"), loop.getName());
        assertEquals(loop, second.threads.get(0));
        assertEquals(loop, third.threads.get(0));

        // Quiet for longer than an interval: the next message leaves at once again.
        Thread.sleep(INTERVAL.toMillis() + 100);
        long again = System.nanoTime();
        lane.wake(first, true);
        await(() -> first.flushedAt.size() == 2);
        assertTrue(first.flushedAt.get(1) - again < INTERVAL.toNanos(), "after a quiet interval the message does not wait");
    }

    @Test
    void connectionsWithoutBatchesAreNotHeldByTheInterval() throws Exception {
        StreamLane lane = new StreamLane(vertx.getOrCreateContext(), StreamLane.Pacing.fixed(Duration.ofSeconds(30)));
        Recorder batching = new Recorder();
        Recorder plain = new Recorder();
        lane.wake(batching, true);
        await(() -> batching.flushedAt.size() == 1);
        // The paced drain just ran: another batching connection would wait 30 s, a plain one does not.
        for (int i = 1; i <= 3; i++) {
            lane.wake(plain, false);
            int expected = i;
            await(() -> plain.flushedAt.size() == expected);
        }
        lane.wake(batching, true);
        Thread.sleep(500);
        assertEquals(1, batching.flushedAt.size(), "the paced connection waits for its interval");
    }

    @Test
    void theIntervalGrowsWithTheLanesBatchConnectionsWithinItsBounds() {
        StreamLane.Pacing pacing = new StreamLane.Pacing(Duration.ofMillis(5), 20_000, Duration.ofMillis(100));
        assertEquals(Duration.ofMillis(5).toNanos(), pacing.intervalNanos(0));
        assertEquals(Duration.ofMillis(5).toNanos(), pacing.intervalNanos(1), "a few connections: the shortest interval");
        assertEquals(Duration.ofMillis(25).toNanos(), pacing.intervalNanos(500), "500 connections at 20,000 frames a second");
        assertEquals(Duration.ofMillis(100).toNanos(), pacing.intervalNanos(10_000), "never longer than the longest");
    }

    @Test
    void aLaneWithManyBatchConnectionsWaitsLongerBetweenDrainsAndShorterOnceTheyClose() throws Exception {
        // 100 frames a second: 200 connections make 2 s, capped at 400 ms; one makes 10 ms, raised to 20 ms.
        StreamLane lane = new StreamLane(vertx.getOrCreateContext(), new StreamLane.Pacing(Duration.ofMillis(20), 100, Duration.ofMillis(400)));
        for (int i = 0; i < 200; i++) {
            lane.joined(true);
        }
        lane.joined(false);
        assertEquals(Duration.ofMillis(400).toNanos(), lane.pacedIntervalNanos());
        Recorder busy = new Recorder();
        lane.wake(busy, true);
        await(() -> busy.flushedAt.size() == 1);
        lane.wake(busy, true);
        await(() -> busy.flushedAt.size() == 2);
        long apart = busy.flushedAt.get(1) - busy.flushedAt.get(0);
        assertTrue(apart >= TimeUnit.MILLISECONDS.toNanos(398), "200 connections: drains 400 ms apart (" + TimeUnit.NANOSECONDS.toMillis(apart) + " ms)");

        for (int i = 0; i < 199; i++) {
            lane.left(true);
        }
        lane.left(false);
        assertEquals(Duration.ofMillis(20).toNanos(), lane.pacedIntervalNanos(), "one connection left: the shortest interval");
        lane.wake(busy, true);
        await(() -> busy.flushedAt.size() == 3);
        lane.wake(busy, true);
        await(() -> busy.flushedAt.size() == 4);
        apart = busy.flushedAt.get(3) - busy.flushedAt.get(2);
        assertTrue(apart < TimeUnit.MILLISECONDS.toNanos(300), "one connection: drains 20 ms apart (" + TimeUnit.NANOSECONDS.toMillis(apart) + " ms)");
    }

    @Test
    void aConnectionCountsForItsLanesPacingFromItsAuthenticationUntilItCloses() {
        // 100 frames a second: each counted connection adds 10 ms to the interval.
        StreamLane lane = new StreamLane(vertx.getOrCreateContext(), new StreamLane.Pacing(Duration.ofMillis(1), 100, Duration.ofSeconds(1)));
        StreamSession authenticated = new StreamSession(null, lane, 10, true, 1000);
        StreamSession staying = new StreamSession(null, lane, 10, true, 1000);
        StreamSession anonymous = new StreamSession(null, lane, 10, true, 1000);
        StreamSession lateToken = new StreamSession(null, lane, 10, true, 1000);
        assertEquals(Duration.ofMillis(1).toNanos(), lane.pacedIntervalNanos(), "open but not authenticated: nobody counts");

        staying.joinLane();
        authenticated.joinLane();
        authenticated.joinLane(); // a refreshed token authenticates again
        assertEquals(Duration.ofMillis(20).toNanos(), lane.pacedIntervalNanos(), "two authenticated connections, each counted once");

        anonymous.leftLane(); // closed at the auth timeout
        lateToken.leftLane();
        lateToken.joinLane(); // its token was checked only after it closed
        assertEquals(Duration.ofMillis(20).toNanos(), lane.pacedIntervalNanos(), "closed connections never count");

        authenticated.leftLane();
        authenticated.leftLane();
        assertEquals(Duration.ofMillis(10).toNanos(), lane.pacedIntervalNanos(), "one closed: counted out once");
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
