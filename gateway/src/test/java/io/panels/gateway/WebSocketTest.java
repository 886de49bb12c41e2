package io.panels.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.testing.Keycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /api/v1/stream through the gateway to notification-service's WebSocket (an echo server here). */
@QuarkusTest
@QuarkusTestResource(Backends.class)
class WebSocketTest {

    static Vertx vertx;
    static WebSocketClient client;

    @TestHTTPResource("/")
    URL gateway;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        // Like a browser crowd: the test client itself must not stop at Vert.x's 50 per host.
        client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1000));
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void messagesPassBothWays() throws Exception {
        String token = Keycloak.createTenant().member("viewer").token();
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket socket = connect("/api/v1/stream", token, received);

        assertEquals("hello from notification-service /api/v1/stream with token", received.poll(10, TimeUnit.SECONDS));
        socket.writeTextMessage("ping");
        assertEquals("echo:ping", received.poll(10, TimeUnit.SECONDS));
        socket.writeTextMessage("second");
        assertEquals("echo:second", received.poll(10, TimeUnit.SECONDS));
        socket.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBrowserWithoutTokenHeaderReachesTheStreamWhichAuthenticatesItsFirstMessage() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket socket = connect("/api/v1/stream", null, received);
        assertEquals("hello from notification-service /api/v1/stream without token", received.poll(10, TimeUnit.SECONDS));
        socket.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void moreThanFiftySubscribersAreTunnelledAtOnce() throws Exception {
        // Vert.x tunnels 50 WebSockets per host by default; the 51st upgrade used to wait for ever.
        String token = Keycloak.createTenant().member("viewer").token();
        List<WebSocket> sockets = new ArrayList<>();
        List<LinkedBlockingQueue<String>> inboxes = new ArrayList<>();
        try {
            for (int i = 0; i < 120; i++) {
                LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
                sockets.add(connect("/api/v1/stream", token, received));
                inboxes.add(received);
            }
            for (int i = 0; i < sockets.size(); i++) {
                assertEquals("hello from notification-service /api/v1/stream with token", inboxes.get(i).poll(10, TimeUnit.SECONDS));
                sockets.get(i).writeTextMessage("n" + i);
                assertEquals("echo:n" + i, inboxes.get(i).poll(10, TimeUnit.SECONDS), "socket " + i);
            }
        } finally {
            for (WebSocket socket : sockets) {
                socket.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aForgedTokenHeaderIsRefusedAtTheEdge() {
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> connect("/api/v1/stream", "not.a.token", new LinkedBlockingQueue<>()));
        assertTrue(refused.getCause() instanceof UpgradeRejectedException rejected && rejected.getStatus() == 401,
                "upgrade refused with 401: " + refused.getCause());
    }

    @Test
    void otherRoutesDoNotUpgrade() {
        String token = Keycloak.createTenant().member("viewer").token();
        ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> connect("/api/v1/panels", token, new LinkedBlockingQueue<>()));
        assertTrue(refused.getCause() instanceof UpgradeRejectedException rejected && rejected.getStatus() == 400,
                "upgrade refused with 400: " + refused.getCause());
    }

    private WebSocket connect(String path, String token, LinkedBlockingQueue<String> received) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(gateway.getHost()).setPort(gateway.getPort()).setURI(path);
        if (token != null) {
            options.addHeader("Authorization", "Bearer " + token);
        }
        ClientWebSocket socket = client.webSocket();
        socket.textMessageHandler(received::add);
        CompletableFuture<WebSocket> connected = socket.connect(options).toCompletionStage().toCompletableFuture();
        return connected.get(10, TimeUnit.SECONDS);
    }
}
