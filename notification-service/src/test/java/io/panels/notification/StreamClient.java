package io.panels.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A stream client as a browser would be (java.net.http.WebSocket): it keeps every message it
 * receives and the close code. A slow client takes one message and then reads nothing more.
 */
public final class StreamClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final boolean slow;
    private final WebSocket socket;

    private StreamClient(boolean slow, String... subprotocols) {
        this(slow, null, subprotocols);
    }

    private StreamClient(boolean slow, String bearer, String... subprotocols) {
        this(uri(), slow, bearer, subprotocols);
    }

    private StreamClient(URI stream, boolean slow, String bearer, String... subprotocols) {
        this.slow = slow;
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        this.socket = builder.buildAsync(stream, new Listener()).join();
    }

    /** Connected with {@code ?batch=true} (docs/stream.md) and authenticated; batches are unpacked into {@link #received()}. */
    public static StreamClient batched(String token) {
        StreamClient client = new StreamClient(URI.create(uri() + "?batch=true"), false, null);
        client.send(JSON.createObjectNode().put("type", "auth").put("token", token));
        client.await(m -> m.path("type").asText().equals("ready"), Duration.ofSeconds(10));
        return client;
    }

    public static StreamClient connect() {
        return new StreamClient(false);
    }

    /** Connected and authenticated with the first message; waits for ready. */
    public static StreamClient authenticated(String token) {
        StreamClient client = new StreamClient(false);
        client.send(JSON.createObjectNode().put("type", "auth").put("token", token));
        client.await(m -> m.path("type").asText().equals("ready"), Duration.ofSeconds(10));
        return client;
    }

    /** Connected to the replica at {@code base} (another process) and authenticated; waits for ready. */
    public static StreamClient authenticated(URI base, String token) {
        StreamClient client = new StreamClient(URI.create(base.toString().replaceFirst("^http", "ws") + "/api/v1/stream"), false, null);
        client.send(JSON.createObjectNode().put("type", "auth").put("token", token));
        client.await(m -> m.path("type").asText().equals("ready"), Duration.ofSeconds(10));
        return client;
    }

    /** Authenticated through the subprotocol header instead of a message. */
    public static StreamClient withSubprotocols(String... subprotocols) {
        return new StreamClient(false, subprotocols);
    }

    /** Authenticated with an Authorization header on the upgrade (clients that can set headers). */
    public static StreamClient withBearerHeader(String token) {
        return new StreamClient(false, token, new String[0]);
    }

    /** Authenticated, and from then on it reads nothing: its messages pile up in the server's queue. */
    public static StreamClient slow(String token) {
        StreamClient client = new StreamClient(true);
        client.send(JSON.createObjectNode().put("type", "auth").put("token", token));
        return client;
    }

    public static URI uri() {
        String base = ConfigProvider.getConfig().getValue("test.url", String.class);
        return URI.create(base.replaceFirst("^http", "ws") + "/api/v1/stream");
    }

    public void send(JsonNode message) {
        socket.sendText(message.toString(), true).join();
    }

    public void send(String raw) {
        socket.sendText(raw, true).join();
    }

    public JsonNode subscribePanel(Object panelId) {
        send(JSON.createObjectNode().put("type", "subscribe").put("panelId", panelId.toString()));
        return await(m -> (m.path("type").asText().equals("subscribed") && m.path("panelId").asText().equals(panelId.toString())
                && !m.has("viewId")) || m.path("type").asText().equals("error"), Duration.ofSeconds(10));
    }

    public JsonNode subscribeView(Object viewId) {
        send(JSON.createObjectNode().put("type", "subscribe").put("viewId", viewId.toString()));
        return await(m -> (m.path("type").asText().equals("subscribed") && m.path("viewId").asText().equals(viewId.toString()))
                || m.path("type").asText().equals("error"), Duration.ofSeconds(10));
    }

    public static ObjectNode message(String type) {
        return JSON.createObjectNode().put("type", type);
    }

    /** The first message (already received or arriving before the timeout) that matches. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode message : received) {
                if (match.test(message)) {
                    return message;
                }
            }
            sleep(20);
        }
        throw new AssertionError("no matching message within " + timeout + "; received " + received);
    }

    /** Every event message received so far. */
    public List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode message : received) {
            if (message.path("type").asText().equals("event")) {
                events.add(message);
            }
        }
        return events;
    }

    public List<JsonNode> received() {
        return received;
    }

    /** How many {@code batch} messages arrived (their messages are in {@link #received()}, in order). */
    public int batches() {
        return batches.get();
    }

    public JsonNode awaitEvent(Object subject, Duration timeout) {
        return await(m -> m.path("type").asText().equals("event") && m.path("subject").asText().equals(subject.toString()), timeout);
    }

    /** The close code the server sent, waiting for it. */
    public int awaitClose(Duration timeout) {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("the server did not close the connection within " + timeout, e);
        }
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    /** Starts reading again (a slow client that catches up). */
    public void readAll() {
        socket.request(Long.MAX_VALUE);
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message.path("type").asText().equals("batch")) {
                        batches.incrementAndGet();
                        message.path("messages").forEach(received::add);
                    } else {
                        received.add(message);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            if (!slow) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
