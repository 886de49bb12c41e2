package io.panels.notification.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.common.tenant.TenantScope;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.view.ViewCreated;
import io.panels.events.view.ViewDefinition;
import io.panels.events.view.ViewUpdated;
import io.panels.notification.config.NotificationSettings;
import io.panels.notification.store.DirectoryStore;
import io.panels.notification.store.PresenceStore;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The stream's heart on one replica: its connections, who subscribed to which panel, the replay
 * buffer, and the protocol (docs/stream.md). Events come from {@code StreamFeed}; each is checked
 * against the connection's tenant again at delivery, so nothing of another tenant can arrive even
 * if a subscription check were wrong.
 */
@ApplicationScoped
public class StreamHub {

    private static final Logger LOG = Logger.getLogger(StreamHub.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, StreamSession> sessions = new ConcurrentHashMap<>();
    private final Map<UUID, Set<StreamSession>> byPanel = new ConcurrentHashMap<>();
    private final Map<String, Set<StreamSession>> byPerson = new ConcurrentHashMap<>();
    /** One lane per event loop that serves connections (docs/adr/0051). */
    private final Map<Thread, StreamLane> lanes = new ConcurrentHashMap<>();
    /** Panels whose presence push is scheduled (coalesces changes within presence-push-delay). */
    private final Set<UUID> presencePending = ConcurrentHashMap.newKeySet();
    private final Vertx vertx;
    private final Pool pool;
    private final DirectoryStore directory;
    private final PresenceStore presence;
    private final StreamAuthenticator authenticator;
    private final NotificationSettings.Stream settings;
    private final ReplayBuffer buffer;

    public StreamHub(Vertx vertx, Pool pool, DirectoryStore directory, PresenceStore presence, StreamAuthenticator authenticator,
                     NotificationSettings settings) {
        this.vertx = vertx;
        this.pool = pool;
        this.directory = directory;
        this.presence = presence;
        this.authenticator = authenticator;
        this.settings = settings.stream();
        this.buffer = new ReplayBuffer(this.settings.replayCapacity(), this.settings.replayWindow(), this.settings.resumeSlack(),
                System::currentTimeMillis);
    }

    /** Every replica listens for presence changes announced by any replica (docs/adr/0036). */
    void listenForPresenceChanges(@Observes StartupEvent start) {
        presence.onChange(this::presenceChanged)
                .onFailure().invoke(failure -> LOG.warnf("presence channel: %s; retrying", failure.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10)).indefinitely()
                .subscribe().with(done -> { }, failure -> { });
    }

    // ---- connections ----

    /** Called on the connection's event loop (the endpoint's {@code @OnOpen} is non-blocking): its lane is that loop's. */
    public void opened(WebSocketConnection connection) {
        StreamLane lane = lanes.computeIfAbsent(Thread.currentThread(), thread -> new StreamLane(vertx.getOrCreateContext(),
                new StreamLane.Pacing(settings.flushInterval(), settings.framesPerSecond(), settings.maxFlushInterval())));
        StreamSession session = new StreamSession(connection, lane, settings.maxQueuedMessages(),
                StreamProtocol.wantsBatches(connection.handshakeRequest().query()), settings.maxBatchChars());
        sessions.put(connection.id(), session);
        Optional<String> token = StreamProtocol.tokenFromSubprotocols(connection.handshakeRequest().header("Sec-WebSocket-Protocol"))
                .or(() -> StreamProtocol.bearer(connection.handshakeRequest().header("Authorization")));
        if (token.isPresent()) {
            authenticate(session, token.get()).subscribe().with(done -> { }, failure -> { });
        }
        vertx.setTimer(settings.authTimeout().toMillis(), timer -> {
            if (session.identity() == null) {
                session.closeAfter(StreamMessages.error("unauthorized", "authenticate within " + settings.authTimeout().toSeconds() + " s"),
                        StreamSession.UNAUTHORIZED, "authentication required");
            }
        });
    }

    public void closed(WebSocketConnection connection) {
        StreamSession session = sessions.remove(connection.id());
        if (session == null) {
            return;
        }
        session.leftLane();
        if (session.expiryTimer() >= 0) {
            vertx.cancelTimer(session.expiryTimer());
        }
        for (UUID panelId : session.watchedPanels()) {
            unwatch(session, panelId);
        }
        StreamIdentity identity = session.identity();
        if (identity != null) {
            Set<StreamSession> mine = byPerson.get(personKey(identity.tenantId(), identity.subject()));
            if (mine != null) {
                mine.remove(session);
            }
        }
    }

    public int connections() {
        return sessions.size();
    }

    public Uni<Void> received(WebSocketConnection connection, String text) {
        StreamSession session = sessions.get(connection.id());
        if (session == null || session.closing()) {
            return Uni.createFrom().voidItem();
        }
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            session.send(StreamMessages.error("invalid-message", "messages are JSON objects with a type"));
            return Uni.createFrom().voidItem();
        }
        String type = message.path("type").asText("");
        if (type.equals("auth")) {
            return authenticate(session, message.path("token").asText(null));
        }
        if (session.identity() == null) {
            session.send(StreamMessages.error("unauthorized", "send {\"type\":\"auth\",\"token\":...} first"));
            return Uni.createFrom().voidItem();
        }
        try {
            return switch (type) {
                case "subscribe" -> subscribe(session, StreamProtocol.uuid(message, "panelId"), StreamProtocol.uuid(message, "viewId"));
                case "unsubscribe" -> unsubscribe(session, StreamProtocol.uuid(message, "panelId"), StreamProtocol.uuid(message, "viewId"));
                case "resume" -> resume(session, StreamProtocol.uuid(message, "after"));
                case "presence" -> presence(session, StreamProtocol.uuid(message, "panelId"));
                case "ping" -> {
                    session.send(StreamMessages.pong());
                    yield Uni.createFrom().voidItem();
                }
                default -> {
                    session.send(StreamMessages.error("invalid-message", "unknown message type '" + type + "'"));
                    yield Uni.createFrom().voidItem();
                }
            };
        } catch (StreamProtocol.InvalidMessage e) {
            session.send(StreamMessages.error("invalid-message", e.getMessage()));
            return Uni.createFrom().voidItem();
        }
    }

