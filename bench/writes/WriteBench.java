import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * Single-row writes through data-service's API (bench/writes/run.sh starts the service): a throw-away
 * tenant and the 20-column panel of bench/data (made by publishing panel.created), BENCH_SEQUENTIAL
 * sequential inserts, BENCH_WARMUP_SECONDS of unmeasured concurrent writes, then BENCH_WRITERS clients inserting one row per request for BENCH_WRITE_SECONDS
 * while a Kafka consumer counts the panel's row.created events. Prints rows/s, p50/p95/p99, the time
 * from the last write until its row.created reached Kafka, and where the time went: CPU of the service,
 * of its PostgreSQL backends and of this client, and what those backends were doing (pg_stat_activity
 * sampled every 20 ms).
 */
public class WriteBench {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String KEYCLOAK = env("PANELS_KEYCLOAK_URL", "http://127.0.0.1:8180");
    static final String SERVICE = env("DATA_SERVICE_URL", "http://127.0.0.1:18183");
    static final String KAFKA = env("KAFKA_BOOTSTRAP", "127.0.0.1:9092");
    static final String DATABASE = env("PANELS_PG_DATABASE", "panels");
    static final int WRITERS = Integer.parseInt(env("BENCH_WRITERS", "16"));
    static final int WRITE_SECONDS = Integer.parseInt(env("BENCH_WRITE_SECONDS", "15"));
    static final int SEQUENTIAL = Integer.parseInt(env("BENCH_SEQUENTIAL", "200"));
    static final int WARMUP_SECONDS = Integer.parseInt(env("BENCH_WARMUP_SECONDS", "10"));
    static final boolean IDEMPOTENCY = Boolean.parseBoolean(env("BENCH_IDEMPOTENCY", "false"));
    /** BENCH_CLIENT=jdk: the writes go through java.net.http instead of {@link LeanClient}. */
    static final boolean LEAN_CLIENT = !"jdk".equals(env("BENCH_CLIENT", "lean"));
    static final long TICKS_PER_SECOND = 100;
    static String alias;
    static String username;
    static volatile String token;
    static volatile long tokenAt;

    public static void main(String[] args) throws Exception {
        System.out.println("load average at start: " + loadAverage());
        String tenantId = createTenant();
        UUID panelId = UUID.randomUUID();
        String base = SERVICE + "/api/v1/panels/" + panelId;
        awaitPanel(tenantId, panelId, base);

        List<Double> sequential = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < SEQUENTIAL + 20; i++) {
            long t = System.nanoTime();
            Answer response = insert(base, values(i, random));
            if (response.statusCode() != 201) {
                throw new IllegalStateException("insert answered " + response.statusCode() + ": " + response.body());
            }
            if (i >= 20) {
                sequential.add((System.nanoTime() - t) / 1e6);
            }
        }
        Collections.sort(sequential);
        System.out.printf("sequential single-row inserts: %d, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms (load %s)%n", SEQUENTIAL,
                pct(sequential, 50), pct(sequential, 95), pct(sequential, 99), loadAverage());

        warmUp(base);
        concurrent(panelId, base);

