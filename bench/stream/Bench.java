import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The stream's two figures (bench/stream/README.md), against services that run.sh started:
 *
 * <ul>
 *   <li>{@code MODE=connections}: CONNECTIONS WebSocket connections (Vert.x client: two event-loop
 *       threads for all of them), each authenticated and subscribed to one panel; prints the time
 *       until all are subscribed and the service's heap, before and after a full GC (jcmd).</li>
 *   <li>{@code MODE=latency}: SUBSCRIBERS connections subscribed to a panel of data-service, then
 *       RATE row writes per second through data-service's API for DURATION seconds. Each row carries
 *       the write's start ({@code System.nanoTime} of this JVM, which also receives) in a text
 *       column, so each delivery's latency is write → commit → outbox relay → Kafka →
 *       notification-service → socket. A Kafka consumer in this JVM also times write → record on
 *       panels.rows, which splits the path into "data-service + relay" and "stream".</li>
 * </ul>
 */
public class Bench {

    static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();
    static final String KEYCLOAK = env("PANELS_KEYCLOAK_URL", "http://127.0.0.1:8180");
    static final String SERVICE = env("NOTIFICATION_SERVICE_URL", "http://127.0.0.1:18085");
    static final String DATA = env("DATA_SERVICE_URL", "http://127.0.0.1:18083");
    static final String MODE = env("MODE", "latency");
    static final int CONNECTIONS = Integer.parseInt(env("CONNECTIONS", "10000"));
    static final int SUBSCRIBERS = Integer.parseInt(env("SUBSCRIBERS", "1000"));
    static final int RATE = Integer.parseInt(env("RATE", "500"));
    static final int DURATION = Integer.parseInt(env("DURATION", "20"));
    static final int WARMUP = Integer.parseInt(env("WARMUP", "120"));
    static final Pattern SENT = Pattern.compile("\"sent\":\"t(\\d+)\"");
    static final String SENT_PREFIX = "\"sent\":\"t";
    /** Subscribers ask for batch frames (docs/stream.md, ADR 0051) unless {@code BATCHES=false}: one event per frame. */
    static final boolean BATCHES = Boolean.parseBoolean(env("BATCHES", "true"));