    // ---- authentication ----

    private Uni<Void> authenticate(StreamSession session, String token) {
        return authenticator.authenticate(token)
                .onItem().invoke(identity -> {
                    StreamIdentity previous = session.identity();
                    if (previous != null && !previous.samePerson(identity)) {
                        session.closeAfter(StreamMessages.error("unauthorized", "a new token must be the same user's in the same tenant"),
                                StreamSession.UNAUTHORIZED, "token of another user or tenant");
                        return;
                    }
                    session.identity(identity);
                    session.joinLane();
                    if (previous == null) {
                        byPerson.computeIfAbsent(personKey(identity.tenantId(), identity.subject()), k -> ConcurrentHashMap.newKeySet())
                                .add(session);
                    }
                    watchExpiry(session, identity);
                    session.send(StreamMessages.ready(identity));
                })
                .onFailure().invoke(failure -> session.closeAfter(StreamMessages.error("unauthorized", failure.getMessage()),
                        StreamSession.UNAUTHORIZED, "unauthorized: " + failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** At the token's expiry, a connection that sent no newer token is closed. */
    private void watchExpiry(StreamSession session, StreamIdentity identity) {
        if (session.expiryTimer() >= 0) {
            vertx.cancelTimer(session.expiryTimer());
        }
        long delay = Math.max(1, Duration.between(Instant.now(), identity.expiresAt()).toMillis());
        session.expiryTimer(vertx.setTimer(delay, timer -> {
            StreamIdentity current = session.identity();
            if (current != null && !current.expiresAt().isAfter(Instant.now())) {
                session.closeAfter(StreamMessages.error("token-expired", "the token expired; reconnect with a new one"),
                        StreamSession.UNAUTHORIZED, "token expired");
            }
        }));
    }

    // ---- subscriptions ----

    private Uni<Void> subscribe(StreamSession session, UUID panelId, UUID viewId) {
        if ((panelId == null) == (viewId == null)) {
            session.send(StreamMessages.error("invalid-message", "subscribe names a panelId or a viewId"));
            return Uni.createFrom().voidItem();
        }
        if (session.subscriptionCount() >= settings.maxSubscriptions()) {
            session.send(StreamMessages.error("too-many-subscriptions", "at most " + settings.maxSubscriptions() + " per connection"));
            return Uni.createFrom().voidItem();
        }
        StreamIdentity identity = session.identity();
        if (panelId != null) {
            return pool.withTransaction(tx -> TenantScope.bind(tx, identity.tenantId()).chain(() -> directory.panelExists(tx, panelId)))
                    .chain(exists -> {
                        if (!exists) {
                            session.send(StreamMessages.error("not-found", "panel " + panelId + " does not exist"));
                            return Uni.createFrom().voidItem();
                        }
                        session.panels().add(panelId);
                        return watch(session, panelId, null);
                    });
        }
        return pool.withTransaction(tx -> TenantScope.bind(tx, identity.tenantId()).chain(() -> directory.view(tx, viewId)))
                .chain(view -> {
                    // Another user's personal view is reported exactly like a missing one.
                    if (view.isEmpty() || view.get().personal() && !identity.subject().equals(view.get().ownerId())) {
                        session.send(StreamMessages.error("not-found", "view " + viewId + " does not exist"));
                        return Uni.createFrom().voidItem();
                    }
                    session.views().put(viewId, view.get().panelId());
                    return watch(session, view.get().panelId(), viewId);
                });
    }

    private Uni<Void> watch(StreamSession session, UUID panelId, UUID viewId) {
        byPanel.computeIfAbsent(panelId, k -> ConcurrentHashMap.newKeySet()).add(session);
        StreamIdentity identity = session.identity();
        return presence.here(panelId, identity.subject(), identity.name(), session.id(), settings.presenceTtl())
                .chain(joined -> joined ? presence.announce(panelId) : Uni.createFrom().voidItem())
                .chain(() -> presence.viewers(panelId))
                .onFailure().recoverWithItem(List.of())
                .invoke(viewers -> session.send(StreamMessages.subscribed(panelId, viewId, viewers)))
                .replaceWithVoid();
    }

    private Uni<Void> unsubscribe(StreamSession session, UUID panelId, UUID viewId) {
        UUID panel = panelId;
        if (viewId != null) {
            panel = session.views().remove(viewId);
        } else if (panelId != null) {
            session.panels().remove(panelId);
        }
        if (panel != null && !session.watches(panel)) {
            unwatch(session, panel);
        }
        session.send(StreamMessages.unsubscribed(panelId, viewId));
        return Uni.createFrom().voidItem();
    }

    private void unwatch(StreamSession session, UUID panelId) {
        Set<StreamSession> watchers = byPanel.get(panelId);
        if (watchers != null) {
            watchers.remove(session);
            if (watchers.isEmpty()) {
                byPanel.remove(panelId, watchers);
            }
        }
        StreamIdentity identity = session.identity();
        if (identity != null) {
            presence.gone(panelId, identity.subject(), identity.name(), session.id())
                    .chain(left -> left ? presence.announce(panelId) : Uni.createFrom().voidItem())
                    .subscribe().with(done -> { }, failure -> { });
        }
    }

    private Uni<Void> presence(StreamSession session, UUID panelId) {
        if (panelId == null || !session.watches(panelId)) {
            session.send(StreamMessages.error("not-found", "subscribe to the panel first"));
            return Uni.createFrom().voidItem();
        }
        return presence.viewers(panelId).invoke(viewers -> session.send(StreamMessages.presence(panelId, viewers))).replaceWithVoid();
    }

    @Scheduled(every = "${panels.notification.stream.presence-refresh-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshPresence() {
        List<Uni<Void>> refreshes = new java.util.ArrayList<>();
        for (StreamSession session : sessions.values()) {
            StreamIdentity identity = session.identity();
            if (identity == null || session.closing()) {
                continue;
            }
            for (UUID panelId : session.watchedPanels()) {
                // An entry that is new again had expired (this replica stalled): that is a change too.
                refreshes.add(presence.here(panelId, identity.subject(), identity.name(), session.id(), settings.presenceTtl())
                        .chain(rejoined -> rejoined ? presence.announce(panelId) : Uni.createFrom().voidItem()));
            }
        }
        // Entries of connections that no replica refreshes any more (a replica died) expire: whoever
        // watches the panel removes them and announces it, so the survivors' clients learn it.
        for (UUID panelId : byPanel.keySet()) {
            refreshes.add(presence.expire(panelId).chain(expired -> expired ? presence.announce(panelId) : Uni.createFrom().voidItem()));
        }
        return refreshes.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(refreshes).andCollectFailures().replaceWithVoid().onFailure().recoverWithNull();
    }

    /** A replica announced a change of the panel's viewers: push the new list to this replica's watchers, once per delay. */
    void presenceChanged(String announced) {
        UUID panelId;
        try {
            panelId = UUID.fromString(announced);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (!byPanel.containsKey(panelId) || !presencePending.add(panelId)) {
            return;
        }
        vertx.setTimer(Math.max(1, settings.presencePushDelay().toMillis()), timer -> {
            presencePending.remove(panelId);
            presence.viewers(panelId).subscribe().with(viewers -> {
                Set<StreamSession> watchers = byPanel.get(panelId);
                if (watchers == null || watchers.isEmpty()) {
                    return;
                }
                String message = StreamMessages.presence(panelId, viewers);
                watchers.forEach(session -> session.send(message));
            }, failure -> LOG.debugf("presence of %s not pushed: %s", panelId, failure.getMessage()));
        });
    }

    // ---- resume ----

    private Uni<Void> resume(StreamSession session, UUID after) {
        if (after == null) {
            session.send(StreamMessages.error("invalid-message", "resume names the last event id seen: after"));
            return Uni.createFrom().voidItem();
        }
        Optional<List<StreamEvent>> missed = buffer.after(after, session.watchedPanels());
        if (missed.isEmpty()) {
            session.send(StreamMessages.resync("unknown-or-too-old"));
            return Uni.createFrom().voidItem();
        }
        missed.get().forEach(session::deliver);
        session.send(StreamMessages.resumed(after, missed.get().size()));
        return Uni.createFrom().voidItem();
    }

    // ---- delivery ----

    /** Delivers one event from Kafka to this replica's subscribers (and remembers it for resume). */
    public void deliver(EventEnvelope event) {
        if (Notifications.concerns(event.type())) {
            pushNotification(event);
        }
        if (!StreamProtocol.isPanelEvent(event.type()) || event.key() == null) {
            return;
        }
        UUID panelId;
        try {
            panelId = UUID.fromString(event.key());
        } catch (IllegalArgumentException e) {
            return;
        }
        StreamEvent streamEvent = new StreamEvent(event.id(), event.tenantId(), panelId, event.type(), personalOwner(event),
                StreamMessages.event(event, panelId));
        if (!buffer.add(streamEvent)) {
            // Published twice (an outbox relay retried): its subscribers had it already.
            return;
        }
        Set<StreamSession> watchers = byPanel.get(panelId);
        if (watchers != null) {
            for (StreamSession session : watchers) {
                session.deliver(streamEvent);
            }
        }
    }

    /**
     * The feed may have missed events (its consumer could not continue where it was, or it just got
     * its first partitions): every connection that subscribed to something is told to resync, and a
     * resume from an event received before now is answered with resync too (docs/adr/0044).
     */
    public void missedEvents() {
        buffer.breakContinuity();
        String resync = StreamMessages.resync("missed-events");
        int told = 0;
        for (StreamSession session : sessions.values()) {
            if (session.identity() != null && session.subscriptionCount() > 0) {
                session.send(resync);
                told++;
            }
        }
        if (told > 0) {
            LOG.infof("stream: %d connection(s) told to resync after the feed missed events", told);
        }
    }

    private void pushNotification(EventEnvelope event) {
        try {
            Notifications.from(event).ifPresent(notification -> {
                Set<StreamSession> recipients = byPerson.get(personKey(notification.tenantId(), notification.recipient()));
                if (recipients != null && !recipients.isEmpty()) {
                    String message = StreamMessages.notification(notification);
                    recipients.forEach(session -> session.send(message));
                }
            });
        } catch (RuntimeException e) {
            LOG.debugf("event %s makes no notification: %s", event.id(), e.getMessage());
        }
    }

    /** The owner of a personal view an event is about (only they receive it); null otherwise. */
    private static String personalOwner(EventEnvelope event) {
        if (!event.type().equals("view.created") && !event.type().equals("view.updated")) {
            return null;
        }
        try {
            ViewDefinition view = event.type().equals("view.created")
                    ? EventJson.read(event.data(), ViewCreated.class).view()
                    : EventJson.read(event.data(), ViewUpdated.class).view();
            return view != null && "personal".equals(view.visibility()) ? String.valueOf(view.ownerId()) : null;
        } catch (RuntimeException e) {
            // Unreadable: an owner id no user has, so it reaches no one.
            return "";
        }
    }

    private static String personKey(UUID tenantId, String subject) {
        return tenantId + "/" + subject;
    }
}
