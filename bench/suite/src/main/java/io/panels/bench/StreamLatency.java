package io.panels.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Write → subscriber latency of the real-time stream, end to end through the gateway: subscribers
 * hold WebSocket connections to /api/v1/stream subscribed to a panel (docs/stream.md), a writer
 * inserts rows through the rows API at a fixed rate, and each row's latency is the time from the start
 * of its POST until a subscriber receives its row.created event (one sample per delivery). Gatling's
 * WebSocket support measures a reply on the same connection, not a message caused by another
 * client's request, so this scenario is measured by the suite itself (ADR 0030).
 *
 * <p>The client must not be what it measures: writes are sent asynchronously on a schedule (an open
 * model: a slow reply does not delay the next write, and how late the schedule ran is reported), the
 * sockets are spread over several HTTP clients (one JDK client reads all its sockets on one selector
 * thread), and a delivery is recognised by two substring searches, not by parsing its JSON (at 500
 * writes/s and 1,000 subscribers that is 500,000 messages a second).
 */
final class StreamLatency {

    /**
     * Figures of one run. {@code scheduleLagMs}: how late the writer issued its most delayed write
     * (the load generator falling behind its own schedule shows here); {@code retriedUpgrades}: WebSocket upgrades answered 5xx
     * and tried again; {@code writeOutcomes}: how every issued write ended ("201", "503", an exception's
     * class, "no answer" for those still open when the run stopped waiting), most frequent first;
     * {@code settleSeconds}: how long a probe row took to reach a subscriber before the schedule
     * started (events published before this scenario, by an earlier scenario's batch writes say, are
     * delivered first: the schedule starts on a settled stream, and the wait is reported).
     */
    record Figures(Percentiles latency, long writes, long writeErrors, long expected, long received, int subscribers, double seconds,
            double writesPerSecond, double scheduleLagMs, int retriedUpgrades, Map<String, Long> writeOutcomes, double settleSeconds) {

        /** The outcomes as one line: {@code 201: 9,800; 503: 150; HttpTimeoutException: 50}. */
        String writeBreakdown() {
            return Outcomes.describe(writeOutcomes);
        }
    }

    /** Counts how writes ended, by status code or exception class. */
    static final class Outcomes {
        private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

        void record(HttpResponse<?> reply, Throwable error) {
            String outcome;
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null ? error.getCause() : error;
                outcome = cause.getClass().getSimpleName();
            } else {
                outcome = String.valueOf(reply.statusCode());
            }
            count(outcome, 1);
        }

        void count(String outcome, long n) {
            if (n > 0) {
                counts.computeIfAbsent(outcome, k -> new LongAdder()).add(n);
            }
        }

        Map<String, Long> snapshot() {
            Map<String, Long> sorted = new LinkedHashMap<>();
            counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
                    .forEach(e -> sorted.put(e.getKey(), e.getValue().sum()));
            return sorted;
        }

