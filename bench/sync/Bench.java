import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sync benchmark against a running data-service (bench/sync/run.sh starts one). Serves the source
 * itself: a JDK HttpServer on 127.0.0.1 with RECORDS JSON records in pages of PAGE. Part 1: one
 * upsert source, a manual run timed from request to completion (all inserts), then again with every
 * record changed (all updates). Part 2: SOURCES sources with the schedule "* * * * *" (each on its
 * own panel, 10 records each) for MINUTES minutes; counts the completed runs of each and the delay
 * of each run's start after its scheduled minute.
 */
public class Bench {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String KEYCLOAK = env("PANELS_KEYCLOAK_URL", "http://127.0.0.1:8180");
    static final String SERVICE = env("DATA_SERVICE_URL", "http://127.0.0.1:18183");
    static final int RECORDS = Integer.parseInt(env("BENCH_RECORDS", "100000"));
    static final int PAGE = Integer.parseInt(env("BENCH_PAGE", "1000"));
    static final int SOURCES = Integer.parseInt(env("BENCH_SOURCES", "100"));
    static final int MINUTES = Integer.parseInt(env("BENCH_MINUTES", "4"));
    static String alias;
    static String username;
    static volatile int generation = 1;

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/records", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            int page = Integer.parseInt(query.replaceAll(".*page=(\\d+).*", "$1"));
            int total = query.contains("small=") ? 10 : RECORDS;
            StringBuilder body = new StringBuilder(PAGE * 120).append("{\"data\": [");
            for (int i = (page - 1) * PAGE + 1; i <= Math.min(total, page * PAGE); i++) {
                body.append(i == (page - 1) * PAGE + 1 ? "" : ",").append("{\"id\": \"k").append(i).append("\", \"name\": \"Record ")
                        .append(i).append(" v").append(generation).append("\", \"price\": ").append(i % 1000).append(".25, \"qty\": ")
                        .append(generation).append(", \"state\": \"").append(i % 2 == 0 ? "a" : "b").append("\"}");
            }
            byte[] bytes = body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (var out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/records";
        try {
            String tenantId = createTenant();
            System.out.println("| test | figure |");
            System.out.println("| --- | --- |");
            bigUpsert(tenantId, url);
            schedules(tenantId, url);
        } finally {
            server.stop(0);
            if (producer != null) {
                producer.close();
            }
        }
    }

    static void bigUpsert(String tenantId, String url) throws Exception {
        UUID panelId = panel(tenantId);
        String sources = SERVICE + "/api/v1/panels/" + panelId + "/sources";
        String source = field(ok(call("POST", sources, sourceBody(url + "?size=" + PAGE, null)), 201).body(), "id");
        for (String phase : List.of("inserts", "updates")) {
            long started = System.nanoTime();
            String run = field(ok(call("POST", sources + "/" + source + "/runs", null), 202).body(), "id");
            String body = awaitRun(sources + "/" + source + "/runs/" + run, Duration.ofMinutes(5));
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("| %,d records, pages of %,d, upsert (%s): request to completed | %.2f s (%,.0f records/s); run %s, rowsInserted %s, rowsUpdated %s, load %s |%n",
                    RECORDS, PAGE, phase, seconds, RECORDS / seconds, field(body, "status"), number(body, "rowsInserted"),
                    number(body, "rowsUpdated"), load());
            generation++;
        }
        publish(tenantId, panelId, "panel.deleted", "{\"panelId\": \"" + panelId + "\", \"version\": 2, \"reason\": \"deleted\"}");
    }

