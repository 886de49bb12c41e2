package io.panels.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * One WebSocket connection to the stream for the isolation suites: every text message it got, how
 * it was closed, or the HTTP status that refused the upgrade.
 */
public final class StreamClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private final int refusedWith;

    private StreamClient(URI base, String bearer) {
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        WebSocket opened = null;
        int refused = 0;
        try {
            opened = builder.buildAsync(URI.create(base.toString().replaceFirst("^http", "ws") + "/api/v1/stream"), new Listener()).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                refused = handshake.getResponse().statusCode();
            } else {
                throw e;
            }
        }
        this.socket = opened;
        this.refusedWith = refused;
    }

    /** Opens a connection with {@code bearer} on the upgrade request (null: none). */
    public static StreamClient open(URI base, String bearer) {
        return new StreamClient(base, bearer);
    }

    /** The HTTP status that refused the upgrade, or 0 when the connection opened. */
    public int refusedWith() {
        return refusedWith;
    }

    public void send(String json) {
        if (socket != null && !closed.isDone()) {
            socket.sendText(json, true).join();
        }
    }

    public List<String> messages() {
        return messages;
    }

    /** Waits up to {@code timeout} for a message matching {@code wanted}; null if none came. */
    public String await(Predicate<String> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String message : messages) {
                if (wanted.test(message)) {
                    return message;
                }
            }
            PrivatePlatform.pause(Duration.ofMillis(100));
        }
        return null;
    }

    /** The close code the server sent within {@code timeout}, or 0 while still open. */
    public int closeCode(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            return 0;
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(-1);
        }
    }
}
