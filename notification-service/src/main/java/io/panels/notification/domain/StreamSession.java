package io.panels.notification.domain;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection: who it is, what it subscribed to, and how many messages it has not taken
 * yet. A client that falls {@code maxQueued} messages behind gets {@code resync} and is closed, so
 * it never holds memory or slows the others.
 */
public final class StreamSession {

    /** Close codes of the stream (docs/stream.md). */
    public static final int UNAUTHORIZED = 4401;
    public static final int TOO_SLOW = 4429;

    private final WebSocketConnection connection;
    private final int maxQueued;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Set<UUID> panels = ConcurrentHashMap.newKeySet();
    private final Map<UUID, UUID> views = new ConcurrentHashMap<>();
    private volatile StreamIdentity identity;
    private volatile long expiryTimer = -1;

    public StreamSession(WebSocketConnection connection, int maxQueued) {
        this.connection = connection;
        this.maxQueued = maxQueued;
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

    /** Queues a message; past the bound the client is told to resync and closed. */
    public void send(String text) {
        if (closing.get()) {
            return;
        }
        if (queued.incrementAndGet() > maxQueued) {
            queued.decrementAndGet();
            tooSlow();
            return;
        }
        connection.sendText(text).subscribe().with(done -> queued.decrementAndGet(), failure -> queued.decrementAndGet());
    }

    public int queued() {
        return queued.get();
    }

    public boolean closing() {
        return closing.get();
    }

    public void close(int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            connection.close(new CloseReason(code, reason)).subscribe().with(done -> { }, failure -> { });
        }
    }

    /** Sends a last message, then closes. */
    public void closeAfter(String lastMessage, int code, String reason) {
        if (closing.compareAndSet(false, true)) {
            connection.sendText(lastMessage)
                    .onItemOrFailure().transformToUni((done, failure) -> connection.close(new CloseReason(code, reason)))
                    .subscribe().with(done -> { }, failure -> { });
        }
    }

    private void tooSlow() {
        closeAfter(StreamMessages.resync("too-slow"), TOO_SLOW, "client too slow: resync");
    }
}