    static void schedules(String tenantId, String url) throws Exception {
        List<String> runsUrls = new ArrayList<>();
        List<UUID> panels = new ArrayList<>();
        for (int i = 0; i < SOURCES; i++) {
            UUID panelId = panel(tenantId);
            panels.add(panelId);
            String sources = SERVICE + "/api/v1/panels/" + panelId + "/sources";
            String source = field(ok(call("POST", sources, sourceBody(url + "?small=1", "* * * * *")), 201).body(), "id");
            runsUrls.add(sources + "/" + source + "/runs?limit=1000");
        }
        Instant from = Instant.now();
        System.out.printf("| %d sources on \"* * * * *\" created; watching %d minutes | from %s |%n", SOURCES, MINUTES, from);
        Thread.sleep(Duration.ofMinutes(MINUTES).plusSeconds(20).toMillis());
        Instant to = Instant.now().minusSeconds(20);
        long scheduledMinutes = Duration.between(from.plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MINUTES), to).toMinutes() + 1;
        TreeMap<Integer, Integer> histogram = new TreeMap<>();
        List<Long> delays = new ArrayList<>();
        int failed = 0;
        int skipped = 0;
        for (String runs : runsUrls) {
            String body = ok(call("GET", runs, null), 200).body();
            int completed = 0;
            Matcher run = Pattern.compile("\\{\"id\":\"[^}]*?\"status\":\"(\\w+)\",\"trigger\":\"schedule\"[^}]*?\"requestedAt\":\"([^\"]+)\",\"startedAt\":(?:\"([^\"]+)\"|null)").matcher(body);
            while (run.find()) {
                Instant requested = Instant.parse(run.group(2));
                if (requested.isAfter(to)) {
                    continue;
                }
                switch (run.group(1)) {
                    case "completed" -> completed++;
                    case "failed" -> failed++;
                    case "skipped" -> skipped++;
                    default -> { }
                }
                if (run.group(3) != null) {
                    delays.add(Duration.between(Instant.parse(run.group(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES),
                            Instant.parse(run.group(3))).toMillis());
                }
            }
            histogram.merge(completed, 1, Integer::sum);
        }
        delays.sort(null);
        System.out.printf("| scheduled minutes in the window | %d |%n", scheduledMinutes);
        System.out.printf("| completed scheduled runs per source (runs: sources) | %s |%n", histogram);
        System.out.printf("| sources with fewer runs than scheduled minutes (missed) | %d |%n",
                histogram.entrySet().stream().filter(e -> e.getKey() < scheduledMinutes).mapToInt(Map.Entry::getValue).sum());
        System.out.printf("| failed / skipped runs | %d / %d |%n", failed, skipped);
        if (!delays.isEmpty()) {
            System.out.printf("| start after the scheduled minute: p50 / p95 / max | %.1f / %.1f / %.1f s; load %s |%n",
                    delays.get(delays.size() / 2) / 1000.0, delays.get((int) (delays.size() * 0.95)) / 1000.0, delays.getLast() / 1000.0, load());
        }
        for (UUID panelId : panels) {
            publish(tenantId, panelId, "panel.deleted", "{\"panelId\": \"" + panelId + "\", \"version\": 2, \"reason\": \"deleted\"}");
        }
    }

    static String sourceBody(String url, String schedule) {
        return "{\"name\": \"Bench\", \"kind\": \"http_json\", \"config\": {\"url\": \"" + url + "\", \"recordsPath\": \"$.data\","
                + " \"pagination\": {\"type\": \"page\", \"size\": " + PAGE + "}}, \"mapping\": [{\"source\": \"$.id\", \"column\": \"ext\"},"
                + " {\"source\": \"$.name\", \"column\": \"name\"}, {\"source\": \"$.price\", \"column\": \"price\"},"
                + " {\"source\": \"$.qty\", \"column\": \"qty\"}, {\"source\": \"$.state\", \"column\": \"state\"}],"
                + " \"mode\": \"upsert\", \"keyColumn\": \"ext\"" + (schedule == null ? "" : ", \"schedule\": \"" + schedule + "\"") + "}";
    }

    static String awaitRun(String run, Duration limit) throws Exception {
        long deadline = System.currentTimeMillis() + limit.toMillis();
        while (true) {
            String body = ok(call("GET", run, null), 200).body();
            String status = field(body, "status");
            if (List.of("completed", "failed", "skipped").contains(status)) {
                return body;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("run not finished: " + body);
            }
            Thread.sleep(100);
        }
    }

