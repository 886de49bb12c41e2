import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Stream latency against a running notification-service (bench/stream/run.sh starts one): a
 * throw-away tenant, a panel announced with panel.created, SUBSCRIBERS WebSocket connections
 * subscribed to it, then RATE row.created events per second published to panels.rows the way
 * data-service's outbox relay does. Each event carries its send time (System.nanoTime of this JVM,
 * which also receives), so latency = receive - send: Kafka + the service's fan-out + the socket.
 */
public class Bench {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String KEYCLOAK = env("PANELS_KEYCLOAK_URL", "http://127.0.0.1:8180");
    static final String SERVICE = env("NOTIFICATION_SERVICE_URL", "http://127.0.0.1:18085");
    static final int SUBSCRIBERS = Integer.parseInt(env("SUBSCRIBERS", "1000"));
    static final int RATE = Integer.parseInt(env("RATE", "500"));
    static final int DURATION = Integer.parseInt(env("DURATION", "20"));
    static final int WARMUP = 5;
    static final Pattern SENT = Pattern.compile("\"sent\":(\\d+)");

    static final long[] latencies = new long[16 * 1024 * 1024];
    static final AtomicLong recorded = new AtomicLong();
    static final LongAdder received = new LongAdder();
    static volatile boolean measuring;
    static final java.util.concurrent.ConcurrentHashMap<String, LongAdder> seen = new java.util.concurrent.ConcurrentHashMap<>();
    static String alias;
    static String username;

    public static void main(String[] args) throws Exception {
        String tenantId = createTenant();
        String token = token();
        UUID panelId = UUID.randomUUID();
        KafkaProducer<String, String> producer = producer();
        publish(producer, tenantId, panelId, "panel.created", panelId.toString(), "{\"panelId\":\"" + panelId
                + "\",\"name\":\"bench\",\"version\":1,\"columns\":[],\"createdAt\":\"" + Instant.now() + "\",\"createdBy\":\"bench\"}");

        URI stream = URI.create(SERVICE.replaceFirst("^http", "ws") + "/api/v1/stream");
        List<WebSocket> sockets = new ArrayList<>();
        CountDownLatch subscribed = new CountDownLatch(SUBSCRIBERS);
        long connectStart = System.nanoTime();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            sockets.add(connect(stream, token, panelId, subscribed));
            if (i % 100 == 99) {
                Thread.sleep(50);
            }
        }
        subscribed.await(120, TimeUnit.SECONDS);
        int live = (int) (SUBSCRIBERS - subscribed.getCount());
        System.out.printf("%d of %d connections subscribed in %.1f s%n", live, SUBSCRIBERS, (System.nanoTime() - connectStart) / 1e9);
        if (live < SUBSCRIBERS * 0.99) {
            throw new IllegalStateException("only " + live + " subscribed; messages: " + seen);
        }
        String heap = heap();

        run(producer, tenantId, panelId, WARMUP);
        Thread.sleep(2000);
        measuring = true;
        long expected = (long) RATE * DURATION * live;
        long before = received.sum();
        run(producer, tenantId, panelId, DURATION);
        long deadline = System.currentTimeMillis() + 30_000;
        while (received.sum() - before < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        measuring = false;
        long got = received.sum() - before;

        int n = (int) Math.min(recorded.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        System.out.println();
        System.out.println("| subscribers | writes/s | seconds | deliveries expected | received | p50 ms | p95 ms | p99 ms | max ms | service heap after connect |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        System.out.printf("| %d | %d | %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %s |%n", live, RATE, DURATION, expected, got,
                ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99), n == 0 ? 0 : sorted[n - 1] / 1e6, heap);
        for (WebSocket socket : sockets) {
            socket.abort();
        }
        producer.close();
        System.exit(0);
    }

