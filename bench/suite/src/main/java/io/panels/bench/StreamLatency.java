package io.panels.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Write → subscriber latency of the real-time stream, end to end through the gateway: subscribers
 * hold WebSocket connections to /api/v1/stream subscribed to a panel (docs/stream.md), a writer
 * inserts rows through the rows API at a fixed rate, and each row's latency is the time from the start
 * of its POST until a subscriber receives its row.created event (one sample per delivery). Gatling's
 * WebSocket support measures a reply on the same connection, not a message caused by another
 * client's request, so this scenario is measured by the suite itself (ADR 0030).
 */
final class StreamLatency {

    /** Figures of one run. */
    record Figures(Percentiles latency, long writes, long writeErrors, long expected, long received, int subscribers, double seconds) {
    }

    private final String gateway;
    private final Panels.Member member;
    private final Panels.Panel panel;

    StreamLatency(String gateway, Panels.Member member, Panels.Panel panel) {
        this.gateway = gateway;
        this.member = member;
        this.panel = panel;
    }

    Figures run(int subscribers, int writesPerSecond, Duration duration, Duration warmup) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long[] latencies = new long[Math.max(1, (int) Math.min(50_000_000L,
                (long) subscribers * writesPerSecond * (duration.toSeconds() + warmup.toSeconds() + 5)))];
        AtomicInteger recorded = new AtomicInteger();
        LongAdder received = new LongAdder();
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        CountDownLatch subscribed = new CountDownLatch(subscribers);
        List<String> problems = new ArrayList<>();
        URI stream = URI.create(gateway.replaceFirst("^http", "ws") + "/api/v1/stream");
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            sockets.add(connect(stream, subscribed, sentAt, latencies, recorded, received, measureFrom, problems));
        }
        if (!subscribed.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException((subscribers - subscribed.getCount()) + " of " + subscribers + " subscribed in 60 s: " + problems);
        }
        ExecutorService writers = Executors.newFixedThreadPool(4);
        AtomicLong writes = new AtomicLong();
        AtomicLong writeErrors = new AtomicLong();
        AtomicLong measuredWrites = new AtomicLong();
        long interval = 1_000_000_000L / writesPerSecond;
        long start = System.nanoTime();
        long measuredStart = start + warmup.toNanos();
        long end = measuredStart + duration.toNanos();
        measureFrom.set(measuredStart);
        String url = gateway + "/api/v1/panels/" + panel.id() + "/rows";
        for (long i = 0; ; i++) {
            long due = start + i * interval;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String name = "ws-" + i;
            writers.submit(() -> {
                long t = System.nanoTime();
                sentAt.put(name, t);
                if (t >= measuredStart) {
                    measuredWrites.incrementAndGet();
                }
                try {
                    Http.Reply reply = Http.send("POST", url, member.write(), "{\"values\": {\"name\": \"" + name + "\", \"num\": 1}}");
                    (reply.status() == 201 ? writes : writeErrors).incrementAndGet();
                } catch (RuntimeException e) {
                    writeErrors.incrementAndGet();
                }
            });
        }
        writers.shutdown();
        writers.awaitTermination(60, TimeUnit.SECONDS);
        long expected = measuredWrites.get() * subscribers;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (recorded.get() < expected && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        double seconds = (System.nanoTime() - measuredStart) / 1e9;
        sockets.forEach(WebSocket::abort);
        int count = Math.min(recorded.get(), latencies.length);
        return new Figures(Percentiles.ofNanos(latencies, count), writes.get(), writeErrors.get(), expected, count, subscribers, seconds);
    }

    private WebSocket connect(URI uri, CountDownLatch subscribed, Map<String, Long> sentAt, long[] latencies, AtomicInteger recorded,
            LongAdder received, AtomicLong measureFrom, List<String> problems) {
        String subscribe = "{\"type\":\"subscribe\",\"panelId\":\"" + panel.id() + "\"}";
        WebSocket socket = Http.CLIENT.newWebSocketBuilder().header("Authorization", "Bearer " + member.token())
                .buildAsync(uri, new WebSocket.Listener() {
                    final StringBuilder partial = new StringBuilder();
                    boolean asked;
                    boolean counted;

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            long now = System.nanoTime();
                            String text = partial.toString();
                            partial.setLength(0);
                            if (text.startsWith("{\"type\":\"event\"")) {
                                JsonNode event = Json.parse(text);
                                String name = event.path("data").path("values").path("name").asText("");
                                Long sent = sentAt.get(name);
                                if ("row.created".equals(event.path("event").asText()) && sent != null) {
                                    received.increment();
                                    if (sent >= measureFrom.get()) {
                                        int slot = recorded.getAndIncrement();
                                        if (slot < latencies.length) {
                                            latencies[slot] = now - sent;
                                        }
                                    }
                                }
                            } else if (text.contains("\"type\":\"ready\"") && !asked) {
                                asked = true;
                                ws.sendText(subscribe, true);
                            } else if (text.contains("\"type\":\"subscribed\"") && !counted) {
                                counted = true;
                                subscribed.countDown();
                            } else if (text.contains("\"type\":\"error\"")) {
                                synchronized (problems) {
                                    if (problems.size() < 5) {
                                        problems.add(text);
                                    }
                                }
                                // A panel made a moment ago is not-found until notification-service has read panel.created.
                                CompletableFuture.runAsync(() -> ws.sendText(subscribe, true),
                                        CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));
                            }
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        synchronized (problems) {
                            problems.add(error.toString());
                        }
                    }
                }).exceptionally(e -> {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof java.net.http.WebSocketHandshakeException refused) {
                        throw new IllegalStateException("the WebSocket upgrade answered " + refused.getResponse().statusCode() + ": "
                                + refused.getResponse().body(), cause);
                    }
                    throw new IllegalStateException("the WebSocket did not open: " + cause, cause);
                }).join();
        // The upgrade's Authorization header is what the gateway checks; the first message is what every client may send.
        socket.sendText("{\"type\":\"auth\",\"token\":\"" + member.token() + "\"}", true);
        return socket;
    }
}