    static UUID panel(String tenantId) throws Exception {
        UUID panelId = UUID.randomUUID();
        String columns = "[" + col("ext", "text", 0, "{}") + "," + col("name", "text", 1, "{}") + "," + col("price", "number", 2, "{\"precision\": 2}")
                + "," + col("qty", "number", 3, "{\"precision\": 0}") + "," + col("state", "single_select", 4,
                "{\"options\": [{\"id\": \"a\", \"name\": \"A\", \"colour\": \"blue\"}, {\"id\": \"b\", \"name\": \"B\", \"colour\": \"red\"}]}") + "]";
        publish(tenantId, panelId, "panel.created", "{\"panelId\": \"" + panelId + "\", \"name\": \"Sync bench\", \"version\": 1,"
                + " \"columns\": " + columns + ", \"createdAt\": \"" + Instant.now() + "\", \"createdBy\": \"bench\"}");
        long deadline = System.currentTimeMillis() + 60_000;
        while (call("POST", SERVICE + "/api/v1/panels/" + panelId + "/query", "{\"limit\": 1}").statusCode() != 200) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the panel table did not appear");
            }
            Thread.sleep(100);
        }
        return panelId;
    }

    static String col(String key, String type, int position, String settings) {
        return "{\"id\": \"" + UUID.randomUUID() + "\", \"key\": \"" + key + "\", \"name\": \"" + key + "\", \"type\": \"" + type
                + "\", \"position\": " + position + ", \"required\": false, \"unique\": " + key.equals("ext")
                + ", \"defaultValue\": null, \"settings\": " + settings + "}";
    }

    static HttpResponse<String> ok(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    static String number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    static String load() throws Exception {
        String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
        return fields[0] + " " + fields[1] + " " + fields[2];
    }

    /** As panel-service's outbox relay would: CloudEvents binary mode, keyed by panel id. */
    static KafkaProducer<String, String> producer;

    /** One producer for the whole run (a producer per event made the clean-up of 100 panels take minutes). */
    static synchronized void publish(String tenantId, UUID panelId, String type, String payload) throws Exception {
        if (producer == null) {
            Properties props = new Properties();
            props.put("bootstrap.servers", env("KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        ProducerRecord<String, String> record = new ProducerRecord<>("panels.panels", panelId.toString(), payload);
        Map<String, String> headers = Map.of("ce_specversion", "1.0", "ce_id", UUID.randomUUID().toString(),
                "ce_source", "/panels/bench", "ce_type", type, "ce_subject", panelId.toString(),
                "ce_time", Instant.now().toString(), "ce_tenantid", tenantId, "content-type", "application/json",
                "ce_dataschema", "https://panels.io/schemas/events/" + type + ".json");
        headers.forEach((k, v) -> record.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(record).get();
    }

    static String token;
    static long tokenAt;

    static void refreshToken() throws Exception {
        token = field(post(KEYCLOAK + "/realms/panels/protocol/openid-connect/token", form(Map.of("grant_type", "password",
                "client_id", "panels-test", "client_secret", "panels-test-secret", "username", username, "password", username,
                "scope", "openid organization:" + alias)), null).body(), "access_token");
        tokenAt = System.currentTimeMillis();
    }

    static String createTenant() throws Exception {
        String admin = field(post(KEYCLOAK + "/realms/master/protocol/openid-connect/token", form(Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", "admin", "password", "admin")), null).body(), "access_token");
        alias = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String org = location(adminCall(admin, "/organizations", "{\"name\": \"" + alias + "\", \"alias\": \"" + alias
                + "\", \"enabled\": true, \"domains\": [{\"name\": \"" + alias + ".test\"}]}"));
        username = "admin@" + alias + ".test";
        String user = location(adminCall(admin, "/users", "{\"username\": \"" + username + "\", \"email\": \"" + username
                + "\", \"emailVerified\": true, \"enabled\": true, \"firstName\": \"Bench\", \"lastName\": \"User\","
                + " \"attributes\": {\"tenant_roles\": [\"" + org + ":admin\"]}, \"credentials\": [{\"type\": \"password\","
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

    static HttpResponse<String> call(String method, String url, String body) throws Exception {
        // Access tokens live 5 minutes; slow phases outlast one.
        if (System.currentTimeMillis() - tokenAt > 60_000) {
            synchronized (Bench.class) {
                if (System.currentTimeMillis() - tokenAt > 60_000) {
                    refreshToken();
                }
            }
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, String form, String bearer) throws Exception {
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
