package io.panels.notification.api;

import io.panels.notification.domain.StreamHub;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;

/**
 * The real-time stream: {@code wss://.../api/v1/stream}. The protocol (authentication in the first
 * message or a subprotocol, subscribe, resume, presence, close codes) is in docs/stream.md.
 */
@WebSocket(path = "/api/v1/stream")
public class StreamEndpoint {

    private final StreamHub hub;

    public StreamEndpoint(StreamHub hub) {
        this.hub = hub;
    }

    // Non-blocking: run on the connection's event loop, which then writes its messages (StreamHub.opened).
    @OnOpen
    @NonBlocking
    public void onOpen(WebSocketConnection connection) {
        hub.opened(connection);
    }

    @OnTextMessage
    public Uni<Void> onMessage(WebSocketConnection connection, String message) {
        return hub.received(connection, message);
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        hub.closed(connection);
    }
}
