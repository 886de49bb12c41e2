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
 * {@code Uni} and a flush per socket. Connections that asked for batches are written at most once
 * per {@code flushInterval}: the first message after a quiet interval leaves at once, and under
 * load everything that arrived within the interval leaves together, one frame per socket, shared
 * by the sockets that flush the same events. Everything but {@link #wake} and {@link #flushNow}
 * runs on the lane's event loop.
 */
final class StreamLane {

    private static final int MAX_FLUSHES_PER_TASK = 4096;

    private final Context context;
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

    StreamLane(Context context, Duration flushInterval) {
        this.context = context;
        this.paced = new Drain(flushInterval.toNanos());
        this.prompt = new Drain(0);
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
        private final long intervalNanos;
        private final ConcurrentLinkedQueue<Flushable> ready = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        /** When this drain last ran ({@code System.nanoTime}); event loop only. */
        private long last;
        private boolean ran;

        Drain(long intervalNanos) {
            this.intervalNanos = intervalNanos;
        }

        void add(Flushable session) {
            ready.add(session);
            if (scheduled.compareAndSet(false, true)) {
                context.runOnContext(ignored -> whenDue());
            }
        }

        /** Runs now if the last run is an interval ago, else when it will be (a timer on this event loop). */
        private void whenDue() {
            long wait = ran ? last + intervalNanos - System.nanoTime() : 0;
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
