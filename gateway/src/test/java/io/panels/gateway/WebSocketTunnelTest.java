package io.panels.gateway;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.testing.Keycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.WebSocketInternal;
import java.net.URL;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the WebSocket tunnel promises (ADR 0053), through the gateway to a real WebSocket server
 * standing in for notification-service ({@link Backends}, steered by the query of the URI).
 */
@QuarkusTest
@QuarkusTestResource(Backends.class)
class WebSocketTunnelTest {

    private static final String HELLO = "hello from notification-service /api/v1/stream with token";

    static Vertx vertx;
    static WebSocketClient client;

    @TestHTTPResource("/")
    URL gateway;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        // The test client reads large messages whole, so that it can compare them.
        client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(16 * 1024 * 1024));
    }

    @AfterAll
    static void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void aFragmentedTextMessageOfOneMebibytePassesIntactBothWays() throws Exception {
        Caller caller = connect("/api/v1/stream", token());
        assertEquals(HELLO, caller.text());
        // Multi-byte characters, so that the 64 KiB frames cut through UTF-8 sequences.
        String text = "ä€😀x".repeat(1024 * 1024 / 10);
        caller.socket.writeTextMessage(text);

        String echoed = caller.text();
        // Not assertEquals: a failure would print two mebibytes.
        assertTrue(("echo:" + text).equals(echoed), "echo of " + text.length() + " chars, got "
                + (echoed == null ? "nothing" : echoed.length() + " chars"));
        assertTrue(caller.frames.get() > 10, "the message arrived in frames: " + caller.frames.get());
        caller.close();
    }

    @Test
    void aBinaryMessagePassesIntact() throws Exception {
        Caller caller = connect("/api/v1/stream", token());
        assertEquals(HELLO, caller.text());
        byte[] bytes = new byte[300 * 1024];
        new java.util.Random(7).nextBytes(bytes);
        caller.socket.writeBinaryMessage(Buffer.buffer(bytes));

        assertArrayEquals(bytes, caller.binary.poll(10, TimeUnit.SECONDS).getBytes());
        caller.close();
    }

    @Test
    void aMessageOverTheLimitClosesItsSenderWith1009() throws Exception {
        Caller caller = connect("/api/v1/stream", token());
        assertEquals(HELLO, caller.text());
        caller.socket.writeBinaryMessage(Buffer.buffer(new byte[5 * 1024 * 1024]));

        caller.closed.get(10, TimeUnit.SECONDS);
        assertEquals((short) 1009, caller.socket.closeStatusCode());
    }

    @Test
    void whatTheServiceSaysFirstArrivesFirstAndInOrder() throws Exception {
        Caller caller = connect("/api/v1/stream?early=300", token());
        assertEquals(HELLO, caller.text());
        for (int i = 0; i < 300; i++) {
            assertEquals("early " + i, caller.text());
        }
        caller.close();
    }

    @Test
    void theServicesCloseCodeAndReasonReachTheCaller() throws Exception {
        Caller caller = connect("/api/v1/stream", token());
        assertEquals(HELLO, caller.text());
        caller.socket.writeTextMessage("close:4001:subscription revoked");

        caller.closed.get(10, TimeUnit.SECONDS);
        assertEquals((short) 4001, caller.socket.closeStatusCode());
        assertEquals("subscription revoked", caller.socket.closeReason());
    }

    @Test
    void theCallersCloseCodeAndReasonReachTheService() throws Exception {
        String token = token();
        String id = UUID.randomUUID().toString();
        Caller caller = connect("/api/v1/stream?id=" + id, token);
        assertEquals(HELLO, caller.text());
        caller.socket.close((short) 4002, "leaving the page").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stats(id, token).get("closeCode") != null);
        JsonPath stats = stats(id, token);
        assertEquals(4002, stats.getInt("closeCode"));
        assertEquals("leaving the page", stats.getString("closeReason"));
    }

    @Test
    void aServiceThatDropsItsConnectionClosesTheCallerWith1011() throws Exception {
        Caller caller = connect("/api/v1/stream", token());
        assertEquals(HELLO, caller.text());
        caller.socket.writeTextMessage("drop");

        caller.closed.get(10, TimeUnit.SECONDS);
        assertEquals((short) 1011, caller.socket.closeStatusCode());
    }

    @Test
    void aCallerThatDropsItsConnectionClosesTheServiceWith1011() throws Exception {
        String token = token();
        String id = UUID.randomUUID().toString();
        Caller caller = connect("/api/v1/stream?id=" + id, token);
        assertEquals(HELLO, caller.text());
        // The TCP connection itself, closed below Vert.x's handler so that no close frame is sent.
        ((WebSocketInternal) caller.connected).channelHandlerContext().pipeline().firstContext().close();

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stats(id, token).get("closeCode") != null);
        assertEquals(1011, stats(id, token).getInt("closeCode"));
    }

    @Test
    void pingsAreAnsweredAndTheTunnelCarriesOnAfterThem() throws Exception {
        Caller caller = connect("/api/v1/stream", token());
        assertEquals(HELLO, caller.text());
        LinkedBlockingQueue<Buffer> pongs = new LinkedBlockingQueue<>();
        caller.socket.pongHandler(pongs::add);
        caller.socket.writePing(Buffer.buffer("are you there"));

        assertEquals("are you there", pongs.poll(10, TimeUnit.SECONDS).toString());
        caller.socket.writeTextMessage("after the ping");
        assertEquals("echo:after the ping", caller.text());
        caller.close();
    }

    @Test
    void aCallerThatDoesNotReadHoldsTheServiceBackInsteadOfFillingTheGateway() throws Exception {
        String token = token();
        String id = UUID.randomUUID().toString();
        int count = 2048;
        int size = 64 * 1024;
        // 128 MiB offered: far more than the gateway's heap could hold if it buffered for a slow reader.
        Caller caller = connect("/api/v1/stream?id=" + id + "&push=" + count + "&size=" + size, token);
        caller.socket.pause();

        Thread.sleep(2000);
        int sentWhilePaused = stats(id, token).getInt("sent");
        Thread.sleep(1000);
        assertEquals(sentWhilePaused, stats(id, token).getInt("sent"), "the service is held back while the caller does not read");
        // What is in flight sits in socket buffers and Vert.x's bounded queues: a few MiB, not the whole push.
        assertTrue((long) sentWhilePaused * size < 48L * 1024 * 1024,
                "in flight while the caller does not read: " + (long) sentWhilePaused * size + " bytes");

        caller.socket.resume();
        assertEquals(HELLO, caller.text());
        for (int i = 0; i < count; i++) {
            Buffer message = caller.binary.poll(20, TimeUnit.SECONDS);
            assertEquals(String.format("%010d", i), message.getString(0, 10), "message " + i);
            assertEquals(size, message.length());
        }
        caller.close();
    }

    private static String token() {
        return Keycloak.createTenant().member("viewer").token();
    }

    private JsonPath stats(String id, String token) {
        return given().baseUri(gateway.toString()).auth().oauth2(token)
                .get("/api/v1/notifications/ws-stats/" + id)
                .then().statusCode(200).extract().jsonPath();
    }

    private Caller connect(String uri, String token) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(gateway.getHost()).setPort(gateway.getPort()).setURI(uri)
                .addHeader("Authorization", "Bearer " + token);
        ClientWebSocket socket = client.webSocket();
        Caller caller = new Caller(socket);
        socket.textMessageHandler(caller.texts::add);
        socket.binaryMessageHandler(caller.binary::add);
        socket.frameHandler(frame -> {
            if (frame.type() == WebSocketFrameType.TEXT || frame.type() == WebSocketFrameType.CONTINUATION) {
                caller.frames.incrementAndGet();
            }
        });
        socket.closeHandler(closed -> caller.closed.complete(null));
        WebSocket connected = socket.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return new Caller(socket, connected, caller.texts, caller.binary, caller.frames, caller.closed);
    }

    /** A caller's socket and what it received. */
    private record Caller(ClientWebSocket socket, WebSocket connected, LinkedBlockingQueue<String> texts, LinkedBlockingQueue<Buffer> binary,
                          AtomicInteger frames, CompletableFuture<Void> closed) {

        Caller(ClientWebSocket socket) {
            this(socket, null, new LinkedBlockingQueue<>(), new LinkedBlockingQueue<>(), new AtomicInteger(), new CompletableFuture<>());
        }

        String text() throws InterruptedException {
            return texts.poll(10, TimeUnit.SECONDS);
        }

        void close() throws Exception {
            socket.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
