package io.panels.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A client inserting rows at a steady rate through the gateway the way a careful integrator does:
 * each row has its own {@code Idempotency-Key}, and a connection error, a timeout, a 5xx or a 429
 * is retried with the same key (backing off up to 1 s) until the write is acknowledged. Each row's
 * {@code name} is {@code <phase>-<n>}, so what was written during each fault can be found again.
 */
public final class RowWriter implements AutoCloseable {

    /** A write the API acknowledged: its marker, the row id it answered, how many tries it took. */
    public record Ack(String phase, String marker, String rowId, int attempts, boolean replayed, java.time.Instant at) {
    }

    /** A write that got an answer no retry can change (a 4xx other than 429): a finding. */
    public record Refused(String marker, int status, String body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(180);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI rows;
    private final Supplier<String> token;
    private final double writesPerSecond;
    private final int threads;
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile String phase = "warm-up";
    private volatile boolean running = true;

    private final List<Ack> acknowledged = new CopyOnWriteArrayList<>();
    private final List<Refused> refused = new CopyOnWriteArrayList<>();
    private final List<String> abandoned = new CopyOnWriteArrayList<>();
    /** Failed tries per phase (each retried), by reason: {@code 503}, {@code connection}, ... */
    private final Map<String, Map<String, AtomicInteger>> failures = new ConcurrentHashMap<>();
    /** The first reply body of each failed status, for the report (a 500 is a bug, a 503 an outage). */
    private final Map<String, String> examples = new ConcurrentHashMap<>();

    public RowWriter(URI gateway, String panelId, Supplier<String> token, double writesPerSecond, int threads) {
        this.rows = gateway.resolve("/api/v1/panels/" + panelId + "/rows");
        this.token = token;
        this.writesPerSecond = writesPerSecond;
        this.threads = threads;
    }

    public void start() {
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(this::write, "row-writer-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    public void phase(String phase) {
        this.phase = phase;
    }

    public List<Ack> acknowledged() {
        return acknowledged;
    }

    public List<Refused> refused() {
        return refused;
    }

    public List<String> abandoned() {
        return abandoned;
    }

    public Map<String, Integer> failures(String phase) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        failures.getOrDefault(phase, Map.of()).forEach((reason, count) -> counts.put(reason, count.get()));
        return counts;
    }

    public Map<String, String> examples() {
        return examples;
    }

    /** The number of writes acknowledged so far in {@code phase}. */
    public long acknowledgedIn(String phase) {
        return acknowledged.stream().filter(ack -> ack.phase().equals(phase)).count();
    }

    private void write() {
        long period = (long) (threads * 1000 / writesPerSecond);
        long next = System.currentTimeMillis();
        while (running) {
            String current = phase;
            long number = sequence.incrementAndGet();
            inFlight.incrementAndGet();
            try {
                writeOne(current, current + "-" + number, number);
            } finally {
                inFlight.decrementAndGet();
            }
            next = Math.max(next + period, System.currentTimeMillis());
            long wait = next - System.currentTimeMillis();
            if (wait > 0) {
                PrivatePlatform.pause(Duration.ofMillis(wait));
            }
        }
    }

    private void writeOne(String phase, String marker, long number) {
        String key = UUID.randomUUID().toString();
        String body = "{\"values\": {\"name\": \"" + marker + "\", \"qty\": " + number + "}}";
        long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
        long backoff = 100;
        for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
            String reason;
            try {
                HttpResponse<String> reply = http.send(HttpRequest.newBuilder(rows)
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + token.get())
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                int status = reply.statusCode();
                if (status == 201) {
                    JsonNode row = JSON.readTree(reply.body());
                    boolean replayed = reply.headers().firstValue("Idempotent-Replayed").map("true"::equals).orElse(false);
                    acknowledged.add(new Ack(phase, marker, row.path("id").asText(), attempt, replayed, java.time.Instant.now()));
                    return;
                }
                if (status < 500 && status != 429) {
                    refused.add(new Refused(marker, status, reply.body()));
                    return;
                }
                reason = Integer.toString(status);
                examples.putIfAbsent(reason, reply.body().length() > 300 ? reply.body().substring(0, 300) : reply.body());
            } catch (java.net.http.HttpTimeoutException e) {
                reason = "timeout";
            } catch (IOException e) {
                reason = "connection";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            failures.computeIfAbsent(phase, p -> new ConcurrentHashMap<>()).computeIfAbsent(reason, r -> new AtomicInteger())
                    .incrementAndGet();
            PrivatePlatform.pause(Duration.ofMillis(backoff));
            backoff = Math.min(1000, backoff * 2);
        }
        abandoned.add(marker);
    }

    /** Stops writing and waits for the writes in flight to be acknowledged (or given up). */
    @Override
    public void close() {
        running = false;
        for (Thread worker : workers) {
            try {
                worker.join(GIVE_UP_AFTER.toMillis() + 15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