    static void run(KafkaProducer<String, String> producer, String tenantId, UUID panelId, int seconds) throws Exception {
        long interval = 1_000_000_000L / RATE;
        long start = System.nanoTime();
        long total = (long) RATE * seconds;
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            UUID rowId = UUID.randomUUID();
            publish(producer, tenantId, panelId, "row.created", rowId.toString(), "{\"panelId\":\"" + panelId + "\",\"rowId\":\"" + rowId
                    + "\",\"version\":1,\"values\":{\"sent\":" + System.nanoTime() + "},\"createdAt\":\"" + Instant.now()
                    + "\",\"createdBy\":\"bench\"}");
        }
    }

    static WebSocket connect(URI uri, String token, UUID panelId, CountDownLatch subscribed) {
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    if (!text.startsWith("{\"type\":\"event\"")) {
                        seen.computeIfAbsent(text.length() > 60 ? text.substring(0, 60) : text, k -> new LongAdder()).increment();
                    }
                    if (text.startsWith("{\"type\":\"event\"")) {
                        Matcher m = SENT.matcher(text);
                        if (m.find()) {
                            long latency = System.nanoTime() - Long.parseLong(m.group(1));
                            received.increment();
                            if (measuring) {
                                long slot = recorded.getAndIncrement();
                                if (slot < latencies.length) {
                                    latencies[(int) slot] = latency;
                                }
                            }
                        }
                    } else if (text.contains("\"type\":\"ready\"")) {
                        ws.sendText("{\"type\":\"subscribe\",\"panelId\":\"" + panelId + "\"}", true);
                    } else if (text.contains("\"type\":\"subscribed\"")) {
                        subscribed.countDown();
                    } else if (text.contains("\"type\":\"error\"")) {
                        // The directory may not have seen panel.created yet: ask again.
                        CompletableFuture.runAsync(() -> ws.sendText("{\"type\":\"subscribe\",\"panelId\":\"" + panelId + "\"}", true),
                                CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                seen.computeIfAbsent("closed " + code + " " + reason, k -> new LongAdder()).increment();
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                seen.computeIfAbsent("error " + error, k -> new LongAdder()).increment();
            }
        }).join();
        socket.sendText("{\"type\":\"auth\",\"token\":\"" + token + "\"}", true);
        return socket;
    }

    static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }

    static String heap() throws Exception {
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(URI.create(SERVICE + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        double used = 0;
        for (String line : metrics.body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
                used += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return String.format("%.0f MiB", used / 1024 / 1024);
    }

    static KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", env("KAFKA", "127.0.0.1:9092"));
        props.put("linger.ms", "0");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    static void publish(KafkaProducer<String, String> producer, String tenantId, UUID panelId, String type, String subject, String payload) {
        ProducerRecord<String, String> record = new ProducerRecord<>(type.startsWith("row.") ? "panels.rows" : "panels.panels",
                panelId.toString(), payload);
        Map<String, String> headers = Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "/panels/bench",
                "ce_type", type, "ce_subject", subject, "ce_time", Instant.now().toString(), "ce_tenantid", tenantId,
                "content-type", "application/json");
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(record);
    }

    static String token() throws Exception {
        return field(post(KEYCLOAK + "/realms/panels/protocol/openid-connect/token", form(Map.of("grant_type", "password",
                "client_id", "panels-test", "client_secret", "panels-test-secret", "username", username, "password", username,
                "scope", "openid organization:" + alias))).body(), "access_token");
    }

    static String createTenant() throws Exception {
        String admin = field(post(KEYCLOAK + "/realms/master/protocol/openid-connect/token", form(Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", "admin", "password", "admin"))).body(), "access_token");
        alias = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String org = location(adminCall(admin, "/organizations", "{\"name\": \"" + alias + "\", \"alias\": \"" + alias
                + "\", \"enabled\": true, \"domains\": [{\"name\": \"" + alias + ".test\"}]}"));
        username = "viewer@" + alias + ".test";
        String user = location(adminCall(admin, "/users", "{\"username\": \"" + username + "\", \"email\": \"" + username
                + "\", \"emailVerified\": true, \"enabled\": true, \"firstName\": \"Bench\", \"lastName\": \"User\","
                + " \"attributes\": {\"tenant_roles\": [\"" + org + ":viewer\"]}, \"credentials\": [{\"type\": \"password\","
                + " \"value\": \"" + username + "\", \"temporary\": false}]}"));
        adminCall(admin, "/organizations/" + org + "/members", "\"" + user + "\"");
        return org;
    }

    static HttpResponse<String> adminCall(String admin, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(KEYCLOAK + "/admin/realms/panels" + path))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    static HttpResponse<String> post(String url, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static String location(HttpResponse<String> response) {
        String location = response.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
