package io.panels.notification.domain;

import io.vertx.core.Context;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The connections served by one event loop, and the ones among them that have messages to write
 * (docs/adr/0051). Whoever queues a message (the Kafka feed, a presence push) only marks the
 * connection here; the event loop then writes each marked connection's queue in one go, so the
 * fan-out of one event to a thousand sockets costs one task on each event loop, not a task, a
 * {@code Uni} and a flush per socket. Everything but {@link #wake} runs on the lane's event loop.
 */
final class StreamLane {

    private static final int MAX_FLUSHES_PER_TASK = 4096;

    private final Context context;
    private final ConcurrentLinkedQueue<StreamSession> ready = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** The last batch built on this lane and its text: sockets that flush the same events share it. */
    private List<String> lastBatch = List.of();
    private String lastFrame;

    StreamLane(Context context) {
        this.context = context;
    }

    /** {@code session} has messages and nothing in flight: write them on the event loop soon. Any thread. */
    void wake(StreamSession session) {
        ready.add(session);
        if (scheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> drain());
        }
    }

    private void drain() {
        scheduled.set(false);
        StreamSession session;
        // Bounded, so that sockets whose frames complete at once and refill cannot hold the event loop.
        for (int i = 0; i < MAX_FLUSHES_PER_TASK && (session = ready.poll()) != null; i++) {
            session.flush(this);
        }
        if (!ready.isEmpty() && scheduled.compareAndSet(false, true)) {
            context.runOnContext(ignored -> drain());
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