        if (!"true".equals(System.getenv("BENCH_KEEP"))) {
            publish(tenantId, panelId, "panel.deleted", "{\"panelId\": \"" + panelId + "\", \"version\": 2, \"reason\": \"deleted\"}");
        }
    }

    /** Concurrent writes, not measured, so that the JIT has compiled the write path before the figures are taken. */
    static void warmUp(String base) throws Exception {
        long end = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.submit(() -> {
                Random random = new Random(100 + writer);
                int i = 0;
                while (System.nanoTime() < end) {
                    insert(base, values(50_000_000 + writer * 1_000_000 + i++, random));
                }
                return null;
            });
        }
        writers.shutdown();
        writers.awaitTermination(WARMUP_SECONDS + 120, TimeUnit.SECONDS);
    }

    static void concurrent(UUID panelId, String base) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", KAFKA);
        props.put("group.id", "bench-writes-" + UUID.randomUUID());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
             Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "data", "data")) {
            List<TopicPartition> partitions = consumer.partitionsFor("panels.rows").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);

            AtomicLong created = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            List<Double> millis = Collections.synchronizedList(new ArrayList<>());
            Map<String, Long> failures = new ConcurrentHashMap<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            Map<String, Long> waits = sampleWaits(writing);

            long serviceTicks = ticks(System.getenv("SERVICE_PID"));
            long ownTicks = ticks("self");
            Map<Integer, Long> backendTicks = backendTicks(db);
            String loadBefore = loadAverage();
            long start = System.nanoTime();
            long end = start + WRITE_SECONDS * 1_000_000_000L;
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.submit(() -> {
                    Random random = new Random(writer);
                    int i = 0;
                    while (System.nanoTime() < end) {
                        long t = System.nanoTime();
                        try {
                            Answer response = insert(base, values(10_000_000 + writer * 1_000_000 + i++, random));
                            if (response.statusCode() == 201) {
                                created.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                                failures.merge(response.statusCode() + " " + response.body().substring(0, Math.min(160, response.body().length())),
                                        1L, Long::sum);
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                            failures.merge(e.toString(), 1L, Long::sum);
                        }
                        millis.add((System.nanoTime() - t) / 1e6);
                    }
                    return null;
                });
            }
            // Events are counted while the writes run, so the relay's lag is seen as it builds up.
            long events = 0;
            long lastEventAt = start;
            while (System.nanoTime() < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (panelId.toString().equals(record.key())) {
                        events++;
                        lastEventAt = System.nanoTime();
                    }
                }
            }
            writers.shutdown();
            writers.awaitTermination(WRITE_SECONDS + 120, TimeUnit.SECONDS);
            long writesDone = System.nanoTime();
            writing.set(false);
            double seconds = (writesDone - start) / 1e9;
            String loadAfter = loadAverage();
            double serviceCpu = (ticks(System.getenv("SERVICE_PID")) - serviceTicks) / (double) TICKS_PER_SECOND;
            double ownCpu = (ticks("self") - ownTicks) / (double) TICKS_PER_SECOND;
            double backendCpu = backendCpuSince(db, backendTicks);

            long deadline = System.currentTimeMillis() + 180_000;
            while (events < created.get() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    if (panelId.toString().equals(record.key())) {
                        events++;
                        lastEventAt = System.nanoTime();
                    }
                }
            }
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            long rows = created.get();
            System.out.printf("%d concurrent clients (%s) for %d s%s: %,d rows created, %d failed: %,.0f rows/s; p50 %.1f ms, p95 %.1f ms, p99 %.1f ms%n",
                    WRITERS, LEAN_CLIENT ? "one kept-alive socket each" : "java.net.http", WRITE_SECONDS, IDEMPOTENCY ? " (Idempotency-Key on each)" : "", rows, failed.get(), rows / seconds,
                    pct(sorted, 50), pct(sorted, 95), pct(sorted, 99));
            double lag = (lastEventAt - writesDone) / 1e9;
            System.out.printf("row.created on Kafka: %,d of %,d; the last %.2f s after the last write answered (%,.0f rows/s with events)%n",
                    events, rows, Math.max(0, lag), events / ((Math.max(lastEventAt, writesDone) - start) / 1e9));
            System.out.printf("load average: %s before, %s after%n", loadBefore, loadAfter);
            System.out.printf("CPU during the writes: data-service %.1f s (%.2f ms/row), its PostgreSQL backends %.1f s (%.2f ms/row),"
                            + " this client %.1f s (%.2f ms/row); wall %.1f s on %d cores%n", serviceCpu, 1000 * serviceCpu / rows, backendCpu,
                    1000 * backendCpu / rows, ownCpu, 1000 * ownCpu / rows, seconds, Runtime.getRuntime().availableProcessors());
            long samples = waits.values().stream().mapToLong(Long::longValue).sum();
            System.out.println("data-service's PostgreSQL backends, sampled every 20 ms (state / wait event: share of backend samples):");
            new TreeMap<>(waits).entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> System.out.printf("  %-48s %5.1f %%%n", e.getKey(), 100.0 * e.getValue() / samples));
            failures.forEach((what, count) -> System.out.println("  failure x" + count + ": " + what));
        }
    }

    /** What data-service's backends are doing, every 20 ms until {@code writing} turns false. */
    static Map<String, Long> sampleWaits(AtomicBoolean writing) throws Exception {
        Map<String, Long> counts = new ConcurrentHashMap<>();
        Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + DATABASE, "data", "data");
        Thread sampler = new Thread(() -> {
            try (db; Statement statement = db.createStatement()) {
                while (writing.get()) {
                    try (ResultSet rows = statement.executeQuery("select state, coalesce(wait_event_type || ':' || wait_event, 'on CPU')"
                            + " from pg_stat_activity where application_name = 'data-service' and datname = current_database()"
                            + " and pid <> pg_backend_pid()")) {
                        while (rows.next()) {
                            String state = rows.getString(1);
                            String key = "active".equals(state) ? "active, " + rows.getString(2) : state;
                            counts.merge(key, 1L, Long::sum);
                        }
                    }
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                System.out.println("wait sampling stopped: " + e);
            }
        }, "wait-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return counts;
    }

    static Map<Integer, Long> backendTicks(Connection db) throws Exception {
        Map<Integer, Long> ticks = new HashMap<>();
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(
                "select pid from pg_stat_activity where application_name = 'data-service' and datname = current_database()")) {
            while (rows.next()) {
                ticks.put(rows.getInt(1), ticks(Integer.toString(rows.getInt(1))));
            }
        }
        return ticks;
    }

    /** CPU seconds of data-service's backends since {@code before} (a backend opened meanwhile counts whole). */
    static double backendCpuSince(Connection db, Map<Integer, Long> before) throws Exception {
        long total = 0;
        for (Map.Entry<Integer, Long> now : backendTicks(db).entrySet()) {
            total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
        }
        return total / (double) TICKS_PER_SECOND;
    }

    /** utime + stime of a process from /proc (clock ticks); 0 when it cannot be read. */
    static long ticks(String pid) {
        if (pid == null) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (Exception e) {
            return 0;
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }

    static double pct(List<Double> sorted, int percentile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.max(0, (int) Math.ceil(sorted.size() * percentile / 100.0) - 1));
    }

    /** A write's answer: status and body, from either client. */
    record Answer(int statusCode, String body) {
    }

    static Answer insert(String base, String values) throws Exception {
        String body = "{\"values\": " + values + "}";
        if (LEAN_CLIENT) {
            request(base); // refreshes the token when it is due
            return LeanClient.current().post(base + "/rows", token, body, IDEMPOTENCY ? UUID.randomUUID().toString() : null);
        }
        HttpRequest.Builder request = request(base + "/rows").POST(HttpRequest.BodyPublishers.ofString(body));
        if (IDEMPOTENCY) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /**
     * HTTP/1.1 on one kept-alive socket per writer thread, request and answer written and read by hand:
     * a load generator that spends little of the two cores it shares with the service (java.net.http
     * took 0.44-0.61 ms of CPU per request here, about as much as PostgreSQL). Content-Length bodies
     * and chunked ones are read; anything else is a failed write.
     */
    static final class LeanClient {

        private static final ThreadLocal<LeanClient> PER_THREAD = ThreadLocal.withInitial(LeanClient::new);
        private java.net.Socket socket;
        private java.io.BufferedInputStream in;
        private java.io.OutputStream out;

        static LeanClient current() {
            return PER_THREAD.get();
        }

        Answer post(String url, String bearer, String body, String idempotencyKey) throws java.io.IOException {
            URI uri = URI.create(url);
            if (socket == null || socket.isClosed()) {
                socket = new java.net.Socket(uri.getHost(), uri.getPort());
                socket.setTcpNoDelay(true);
                in = new java.io.BufferedInputStream(socket.getInputStream(), 16 * 1024);
                out = new java.io.BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            }
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nAuthorization: Bearer " + bearer + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length
                    + (idempotencyKey == null ? "" : "\r\nIdempotency-Key: " + idempotencyKey) + "\r\n\r\n";
            try {
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(content);
                out.flush();
                String status = line();
                int code = Integer.parseInt(status.substring(9, 12));
                long length = -1;
                boolean chunked = false;
                boolean close = false;
                for (String header = line(); !header.isEmpty(); header = line()) {
                    String lower = header.toLowerCase(java.util.Locale.ROOT);
                    if (lower.startsWith("content-length:")) {
                        length = Long.parseLong(lower.substring(15).strip());
                    } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                        chunked = true;
                    } else if (lower.startsWith("connection:") && lower.contains("close")) {
                        close = true;
                    }
                }
                java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
                if (chunked) {
                    for (int size = Integer.parseInt(line().split(";")[0].strip(), 16); size > 0;
                         size = Integer.parseInt(line().split(";")[0].strip(), 16)) {
                        answer.write(in.readNBytes(size));
                        line();
                    }
                    line();
                } else if (length >= 0) {
                    answer.write(in.readNBytes((int) length));
                } else {
                    throw new java.io.IOException("an answer with neither Content-Length nor chunks: " + status);
                }
                if (close) {
                    socket.close();
                }
                return new Answer(code, answer.toString(StandardCharsets.UTF_8));
            } catch (java.io.IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }

        private String line() throws java.io.IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new java.io.EOFException("the connection closed mid-answer");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    /** Publishes panel.created until the service has built the table (its consumer group starts at the latest offset). */
    static void awaitPanel(String tenantId, UUID panelId, String base) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            publishPanel(tenantId, panelId);
            long next = System.currentTimeMillis() + 5_000;
            while (System.currentTimeMillis() < next) {
                HttpResponse<String> response = HTTP.send(request(base + "/query")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"limit\": 1}")).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the panel table did not appear");
    }

    static String values(int n, Random random) {
        String[] options = {"a", "b", "c", "d"};
        return "{\"name\": \"Row " + n + "\", \"n1\": " + random.nextInt(1_000_000) + ", \"n2\": " + random.nextInt(1000)
                + ", \"n3\": " + random.nextDouble() * 100 + ", \"n4\": " + random.nextInt(50) + ", \"n5\": " + random.nextInt(7)
                + ", \"d1\": \"2024-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + "\", \"d2\": \"2025-01-0" + (1 + random.nextInt(9))
                + "\", \"d3\": \"2023-12-2" + random.nextInt(10) + "\", \"s1\": \"" + options[random.nextInt(4)] + "\", \"s2\": \""
                + options[random.nextInt(4)] + "\", \"s3\": \"" + options[random.nextInt(4)] + "\", \"t1\": \"text " + random.nextInt(10000)
                + "\", \"t2\": \"more text " + n + "\", \"t3\": \"x\", \"b1\": " + random.nextBoolean() + ", \"b2\": " + random.nextBoolean()
                + ", \"at\": \"2024-05-0" + (1 + random.nextInt(9)) + "T10:00:00Z\", \"mail\": \"u" + n + "@example.com\", \"site\": \"https://example.com/" + n + "\"}";
    }

    /** The 20 columns of bench/data's panel. */
    static void publishPanel(String tenantId, UUID panelId) throws Exception {
        List<String> columns = new ArrayList<>();
        String[][] definitions = {{"name", "text"}, {"n1", "number"}, {"n2", "number"}, {"n3", "number"}, {"n4", "number"},
                {"n5", "number"}, {"d1", "date"}, {"d2", "date"}, {"d3", "date"}, {"s1", "single_select"}, {"s2", "single_select"},
                {"s3", "single_select"}, {"t1", "text"}, {"t2", "text"}, {"t3", "text"}, {"b1", "boolean"}, {"b2", "boolean"},
                {"at", "datetime"}, {"mail", "email"}, {"site", "url"}};
        for (int i = 0; i < definitions.length; i++) {
            String type = definitions[i][1];
            String settings = switch (type) {
                case "number" -> "{\"precision\": 2}";
                case "single_select" -> "{\"options\": [" + List.of("a", "b", "c", "d").stream()
                        .map(o -> "{\"id\": \"" + o + "\", \"name\": \"" + o.toUpperCase() + "\", \"colour\": \"blue\"}")
                        .collect(Collectors.joining(",")) + "]}";
                case "datetime" -> "{\"timeZone\": \"UTC\"}";
                default -> "{}";
            };
            columns.add("{\"id\": \"" + UUID.nameUUIDFromBytes((panelId + definitions[i][0]).getBytes(StandardCharsets.UTF_8))
                    + "\", \"key\": \"" + definitions[i][0] + "\", \"name\": \"" + definitions[i][0] + "\", \"type\": \"" + type
                    + "\", \"position\": " + i + ", \"required\": false, \"unique\": false, \"defaultValue\": null, \"settings\": "
                    + settings + "}");
        }
        publish(tenantId, panelId, "panel.created", "{\"panelId\": \"" + panelId + "\", \"name\": \"Bench\", \"version\": 1,"
                + " \"columns\": [" + String.join(",", columns) + "], \"createdAt\": \"" + Instant.now() + "\", \"createdBy\": \"bench\"}");
    }

    /** As panel-service's outbox relay would: CloudEvents binary mode, keyed by panel id. */
    static void publish(String tenantId, UUID panelId, String type, String payload) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", KAFKA);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>("panels.panels", panelId.toString(), payload);
            Map<String, String> headers = Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(),
                    "ce_source", "/panels/bench", "ce_type", type, "ce_subject", panelId.toString(),
                    "ce_time", Instant.now().toString(), "ce_tenantid", tenantId, "content-type", "application/json",
                    "ce_dataschema", "https://panels.io/schemas/events/" + type + ".json");
            headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        }
    }

    static HttpRequest.Builder request(String url) throws Exception {
        // Access tokens live 5 minutes; a long run outlasts one.
        if (System.currentTimeMillis() - tokenAt > 60_000) {
            synchronized (WriteBench.class) {
                if (System.currentTimeMillis() - tokenAt > 60_000) {
                    refreshToken();
                }
            }
        }
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    }

    static void refreshToken() throws Exception {
        token = field(post(KEYCLOAK + "/realms/panels/protocol/openid-connect/token", form(Map.of("grant_type", "password",
                "client_id", "panels-test", "client_secret", "panels-test-secret", "username", username, "password", username,
                "scope", "openid organization:" + alias))).body(), "access_token");
        tokenAt = System.currentTimeMillis();
    }

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
        refreshToken();
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