        static String describe(Map<String, Long> outcomes) {
            StringBuilder line = new StringBuilder();
            outcomes.forEach((outcome, n) -> line.append(line.isEmpty() ? "" : "; ").append(outcome).append(": ").append(String.format("%,d", n)));
            return line.toString();
        }
    }

    /** Sockets per JDK HTTP client: each client reads its sockets on one selector thread. */
    private static final int SOCKETS_PER_CLIENT = 250;
    /** Whether subscribers ask for batch messages: {@code BENCH_STREAM_BATCHES=false} measures one event per frame. */
    private static final boolean BATCHES = !"false".equalsIgnoreCase(System.getenv("BENCH_STREAM_BATCHES"));
    private static final String NAME_PREFIX = "\"name\":\"ws-";
    private static final String EVENT_START = "{\"type\":\"event\"";
    private static final String BATCH_START = "{\"type\":\"batch\"";
    private static final String ROW_CREATED = "\"event\":\"row.created\"";
    private static final String PROBE_NAME = "\"name\":\"settle-probe\"";
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(3);

    private final String gateway;
    private final AtomicInteger retriedUpgrades = new AtomicInteger();
    private final CountDownLatch probeDelivered = new CountDownLatch(1);
    private final Panels.Member member;
    private final Panels.Panel panel;

    StreamLatency(String gateway, Panels.Member member, Panels.Panel panel) {
        this.gateway = gateway;
        this.member = member;
        this.panel = panel;
    }

    Figures run(int subscribers, int writesPerSecond, Duration duration, Duration warmup) throws Exception {
        long interval = 1_000_000_000L / writesPerSecond;
        long planned = (warmup.toNanos() + duration.toNanos()) / interval + 1;
        if (planned > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many writes: " + planned);
        }
        AtomicLongArray sentAt = new AtomicLongArray((int) planned);
        long[] latencies = new long[Math.max(1, (int) Math.min(50_000_000L, planned * subscribers))];
        AtomicInteger recorded = new AtomicInteger();
        AtomicLong measureFrom = new AtomicLong(Long.MAX_VALUE);
        CountDownLatch subscribed = new CountDownLatch(subscribers);
        List<String> problems = new ArrayList<>();
        // Batches: several events in one frame when the socket is busy (docs/stream.md), as a client at this rate would ask.
        URI stream = URI.create(gateway.replaceFirst("^http", "ws") + "/api/v1/stream" + (BATCHES ? "?batch=true" : ""));
        List<HttpClient> clients = new ArrayList<>();
        for (int i = 0; i < (subscribers + SOCKETS_PER_CLIENT - 1) / SOCKETS_PER_CLIENT; i++) {
            clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build());
        }
        List<Subscriber> sockets = new ArrayList<>();
        Deliveries deliveries = new Deliveries(sentAt, latencies, recorded, measureFrom);
        for (int i = 0; i < subscribers; i++) {
            Subscriber subscriber = new Subscriber(clients.get(i % clients.size()), stream, subscribed, deliveries, problems);
            subscriber.connect();
            sockets.add(subscriber);
        }
        // On a loaded machine an answer (ready, subscribed) may not come, or the connection may be closed (the 10 s
        // authentication limit): every 10 s, the subscribers still waiting send again, or connect again.
        long subscribeDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90 + subscribers / 20);
        while (!subscribed.await(10, TimeUnit.SECONDS)) {
            if (System.nanoTime() > subscribeDeadline) {
                sockets.forEach(Subscriber::abort);
                throw new IllegalStateException((subscribers - subscribed.getCount()) + " of " + subscribers + " subscribed: " + problems);
            }
            sockets.forEach(Subscriber::nudge);
        }
        // The writer's own client: its connections are not shared with the sockets' selector threads.
        HttpClient writer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        double settleSeconds = settle(writer);
        AtomicLong writes = new AtomicLong();
        AtomicLong writeErrors = new AtomicLong();
        Outcomes outcomes = new Outcomes();
        long[] replyNanos = new long[(int) planned];
        AtomicInteger replies = new AtomicInteger();
        long measuredWrites = 0;
        LongAccumulator lag = new LongAccumulator(Math::max, 0);
        // The token is fetched off the writer's schedule (a Keycloak call can take a second on a loaded machine); it lives 5 minutes.
        AtomicReference<String> token = new AtomicReference<>(member.token());
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
        refresher.scheduleAtFixedRate(() -> token.set(member.token()), 30, 30, TimeUnit.SECONDS);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long start = System.nanoTime();
        long measuredStart = start + warmup.toNanos();
        long end = measuredStart + duration.toNanos();
        measureFrom.set(measuredStart);
        URI url = URI.create(gateway + "/api/v1/panels/" + panel.id() + "/rows");
        long lastIssued = start;
        int i = 0;
        for (; i < planned; i++) {
            long due = start + i * interval;
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long t = System.nanoTime();
            lastIssued = t;
            lag.accumulate(t - due);
            sentAt.set(i, t);
            if (t >= measuredStart) {
                measuredWrites++;
            }
            HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token.get()).header("Idempotency-Key", java.util.UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"values\": {\"name\": \"ws-" + i + "\", \"num\": 1}}")).build();
            pending.add(writer.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((reply, error) -> {
                        replyNanos[replies.getAndIncrement()] = System.nanoTime() - t;
                        (error == null && reply.statusCode() == 201 ? writes : writeErrors).incrementAndGet();
                        outcomes.record(reply, error);
                    }));
        }
        refresher.shutdownNow();
        // Writes issued per second over the schedule's span (the first write at 0, each taking one interval).
        int issued = i;
        double issuedSeconds = (lastIssued - start + interval) / 1e9;
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // counted as write errors below: every write that did not answer 201
        }
        long expected = measuredWrites * subscribers;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (recorded.get() < expected && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        double seconds = (System.nanoTime() - measuredStart) / 1e9;
        sockets.forEach(Subscriber::abort);
        int count = Math.min(recorded.get(), latencies.length);
        long unanswered = issued - writes.get() - writeErrors.get();
        outcomes.count("no answer", unanswered);
        Map<String, Long> writeOutcomes = outcomes.snapshot();
        Percentiles reply = Percentiles.ofNanos(replyNanos, Math.min(replies.get(), replyNanos.length));
        System.out.printf("stream-latency writes: %s; reply (answered or failed) p50 %.1f / p99 %.1f / max %.1f ms%n",
                Outcomes.describe(writeOutcomes), reply.p50(), reply.p99(), reply.max());
        return new Figures(Percentiles.ofNanos(latencies, count), writes.get(), writeErrors.get() + unanswered, expected, count, subscribers,
                seconds, issued / issuedSeconds, lag.get() / 1e6, retriedUpgrades.get(), writeOutcomes, settleSeconds);
    }

    /**
     * Writes one probe row and waits until a subscriber receives it: what was published before it
     * (the outbox relays in order) has been delivered by then. Answers the seconds it took.
     */
    private double settle(HttpClient writer) throws Exception {
        long start = System.nanoTime();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(gateway + "/api/v1/panels/" + panel.id() + "/rows")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + member.token())
                .POST(HttpRequest.BodyPublishers.ofString("{\"values\": {\"name\": \"settle-probe\", \"num\": 0}}")).build();
        int status = writer.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 201) {
            throw new IllegalStateException("the probe row was answered " + status);
        }
        if (!probeDelivered.await(SETTLE_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("the probe row did not reach a subscriber in " + SETTLE_LIMIT.toMinutes() + " minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("stream-latency: the probe row reached a subscriber after %.1f s%n", seconds);
        return seconds;
    }

    /** Where deliveries are recorded: the send time of each write by number, and the latency of each measured delivery. */
    record Deliveries(AtomicLongArray sentAt, long[] latencies, AtomicInteger recorded, AtomicLong measureFrom) {

        /**
         * Records a delivery for each row.created event of one of the writes in {@code text}: one event, or a
         * {@code batch} of messages (docs/stream.md) whose events all arrived at {@code now}.
         */
        void accept(String text, long now) {
            if (text.startsWith(BATCH_START)) {
                int at = text.indexOf(EVENT_START, BATCH_START.length());
                while (at >= 0) {
                    int next = text.indexOf(EVENT_START, at + EVENT_START.length());
                    acceptOne(text, at, next < 0 ? text.length() : next, now);
                    at = next;
                }
            } else if (text.startsWith(EVENT_START)) {
                acceptOne(text, 0, text.length(), now);
            }
        }

        private void acceptOne(String text, int from, int to, long now) {
            int created = text.indexOf(ROW_CREATED, from);
            int at = text.indexOf(NAME_PREFIX, from);
            if (created < 0 || created >= to || at < 0 || at >= to) {
                return;
            }
            int n = 0;
            for (int p = at + NAME_PREFIX.length(); p < to && Character.isDigit(text.charAt(p)); p++) {
                n = n * 10 + (text.charAt(p) - '0');
            }
            if (n >= sentAt.length()) {
                return;
            }
            long sent = sentAt.get(n);
            if (sent != 0 && sent >= measureFrom.get()) {
                int slot = recorded.getAndIncrement();
                if (slot < latencies.length) {
                    latencies[slot] = now - sent;
                }
            }
        }
    }

    /** One WebSocket subscriber of the panel: authenticates, subscribes, hands row events to {@link Deliveries}. */
    private final class Subscriber implements WebSocket.Listener {
        private final HttpClient client;
        private final URI uri;
        private final CountDownLatch subscribed;
        private final Deliveries deliveries;
        private final List<String> problems;
        private final String subscribe;
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket socket;
        private volatile boolean ready;
        private volatile boolean counted;
        private volatile boolean closed;

        Subscriber(HttpClient client, URI uri, CountDownLatch subscribed, Deliveries deliveries, List<String> problems) {
            this.client = client;
            this.uri = uri;
            this.subscribed = subscribed;
            this.deliveries = deliveries;
            this.problems = problems;
            this.subscribe = "{\"type\":\"subscribe\",\"panelId\":\"" + panel.id() + "\"}";
        }

        /** Opens the connection; an upgrade answered 5xx (the gateway's upstream timed out on a loaded machine) is tried again, 5 times at most. */
        void connect() {
            ready = false;
            closed = false;
            partial.setLength(0);
            for (int attempt = 1; ; attempt++) {
                try {
                    // Never waits for ever: an upgrade the gateway holds (it once stopped at 50 tunnels) fails the run.
                    socket = client.newWebSocketBuilder().header("Authorization", "Bearer " + member.token()).buildAsync(uri, this)
                            .orTimeout(30, TimeUnit.SECONDS).join();
                    break;
                } catch (java.util.concurrent.CompletionException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof java.util.concurrent.TimeoutException) {
                        throw new IllegalStateException("the WebSocket upgrade was not answered in 30 s", cause);
                    }
                    if (cause instanceof java.net.http.WebSocketHandshakeException refused) {
                        int status = refused.getResponse().statusCode();
                        if (status >= 500 && attempt < 5) {
                            retriedUpgrades.incrementAndGet();
                            problem("upgrade answered " + status + " (tried again)");
                            pause(attempt);
                            continue;
                        }
                        throw new IllegalStateException("the WebSocket upgrade answered " + status + ": " + refused.getResponse().body(), cause);
                    }
                    throw new IllegalStateException("the WebSocket did not open: " + cause, cause);
                }
            }
            // The upgrade's Authorization header is what the gateway checks; the first message is what every client may send.
            socket.sendText(auth(), true);
        }

        private static void pause(int attempt) {
            try {
                TimeUnit.SECONDS.sleep(attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private String auth() {
            return "{\"type\":\"auth\",\"token\":\"" + member.token() + "\"}";
        }

        /** Still not subscribed: connect again when closed, else send the step whose answer has not come. */
        void nudge() {
            if (counted) {
                return;
            }
            if (closed) {
                connect();
            } else {
                socket.sendText(ready ? subscribe : auth(), true);
            }
        }

        void abort() {
            socket.abort();
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (!last || partial.length() > 0) {
                partial.append(data);
            }
            if (last) {
                long now = System.nanoTime();
                String text = partial.length() > 0 ? partial.toString() : data.toString();
                partial.setLength(0);
                if (text.startsWith(EVENT_START) || text.startsWith(BATCH_START)) {
                    deliveries.accept(text, now);
                    if (probeDelivered.getCount() > 0 && text.contains(PROBE_NAME)) {
                        probeDelivered.countDown();
                    }
                }
                // A batch may carry the answers below too (ready and subscribed come alone, but not necessarily).
                if (text.startsWith(EVENT_START)) {
                    ws.request(1);
                    return null;
                }
                if (!ready && text.contains("\"type\":\"ready\"")) {
                    ready = true;
                    ws.sendText(subscribe, true);
                } else if (!counted && text.contains("\"type\":\"subscribed\"")) {
                    counted = true;
                    subscribed.countDown();
                } else if (text.contains("\"type\":\"error\"")) {
                    problem(text);
                    // A panel made a moment ago is not-found until notification-service has read panel.created.
                    CompletableFuture.runAsync(() -> ws.sendText(subscribe, true), CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed = true;
            problem("closed " + status + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed = true;
            problem(error.toString());
        }

        private void problem(String text) {
            synchronized (problems) {
                if (problems.size() < 5) {
                    problems.add(text);
                }
            }
        }
    }
}
