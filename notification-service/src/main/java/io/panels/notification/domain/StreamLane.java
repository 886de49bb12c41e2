package io.panels.notification.domain;

import io.vertx.core.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections served by one event loop, and the ones among them that have messages to write
 * (docs/adr/0051). Whoever queues a message (the Kafka feed, a presence push) only marks the
 * connection here; the event loop then writes each marked connection's queue in one go, so the
 * fan-out of one event to a thousand sockets costs one task on each event loop, not a task, a
 * {@code Uni} and a flush per socket. Connections that asked for batches are written at most once
 * per interval: the first message after a quiet interval leaves at once, and under load
 * everything that arrived within the interval leaves together, one frame per socket, shared by
 * the sockets that flush the same events. The interval grows with the lane's batch connections so
 * that the lane writes about {@link Pacing#framesPerSecond} frames a second at most, within the
 * interval's bounds (docs/adr/0060).
 * Everything but {@link #wake}, {@link #flushNow}, {@link #joined} and {@link #left} runs on the
 * lane's event loop.
 */
final class StreamLane {

    private static final int MAX_FLUSHES_PER_TASK = 4096;

    /**
     * How often a lane writes its batch connections: every {@code minInterval} at most, and no more
     * often than keeps it within {@code framesPerSecond} (one frame per connection per drain), up
     * to {@code maxInterval}.
     */
    record Pacing(Duration minInterval, int framesPerSecond, Duration maxInterval) {

        /** The same interval whatever the number of connections. */
        static Pacing fixed(Duration interval) {
            return new Pacing(interval, Integer.MAX_VALUE, interval);
        }

        long intervalNanos(int connections) {
            long budgeted = (long) (connections * 1e9 / framesPerSecond);
            return Math.min(maxInterval.toNanos(), Math.max(minInterval.toNanos(), budgeted));
        }
    }

    private final Context context;
    private final Pacing pacing;
    /** Connections on this lane that asked for batches: what the paced interval is worked out from. */
    private final AtomicInteger batchConnections = new AtomicInteger();
    /** Connections that asked for batches: drained at most once per flush interval. */
    private final Drain paced;
    /** Connections without batches (one frame per message whatever the pace): drained at once. */
    private final Drain prompt;
    /** The last batch built on this lane and its text: sockets that flush the same events share it. */
    private List<String> lastBatch = List.of();
    private String lastFrame;

    /** What a lane writes: a connection with messages queued (a {@link StreamSession}). */
    interface Flushable {
        /** Writes what is queued, on the lane's event loop. */
        void flush(StreamLane lane);
    }

    StreamLane(Context context, Pacing pacing) {
        this.context = context;
        this.pacing = pacing;
        this.paced = new Drain(true);
        this.prompt = new Drain(false);
    }

    /** A connection of this lane opened; {@code batches}: it asked for them. Any thread. */
    void joined(boolean batches) {
        if (batches) {
            batchConnections.incrementAndGet();
        }
    }

    /** A connection of this lane closed. Any thread. */
    void left(boolean batches) {
        if (batches) {
            batchConnections.decrementAndGet();
        }
    }

    /** How long the paced drain waits between runs now. */
    long pacedIntervalNanos() {
        return pacing.intervalNanos(batchConnections.get());
    }

    /**
     * {@code session} has messages and nothing in flight: write them on the event loop, at the next
     * paced drain when {@code batches} (what arrives until then leaves in the same frame), else at
     * once. Any thread.
     */
    void wake(Flushable session, boolean batches) {
        (batches ? paced : prompt).add(session);
    }

    /** {@code session} has so much waiting that pacing would only cut it off: write on the event loop at once. Any thread. */
    void flushNow(Flushable session) {
        context.runOnContext(ignored -> session.flush(this));
    }

    /** The connections of the lane marked for one kind of drain, and that drain's schedule. */
    private final class Drain {
        private final boolean isPaced;
        private final ConcurrentLinkedQueue<Flushable> ready = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        /** When this drain last ran ({@code System.nanoTime}); event loop only. */
        private long last;
        private boolean ran;

        Drain(boolean isPaced) {
            this.isPaced = isPaced;
        }

        void add(Flushable session) {
            ready.add(session);
            if (scheduled.compareAndSet(false, true)) {
                context.runOnContext(ignored -> whenDue());
            }
        }

        /** Runs now if the last run is an interval ago, else when it will be (a timer on this event loop). */
        private void whenDue() {
            long wait = ran && isPaced ? last + pacedIntervalNanos() - System.nanoTime() : 0;
            if (wait <= 0) {
                run();
            } else {
                context.owner().setTimer(Math.max(1, Math.round(wait / 1e6)), timer -> run());
            }
        }

        private void run() {
            last = System.nanoTime();
            ran = true;
            scheduled.set(false);
            Flushable session;
            // Bounded, so that sockets whose frames complete at once and refill cannot hold the event loop.
            for (int i = 0; i < MAX_FLUSHES_PER_TASK && (session = ready.poll()) != null; i++) {
                session.flush(StreamLane.this);
            }
            if (!ready.isEmpty() && scheduled.compareAndSet(false, true)) {
                context.runOnContext(ignored -> whenDue());
            }
        }
    }

    /**
     * The text of one frame carrying {@code messages}: the message itself when alone, else a
     * {@code batch} message (docs/stream.md). Built once per distinct batch on this lane.
     */
    String frame(List<String> messages) {
        if (messages.size() == 1) {
            return messages.get(0);
        }
        if (sameMessages(messages, lastBatch)) {
            return lastFrame;
        }
        lastFrame = StreamMessages.batch(messages);
        lastBatch = messages;
        return lastFrame;
    }

    private static boolean sameMessages(List<String> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            // The same event is the same String object (built once per event): identity is enough.
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }
}
