package io.panels.notification.domain;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection: who it is, what it subscribed to, and the messages it has not taken yet.
 * A client that falls {@code maxQueued} messages behind gets {@code resync} and is closed, so it
 * never holds memory or slows the others. Messages are queued here by any thread and written by
 * the connection's event loop, several in one {@code batch} frame when the client asked for it
 * (docs/adr/0051).
 */
public final class StreamSession implements StreamLane.Flushable {

    /** Close codes of the stream (docs/stream.md). */
    public static final int UNAUTHORIZED = 4401;
    public static final int TOO_SLOW = 4429;

    /** A connection's standing in its lane's pacing: not counted yet, counted, closed. */
    private static final int OUTSIDE = 0;
    private static final int PACED = 1;
    private static final int LEFT = 2;

    private final WebSocketConnection connection;
    private final StreamLane lane;
    private final int maxQueued;
    private final boolean batches;
    private final int maxBatchChars;
    /** Messages not written yet, and how many are in frames written but not yet sent; both guarded by this. */
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private int inFlight;
    /** Whether the lane will flush this session (guarded by this): it is marked there at most once. */
    private boolean awake;
    /** Whether a flush at once, outside the lane's drains, is scheduled (guarded by this). */
    private boolean flushingNow;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Whether the lane counts this connection for its pacing: {@link #OUTSIDE}, {@link #PACED} or {@link #LEFT}. */
    private final AtomicInteger laneState = new AtomicInteger(OUTSIDE);
    private final Set<UUID> panels = ConcurrentHashMap.newKeySet();
    private final Map<UUID, UUID> views = new ConcurrentHashMap<>();
    private volatile StreamIdentity identity;
    private volatile long expiryTimer = -1;

    /**
     * @param batches       whether the client asked for {@code batch} messages (docs/stream.md)
     * @param maxBatchChars a batch holds messages up to this many characters (a single larger message is sent alone)
     */
    StreamSession(WebSocketConnection connection, StreamLane lane, int maxQueued, boolean batches, int maxBatchChars) {
        this.connection = connection;
        this.lane = lane;
        this.maxQueued = maxQueued;
        this.batches = batches;
        this.maxBatchChars = maxBatchChars;
    }

    /**
     * The connection authenticated: from now on its lane paces for it (docs/adr/0060). Counted
     * only once, and never after {@link #leftLane}, so connections that never authenticate (they
     * are closed at the auth timeout) cannot stretch the interval of the others. Any thread.
     */
    void joinLane() {
        if (laneState.compareAndSet(OUTSIDE, PACED)) {
            lane.joined(batches);
        }
    }

    /** The connection closed: its lane paces for one connection fewer, if it counted. Any thread. */
    void leftLane() {
        if (laneState.getAndSet(LEFT) == PACED) {
            lane.left(batches);
        }
    }

    public String id() {
        return connection.id();
    }

    public StreamIdentity identity() {
        return identity;
    }

    public void identity(StreamIdentity identity) {
        this.identity = identity;
    }

    public long expiryTimer() {
        return expiryTimer;
    }

    public void expiryTimer(long timer) {
        this.expiryTimer = timer;
    }

    public WebSocketConnection connection() {
        return connection;
    }

    /** Panels subscribed to directly. */
    public Set<UUID> panels() {
        return panels;
    }

    /** View subscriptions: view id to its panel id. */
    public Map<UUID, UUID> views() {
        return views;
    }

    /** Every panel this connection receives events of (directly or through a view). */
    public Set<UUID> watchedPanels() {
        Set<UUID> all = new java.util.HashSet<>(panels);
        all.addAll(views.values());
        return all;
    }

    public boolean watches(UUID panelId) {
        return panels.contains(panelId) || views.containsValue(panelId);
    }

    public int subscriptionCount() {
        return panels.size() + views.size();
    }

    /** Sends an event if this connection may see it: same tenant, and a personal view's events only to its owner. */
    public void deliver(StreamEvent event) {
        StreamIdentity who = identity;
        if (who == null || !who.tenantId().equals(event.tenantId())) {
            return;
        }
        if (event.personalOwner() != null && !event.personalOwner().equals(who.subject())) {
            return;
        }
        send(event.message());
    }

    /**
     * Queues a message (any thread); past the bound the client is told to resync and closed. The
     * message is written by the connection's event loop ({@link StreamLane}): while a frame is in
     * flight, later messages wait and leave together in the next one.
     */
    public void send(String text) {
        boolean wake = false;
        boolean now = false;
        boolean tooSlow = false;
        synchronized (this) {
            if (closing.get()) {
                return;
            }
            if (pending.size() + inFlight >= maxQueued) {
                tooSlow = true;
            } else {
                pending.addLast(text);
                if (inFlight == 0 && !awake) {
                    awake = true;
                    wake = true;
                } else if (inFlight == 0 && !flushingNow && plenty()) {
                    flushingNow = true;
                    now = true;
                }
            }
        }
        if (tooSlow) {
            tooSlow();
        } else if (wake) {
            lane.wake(this, batches);
        } else if (now) {
            lane.flushNow(this);
        }
    }

    /**
     * So much waits that pacing the connection's frames could cut it off as too slow (a burst such
     * as a 1,000-row batch write): half the queue's bound. Only paced (batch) connections wait.
     */
    private boolean plenty() {
        return batches && pending.size() >= maxQueued / 2;
    }

    /** Writes what is queued (on the lane's event loop): one batch frame, or one frame per message for clients without batches. */
    @Override
    public void flush(StreamLane on) {
        List<String> messages;
        synchronized (this) {
            awake = false;
            flushingNow = false;
            if (inFlight > 0 || pending.isEmpty() || closing.get()) {
                return;
            }
            messages = new ArrayList<>(batches ? Math.min(pending.size(), 16) : pending.size());
            if (batches) {
                long chars = 0;
                while (!pending.isEmpty() && (messages.isEmpty() || chars + pending.peekFirst().length() <= maxBatchChars)) {
                    String next = pending.pollFirst();
                    chars += next.length();
                    messages.add(next);
                }
            } else {
                messages.addAll(pending);
                pending.clear();
            }
            inFlight = messages.size();
        }
        if (batches) {
            write(on.frame(messages), messages.size());
        } else {
            for (String message : messages) {
                write(message, 1);
            }
        }
    }

    private void write(String frame, int count) {
        connection.sendText(frame).subscribe().with(done -> written(count), failure -> written(count));
    }

    /**
     * A frame left (or failed): what queued up meanwhile goes next, at the lane's next drain, or at
     * once when {@link #plenty() plenty} waits.
     */
    private void written(int count) {
        boolean wake = false;
        boolean now = false;
        synchronized (this) {
            inFlight -= count;
            if (inFlight == 0 && !pending.isEmpty() && !closing.get()) {
                if (plenty() && !flushingNow) {
                    flushingNow = true;
                    now = true;
                } else if (!awake) {
                    awake = true;
                    wake = true;
                }
            }
        }
        if (now) {
            lane.flushNow(this);
        } else if (wake) {
            lane.wake(this, batches);
        }
    }

    /** Messages queued or in flight, not yet taken by the client. */
    public synchronized int queued() {
        return pending.size() + inFlight;
    }

    public boolean closing() {
        return closing.get();
    }

    public void close(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            dropPending();
            connection.close(new CloseReason(code, reason)).subscribe().with(done -> { }, failure -> { });
        }
    }

    /** Sends a last message, then closes. */
    public void closeAfter(String lastMessage, int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            dropPending();
            connection.sendText(lastMessage)
                    .onItemOrFailure().transformToUni((done, failure) -> connection.close(new CloseReason(code, reason)))
                    .subscribe().with(done -> { }, failure -> { });
        }
    }

    private synchronized void dropPending() {
        pending.clear();
    }

    private void tooSlow() {
        closeAfter(StreamMessages.resync("too-slow"), TOO_SLOW, "client too slow: resync");
    }
}
