package io.panels.notification.domain;

import io.vertx.core.Context;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The connections served by one event loop, and the ones among them that have messages to write
 * (docs/adr/0051). Whoever queues a message (the Kafka feed, a presence push) only marks the
 * connection here; the event loop then writes each marked connection's queue in one go, so the
 * fan-out of one event to a thousand sockets costs one task on each event loop, not a task, a
 * {@code Uni} and a flush per socket. A lane writes at most once per {@code flushInterval}: the
 * first message after a quiet interval leaves at once, and under load everything that arrived
 * within the interval leaves together, one frame per socket, shared by the sockets that flush the
 * same events. Everything but {@link #wake} runs on the lane's event loop.
 */
final class StreamLane {

    private static final int MAX_FLUSHES_PER_TASK = 4096;

    private final Context context;
    private final long flushIntervalNanos;
    private final ConcurrentLinkedQueue<Flushable> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** When the lane last wrote ({@code System.nanoTime}); event loop only. */
    private long lastDrain;
    private boolean drained;
    /** The last batch built on this lane and its text: sockets that flush the same events share it. */
    private List<String> lastBatch = List.of();
    private String lastFrame;

    /** What a lane writes: a connection with messages queued (a {@link StreamSession}). */
    interface Flushable {
        /** Writes what is queued, on the lane's event loop. */
        void flush(StreamLane lane);
    }

    StreamLane(Context context, Duration flushInterval) {
        this.context = context;
        this.flushIntervalNanos = flushInterval.toNanos();
    }

    /** {@code session} has messages and nothing in flight: write them on the event loop soon. Any thread. */
    void wake(Flushable session) {
        ready.add(session);
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> drainWhenDue());
        }
    }

    /** Drains now if the last drain is an interval ago, else when it will be (a timer on this event loop). */
    private void drainWhenDue() {
        long wait = drained ? lastDrain + flushIntervalNanos - System.nanoTime() : 0;
        if (wait <= 0) {
            drain();
        } else {
            context.owner().setTimer(Math.max(1, Math.round(wait / 1e6)), timer -> drain());
        }
    }

    private void drain() {
        lastDrain = System.nanoTime();
        drained = true;
        scheduled.set(false);
        Flushable session;
        // Bounded, so that sockets whose frames complete at once and refill cannot hold the event loop.
        for (int i = 0; i < MAX_FLUSHES_PER_TASK && (session = ready.poll()) != null; i++) {
            session.flush(this);
        }
        if (!ready.isEmpty() && scheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> drainWhenDue());
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