    static final long[] latencies = new long[32 * 1024 * 1024];
    static final AtomicLong recorded = new AtomicLong();
    static final LongAdder received = new LongAdder();
    static final Map<String, LongAdder> seen = new ConcurrentHashMap<>();
    static volatile boolean measuring;
    static String alias;
    static String username;
    static volatile String currentToken;
    static final Vertx VERTX = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Integer.parseInt(env("CLIENT_THREADS", "2"))));

    public static void main(String[] args) throws Exception {
        String tenantId = createTenant();
        String token = token();
        Vertx vertx = VERTX;
        URI stream = URI.create(SERVICE);
        int connections = MODE.equals("connections") ? CONNECTIONS : SUBSCRIBERS;
        HttpClient ws = vertx.createHttpClient(new HttpClientOptions().setMaxWebSockets(connections + 10)
                .setDefaultHost(stream.getHost()).setDefaultPort(stream.getPort()).setMaxWebSocketMessageSize(1 << 20));
        KafkaProducer<String, String> producer = producer();
        UUID panelId = UUID.randomUUID();
        publishPanel(producer, tenantId, panelId);
        producer.flush();
        if (MODE.equals("latency")) {
            awaitDataServicePanel(token, panelId);
        }

        long connectStart = System.nanoTime();
        CountDownLatch subscribed = new CountDownLatch(connections);
        List<WebSocket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
        // Tokens live 5 minutes: as a real client does, send a fresh one on every connection before then.
        currentToken = token;
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "token-refresh");
            t.setDaemon(true);
            return t;
        }).scheduleAtFixedRate(() -> {
            try {
                currentToken = token();
                String auth = "{\"type\":\"auth\",\"token\":\"" + currentToken + "\"}";
                List<WebSocket> open;
                synchronized (sockets) {
                    open = new ArrayList<>(sockets);
                }
                open.forEach(socket -> VERTX.runOnContext(v -> socket.writeTextMessage(auth)));
            } catch (Exception e) {
                count("token refresh failed: " + e);
            }
        }, 120, 120, TimeUnit.SECONDS);
        Semaphore inFlight = new Semaphore(Integer.parseInt(env("CONNECT_CONCURRENCY", "200")));
        for (int i = 0; i < connections; i++) {
            inFlight.acquire();
            connect(ws, currentToken, panelId, subscribed, inFlight, sockets);
        }
        boolean all = subscribed.await(Integer.parseInt(env("CONNECT_TIMEOUT", "300")), TimeUnit.SECONDS);
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        int live = (int) (connections - subscribed.getCount());
        System.out.printf("%d of %d connections subscribed in %.1f s (%s)%n", live, connections, connectSeconds, all ? "all" : "timed out");
        if (live < connections * 0.99) {
            System.out.println("other messages seen: " + seen);
        }

        if (MODE.equals("connections")) {
            Thread.sleep(5000); // presence pushes of the last joins settle
            String before = heap();
            gc();
            String after = heap();
            System.out.println();
            System.out.println("| connections subscribed | connect + auth + subscribe, all | per connection (mean) | service heap used | after full GC | client threads | load average |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
            System.out.printf("| %d of %d | %.1f s | %.2f ms | %s | %s | %s | %s |%n", live, connections, connectSeconds,
                    connectSeconds * 1000 / Math.max(1, live), before, after, env("CLIENT_THREADS", "2"), loadAverage());
            System.out.println("other messages seen (first 60 chars): " + seen);
            sockets.forEach(WebSocket::close);
            vertx.close();
            System.exit(0);
        }

        HttpClient api = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(Integer.parseInt(env("WRITE_CONNECTIONS", "32")))
                .setKeepAlive(true).setDefaultHost(URI.create(DATA).getHost()).setDefaultPort(URI.create(DATA).getPort()));
        KafkaRowClock kafka = new KafkaRowClock();
        kafka.start();
        write(api, token, panelId, WARMUP);
        Thread.sleep(2000);
        measuring = true;
        kafka.measuring = true;
        long expected = (long) RATE * DURATION * live;
        long before = received.sum();
        WriteStats writes = write(api, token, panelId, DURATION);
        long deadline = System.currentTimeMillis() + 30_000;
        while (received.sum() - before < expected && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        measuring = false;
        kafka.measuring = false;
        long got = received.sum() - before;
        String load = loadAverage();

        int n = (int) Math.min(recorded.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        long[] apiSorted = writes.sorted();
        long[] kafkaSorted = kafka.sorted();
        System.out.println();
        System.out.println("| subscribers | writes/s asked | writes answered 201 (errors) by the end | deliveries expected | received | write → client p50 / p95 / p99 / max ms | API reply p50 / p99 ms | write → Kafka record p50 / p99 ms | load average |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        System.out.printf("| %d | %d | %d (%d) | %d | %d | %.1f / %.1f / %.1f / %.1f | %.1f / %.1f | %.1f / %.1f | %s |%n", live, RATE,
                writes.done.sum(), writes.errors.sum(), expected, got,
                ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99), n == 0 ? 0 : sorted[n - 1] / 1e6,
                ms(apiSorted, 0.50), ms(apiSorted, 0.99), ms(kafkaSorted, 0.50), ms(kafkaSorted, 0.99), load);
        System.out.println("other messages seen (first 60 chars): " + seen);
        kafka.finish();
        sockets.forEach(WebSocket::close);
        vertx.close();
        producer.close();
        System.exit(0);
    }

    static void connect(HttpClient client, String token, UUID panelId, CountDownLatch subscribed, Semaphore inFlight,
                        List<WebSocket> sockets) {
        String subscribe = "{\"type\":\"subscribe\",\"panelId\":\"" + panelId + "\"}";
        client.webSocket(new WebSocketConnectOptions().setURI("/api/v1/stream" + (BATCHES ? "?batch=true" : ""))).onComplete(result -> {
            if (result.failed()) {
                inFlight.release();
                count("connect failed: " + result.cause());
                return;
            }
            WebSocket socket = result.result();
            sockets.add(socket);
            boolean[] done = new boolean[1];
            boolean[] ready = new boolean[1];
            socket.textMessageHandler(text -> {
                if (text.startsWith("{\"type\":\"event\"") || text.startsWith("{\"type\":\"batch\"")) {
                    // A batch carries several events that all arrived now; each is one delivery.
                    // indexOf and a digit loop, not the regex: at 500,000 deliveries a second the client must stay light.
                    long now = System.nanoTime();
                    for (int at = text.indexOf(SENT_PREFIX); at >= 0; at = text.indexOf(SENT_PREFIX, at + SENT_PREFIX.length())) {
                        long sent = 0;
                        for (int p = at + SENT_PREFIX.length(); p < text.length() && Character.isDigit(text.charAt(p)); p++) {
                            sent = sent * 10 + (text.charAt(p) - '0');
                        }
                        long latency = now - sent;
                        received.increment();
                        if (measuring) {
                            long slot = recorded.getAndIncrement();
                            if (slot < latencies.length) {
                                latencies[(int) slot] = latency;
                            }
                        }
                    }
                }
                // ready and subscribed may come inside a batch (with presence messages, say): look for them anywhere.
                if (!ready[0] && text.contains("{\"type\":\"ready\"")) {
                    ready[0] = true;
                    socket.writeTextMessage(subscribe);
                } else if (!done[0] && text.contains("{\"type\":\"subscribed\"")) {
                    done[0] = true;
                    inFlight.release();
                    subscribed.countDown();
                } else if (text.startsWith("{\"type\":\"event\"") || text.startsWith("{\"type\":\"batch\"")) {
                    // counted above
                } else if (text.startsWith("{\"type\":\"error\"") && text.contains("not-found")) {
                    // The directory may not have read panel.created yet: ask again.
                    VERTX.setTimer(500, t -> socket.writeTextMessage(subscribe));
                } else if (!text.startsWith("{\"type\":\"presence\"") && !text.startsWith("{\"type\":\"ready\"")) {
                    count(text.length() > 60 ? text.substring(0, 60) : text);
                }
            });
            socket.closeHandler(v -> {
                count("closed " + socket.closeStatusCode() + " " + socket.closeReason());
                if (!done[0]) {
                    done[0] = true;
                    inFlight.release();
                }
            });
            socket.writeTextMessage("{\"type\":\"auth\",\"token\":\"" + token + "\"}");
        });
    }

    /** Row writes through data-service's API at RATE per second (asynchronous, so a slow reply does not slow the rate). */
    static WriteStats write(HttpClient api, String token, UUID panelId, int seconds) throws Exception {
        WriteStats stats = new WriteStats((int) ((long) RATE * seconds));
        long interval = 1_000_000_000L / RATE;
        long start = System.nanoTime();
        long total = (long) RATE * seconds;
        for (long i = 0; i < total; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/v1/panels/" + panelId + "/rows")
                    .putHeader("Authorization", "Bearer " + currentToken).putHeader("Content-Type", "application/json");
            long sent = System.nanoTime();
            Buffer body = Buffer.buffer("{\"values\":{\"sent\":\"t" + sent + "\",\"name\":\"row " + i + "\"}}");
            Future<Integer> reply = api.request(options).compose(request -> request.send(body))
                    .compose(response -> response.body().map(b -> response.statusCode()));
            reply.onComplete(result -> {
                if (result.succeeded() && result.result() == 201) {
                    stats.record(System.nanoTime() - sent);
                } else {
                    stats.errors.increment();
                    count("write: " + (result.succeeded() ? "status " + result.result() : result.cause().toString()));
                }
            });
        }
        long drain = System.currentTimeMillis() + 30_000;
        while (stats.done.sum() + stats.errors.sum() < total && System.currentTimeMillis() < drain) {
            Thread.sleep(50);
        }
        return stats;
    }

    static final class WriteStats {
        final long[] times;
        final AtomicLong next = new AtomicLong();
        final LongAdder done = new LongAdder();
        final LongAdder errors = new LongAdder();

        WriteStats(int capacity) {
            times = new long[capacity];
        }

        void record(long nanos) {
            long slot = next.getAndIncrement();
            if (slot < times.length) {
                times[(int) slot] = nanos;
            }
            done.increment();
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(times, (int) Math.min(next.get(), times.length));
            Arrays.sort(copy);
            return copy;
        }
    }

    /** Reads panels.rows from its end: when the outbox relay's record for each bench row becomes visible. */
    static final class KafkaRowClock extends Thread {
        final long[] times = new long[4 * 1024 * 1024];
        final AtomicLong next = new AtomicLong();
        volatile boolean measuring;
        volatile boolean running = true;

        KafkaRowClock() {
            setDaemon(true);
        }

        @Override
        public void run() {
            Properties props = new Properties();
            props.put("bootstrap.servers", env("KAFKA", "127.0.0.1:9092"));
            props.put("fetch.max.wait.ms", "10");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
                List<TopicPartition> partitions = consumer.partitionsFor("panels.rows").stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                while (running) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                        Matcher m = SENT.matcher(record.value());
                        if (measuring && m.find()) {
                            long slot = next.getAndIncrement();
                            if (slot < times.length) {
                                times[(int) slot] = System.nanoTime() - Long.parseLong(m.group(1));
                            }
                        }
                    }
                }
            }
        }

        void finish() {
            running = false;
        }

        long[] sorted() {
            long[] copy = Arrays.copyOf(times, (int) Math.min(next.get(), times.length));
            Arrays.sort(copy);
            return copy;
        }
    }

    static void count(String what) {
        seen.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1e6;
    }

    static String loadAverage() throws Exception {
        return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
    }

    static void gc() throws Exception {
        String pid = System.getenv("SERVICE_PID");
        if (pid == null || pid.isBlank()) {
            return;
        }
        String jcmd = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, pid, "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                .waitFor(60, TimeUnit.SECONDS);
        Thread.sleep(1000);
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

    /** panel.created with two text columns (sent, name), as panel-service publishes it: data-service makes the table. */
    static void publishPanel(KafkaProducer<String, String> producer, String tenantId, UUID panelId) {
        String settings = "{}";
        String columns = "[" + column("sent", 0, settings) + "," + column("name", 1, settings) + "]";
        String payload = "{\"panelId\":\"" + panelId + "\",\"name\":\"bench\",\"version\":1,\"columns\":" + columns
                + ",\"createdAt\":\"" + Instant.now() + "\",\"createdBy\":\"bench\"}";
        ProducerRecord<String, String> record = new ProducerRecord<>("panels.panels", panelId.toString(), payload);
        Map<String, String> headers = Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(), "ce_source", "/panels/bench",
                "ce_type", "panel.created", "ce_subject", panelId.toString(), "ce_time", Instant.now().toString(), "ce_tenantid", tenantId,
                "ce_dataschema", "https://panels.io/schemas/events/panel.created.json", "content-type", "application/json");
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(record);
    }

    static String column(String key, int position, String settings) {
        return "{\"id\":\"" + UUID.randomUUID() + "\",\"key\":\"" + key + "\",\"name\":\"" + key + "\",\"type\":\"text\",\"position\":"
                + position + ",\"required\":false,\"unique\":false,\"defaultValue\":null,\"settings\":" + settings + "}";
    }

    static void awaitDataServicePanel(String token, UUID panelId) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(DATA + "/api/v1/panels/" + panelId + "/rows?limit=1"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("data-service never made panel " + panelId);
    }

    static String token() throws Exception {
        return field(post(KEYCLOAK + "/realms/panels/protocol/openid-connect/token", form(Map.of("grant_type", "password",
                "client_id", "panels-test", "client_secret", "panels-test-secret", "username", username, "password", username,
                "scope", "openid organization:" + alias))).body(), "access_token");
    }

    /** A throw-away tenant with one editor (who writes the rows and watches them on every connection). */
    static String createTenant() throws Exception {
        String admin = field(post(KEYCLOAK + "/realms/master/protocol/openid-connect/token", form(Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", "admin", "password", "admin"))).body(), "access_token");
        alias = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String org = location(adminCall(admin, "/organizations", "{\"name\": \"" + alias + "\", \"alias\": \"" + alias
                + "\", \"enabled\": true, \"domains\": [{\"name\": \"" + alias + ".test\"}]}"));
        username = "editor@" + alias + ".test";
        String user = location(adminCall(admin, "/users", "{\"username\": \"" + username + "\", \"email\": \"" + username
                + "\", \"emailVerified\": true, \"enabled\": true, \"firstName\": \"Bench\", \"lastName\": \"User\","
                + " \"attributes\": {\"tenant_roles\": [\"" + org + ":editor\"]}, \"credentials\": [{\"type\": \"password\","
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
