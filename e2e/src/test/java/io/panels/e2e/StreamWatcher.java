package io.panels.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A client of the live stream written as stream.md asks: it keeps the id of the last event seen,
 * and when its connection breaks it reconnects (through the gateway), authenticates, subscribes
 * again and sends {@code resume} after the last id of the previous connection (events the new
 * connection delivers before the resume do not move that point); a {@code resync} answer means "reload through the
 * REST API", which this client notes with the time (everything committed before it is then known).
 * It deduplicates on the event id and counts the duplicates it was sent.
 */
public final class StreamWatcher implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final URI stream;
    private final String panelId;
    private final Supplier<String> token;
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile WebSocket socket;
    private volatile boolean open = true;
    private volatile String lastEventId;
    private volatile boolean connected;

    /** Row id (subject) → first time its event arrived. */
    private final Map<String, Instant> rowsSeen = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> eventIds = new ConcurrentHashMap<>();
    private final List<Instant> resyncs = new CopyOnWriteArrayList<>();
    private final AtomicInteger connects = new AtomicInteger();
    private final AtomicInteger resumed = new AtomicInteger();
    private final AtomicInteger replayed = new AtomicInteger();
    private final AtomicInteger errors = new AtomicInteger();
    private final AtomicInteger resumesSent = new AtomicInteger();
    private final List<String> journal = new CopyOnWriteArrayList<>();
    private volatile Instant firstSubscribed;

    public StreamWatcher(String name, URI gateway, String panelId, Supplier<String> token) {
        this.name = name;
        this.stream = URI.create(gateway.toString().replaceFirst("^http", "ws") + "/api/v1/stream");
        this.panelId = panelId;
        this.token = token;
    }

    public String name() {
        return name;
    }

    /** Connects, and keeps reconnecting in the background whenever the connection breaks. */
    public StreamWatcher start() {
        Thread keeper = new Thread(this::keepConnected, "stream-watcher-" + name);
        keeper.setDaemon(true);
        keeper.start();
        return this;
    }

    public boolean connected() {
        return connected;
    }

    public Map<String, Instant> rowsSeen() {
        return rowsSeen;
    }

    public List<Instant> resyncs() {
        return resyncs;
    }

    public int connects() {
        return connects.get();
    }

    public int resumesSent() {
        return resumesSent.get();
    }

    public int resumed() {
        return resumed.get();
    }

    public int errors() {
        return errors.get();
    }

    /** Events this client was sent more than once (after resumes), which it dropped by id. */
    public int duplicatesDropped() {
        return eventIds.values().stream().mapToInt(count -> count.get() - 1).sum();
    }

    /** A fresh token on the open connection before the current one expires (stream.md, Expiry). */
    public void refreshToken() {
        WebSocket current = socket;
        if (current != null && connected) {
            send(current, "{\"type\":\"auth\",\"token\":\"" + token.get() + "\"}");
        }
    }

    /** The first time the panel subscription was confirmed: rows written before it are not expected. */
    public Instant firstSubscribed() {
        return firstSubscribed;
    }

    /** One send at a time: the JDK WebSocket refuses a send while another is pending. */
    private synchronized void send(WebSocket ws, String text) {
        trace("> " + text.replaceAll("\"token\":\"[^\"]*\"", "\"token\":\"...\""));
        try {
            ws.sendText(text, true).get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            trace("! send failed: " + e);
        }
    }

    private void trace(String line) {
        if (journal.size() < 20_000) {
            journal.add(Instant.now() + " " + line);
        }
    }

    /** What this client sent and got (types and ids), for reading a failed run. */
    public List<String> journal() {
        return journal;
    }

    private void keepConnected() {
        while (open) {
            if (!connected) {
                try {
                    connect();
                } catch (RuntimeException e) {
                    // The gateway or the service is down: try again shortly, as a browser would.
                }
            }
            PrivatePlatform.pause(Duration.ofMillis(500));
        }
    }

    private void connect() {
        WebSocket ws = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(3))
                .header("Authorization", "Bearer " + token.get())
                .buildAsync(stream, new Listener()).join();
        socket = ws;
        connected = true;
        connects.incrementAndGet();
        trace("connected");
    }

    private void onMessage(Listener connection, WebSocket ws, String text) throws IOException {
        JsonNode message = JSON.readTree(text);
        trace("< " + message.path("type").asText() + " " + message.path("event").asText("") + " " + message.path("id").asText("")
                + " " + message.path("subject").asText("") + " " + message.path("code").asText("") + message.path("reason").asText("")
                + message.path("count").asText(""));
        switch (message.path("type").asText()) {
            case "ready" -> {
                // A refreshed token is answered with ready too: subscribe once per connection.
                if (!connection.subscribing) {
                    connection.subscribing = true;
                    send(ws, "{\"type\":\"subscribe\",\"panelId\":\"" + panelId + "\"}");
                }
            }
            case "subscribed" -> {
                if (firstSubscribed == null) {
                    firstSubscribed = Instant.now();
                }
                // The last event of the previous connection, not one this connection delivered live
                // since subscribing: resuming from that would skip what was missed while away.
                String after = connection.resumeFrom;
                if (after != null && !connection.resumeSent) {
                    connection.resumeSent = true;
                    resumesSent.incrementAndGet();
                    send(ws, "{\"type\":\"resume\",\"after\":\"" + after + "\"}");
                }
            }
            case "event" -> {
                String id = message.path("id").asText();
                if (eventIds.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet() == 1
                        && message.path("event").asText().equals("row.created")) {
                    rowsSeen.putIfAbsent(message.path("subject").asText(), Instant.now());
                }
                lastEventId = id;
            }
            case "resumed" -> {
                resumed.incrementAndGet();
                replayed.addAndGet(message.path("count").asInt());
            }
            case "resync" -> resyncs.add(Instant.now());
            case "error" -> {
                errors.incrementAndGet();
                // A panel the replica's directory does not know yet: ask again.
                if (message.path("code").asText().equals("not-found")) {
                    PrivatePlatform.pause(Duration.ofMillis(500));
                    send(ws, "{\"type\":\"subscribe\",\"panelId\":\"" + panelId + "\"}");
                }
            }
            default -> {
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        /** The last event id seen when this connection was made: where its resume starts. */
        private final String resumeFrom = lastEventId;
        private final StringBuilder partial = new StringBuilder();
        private boolean subscribing;
        private boolean resumeSent;

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            try {
                partial.append(data);
                if (last) {
                    onMessage(this, ws, partial.toString());
                }
            } catch (IOException | RuntimeException e) {
                errors.incrementAndGet();
                trace("! " + e);
            } finally {
                if (last) {
                    partial.setLength(0);
                }
                // Always ask for the next message: a client that stops asking stops receiving.
                ws.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            trace("closed " + statusCode + " " + reason);
            connected = false;
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            trace("error " + error);
            connected = false;
        }
    }

    @Override
    public void close() {
        open = false;
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
    }
}
