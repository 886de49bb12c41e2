import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * view-service benchmark (bench/views/run.sh starts data-service, view-service and the gateway):
 * a 20-column panel of the demo tenant made by publishing panel.created, BENCH_ROWS (1,000,000) rows
 * seeded through data-service's CSV import (its bulk COPY path; BENCH_SEED=batch: batch-create), a view with two filters and a sort on an indexed column showing five
 * columns, and its first page of 100 timed three ways: data-service's query directly, view-service
 * directly, and through the gateway. Prints one table of figures.
 */
public class Bench {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String KEYCLOAK = env("PANELS_KEYCLOAK_URL", "http://127.0.0.1:8180");
    static final String DATA = env("DATA_SERVICE_URL", "http://127.0.0.1:28083");
    static final String VIEWS = env("VIEW_SERVICE_URL", "http://127.0.0.1:28084");
    static final String GATEWAY = env("GATEWAY_URL", "http://127.0.0.1:28080");
    static final String DEMO_TENANT = env("BENCH_TENANT_ID", "0195f000-0000-7000-8000-000000000001");
    static final int ROWS = Integer.parseInt(env("BENCH_ROWS", "1000000"));
    static final int SAMPLES = Integer.parseInt(env("BENCH_SAMPLES", "200"));
    static String token;

    public static void main(String[] args) throws Exception {
        refreshToken();
        UUID panelId = UUID.randomUUID();
        String base = DATA + "/api/v1/panels/" + panelId;
        long deadline = System.currentTimeMillis() + 120_000;
        while (call("POST", base + "/query", "{\"limit\": 1}").statusCode() != 200
                || call("GET", VIEWS + "/api/v1/views?panelId=" + panelId, null).statusCode() != 200) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the panel did not reach data-service and view-service");
            }
            // The services' consumers start at the latest offset: publish again until both have it (a replay changes nothing).
            publishPanel(DEMO_TENANT, panelId);
            Thread.sleep(3000);
        }

        long start = System.nanoTime();
        if ("batch".equals(env("BENCH_SEED", "import"))) {
            seedInBatches(base);
            System.out.printf("seeded %,d rows through batch-create (2 clients) in %.1f s%n", ROWS, (System.nanoTime() - start) / 1e9);
        } else {
            java.nio.file.Path csv = writeCsv();
            double written = (System.nanoTime() - start) / 1e9;
            long upload = System.nanoTime();
            String job = seedByImport(base, csv);
            System.out.printf("seeded %,d rows through the CSV import (bulk COPY path) in %.1f s (CSV of %,d MiB written in %.1f s"
                            + " before); job: %s%n", ROWS, (System.nanoTime() - upload) / 1e9, java.nio.file.Files.size(csv) >> 20, written, job);
            java.nio.file.Files.delete(csv);
        }
        refreshToken();
        call("POST", base + "/query", "{\"count\": \"exact\", \"limit\": 1}");

        String query = "{\"filter\": {\"conditions\": [{\"column\": \"n1\", \"op\": \"gt\", \"value\": 500000},"
                + " {\"column\": \"s1\", \"op\": \"is\", \"value\": \"b\"}]}, \"sorts\": [{\"column\": \"n2\", \"direction\": \"desc\"}]}";
        String columns = "[\"name\", \"n1\", \"n2\", \"s1\", \"d1\"]";
        HttpResponse<String> view = call("POST", VIEWS + "/api/v1/views", "{\"panelId\": \"" + panelId + "\", \"name\": \"Bench\","
                + " \"columns\": [" + String.join(",", List.of("name", "n1", "n2", "s1", "d1").stream()
                        .map(k -> "{\"key\": \"" + k + "\", \"visible\": true}").toList())
                + "], \"query\": " + query + ", \"settings\": {\"pageSize\": 100}}");
        if (view.statusCode() != 201) {
            throw new IllegalStateException("the view was not created: " + view.body());
        }
        String viewId = field(view.body(), "id");

        System.out.println("load average before timing: " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
        System.out.println("| path | requests | p50 ms | p95 ms | p99 ms |");
        System.out.println("| --- | --- | --- | --- | --- |");
        time("data-service query directly (the same query, 5 columns, page of 100, estimated count)", "POST", base + "/query",
                "{\"query\": " + query + ", \"columns\": " + columns + ", \"limit\": 100}");
        time("view-service directly: GET /api/v1/views/{id}/rows", "GET", VIEWS + "/api/v1/views/" + viewId + "/rows", null);
        time("through the gateway: GET /api/v1/views/{id}/rows", "GET", GATEWAY + "/api/v1/views/" + viewId + "/rows", null);
        System.out.println("load average after timing: " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
        if (!"true".equals(System.getenv("BENCH_KEEP"))) {
            publish(DEMO_TENANT, panelId, "panel.deleted", "{\"panelId\": \"" + panelId + "\", \"version\": 2, \"reason\": \"deleted\"}");
        }
    }

    static void seedInBatches(String base) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> batches = new ArrayList<>();
        for (int b = 0; b < ROWS / 1000; b++) {
            int first = b * 1000;
            batches.add(pool.submit(() -> call("POST", base + "/rows/batch-create", batch(first)).statusCode()));
        }
        for (Future<Integer> batch : batches) {
            if (batch.get() != 201) {
                throw new IllegalStateException("a batch answered " + batch.get());
            }
        }
        pool.shutdown();
    }

    static final String[] KEYS = {"name", "n1", "n2", "n3", "n4", "n5", "d1", "d2", "d3", "s1", "s2", "s3", "t1", "t2", "t3", "b1",
            "b2", "at", "mail", "site"};

    /** The same rows as the batches, as CSV with the column keys as header. */
    static java.nio.file.Path writeCsv() throws Exception {
        java.nio.file.Path csv = java.nio.file.Files.createTempFile("bench-views-", ".csv");
        Random random = new Random(1);
        String[] options = {"a", "b", "c", "d"};
        try (java.io.BufferedWriter out = java.nio.file.Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write(String.join(",", KEYS));
            out.write("\r\n");
            for (int n = 0; n < ROWS; n++) {
                out.write("Row " + n + "," + random.nextInt(1_000_000) + "," + random.nextInt(1000) + ","
                        + String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble() * 100) + "," + random.nextInt(50) + ","
                        + random.nextInt(7) + ",2024-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + ",2025-01-0"
                        + (1 + random.nextInt(9)) + ",2023-12-2" + random.nextInt(10) + "," + options[random.nextInt(4)] + ","
                        + options[random.nextInt(4)] + "," + options[random.nextInt(4)] + ",text " + random.nextInt(10000)
                        + ",more text " + n + ",x," + random.nextBoolean() + "," + random.nextBoolean() + ",2024-05-0"
                        + (1 + random.nextInt(9)) + "T10:00:00Z,u" + n + "@example.com,https://example.com/" + n + "\r\n");
            }
        }
        return csv;
    }

    /** Uploads the CSV to data-service's import (COPY into the panel's table) and waits for the job. */
    static String seedByImport(String base, java.nio.file.Path csv) throws Exception {
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/imports"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(), HttpResponse.BodyHandlers.ofString());
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("the import was refused: " + accepted.statusCode() + " " + accepted.body());
        }
        String id = field(accepted.body(), "id");
        while (true) {
            Thread.sleep(2000);
            refreshToken();
            HttpResponse<String> job = call("GET", base + "/imports/" + id, null);
            String status = field(job.body(), "status");
            if (status.equals("completed")) {
                return job.body().length() > 400 ? job.body().substring(0, 400) : job.body();
            }
            if (status.equals("failed")) {
                throw new IllegalStateException("the import failed: " + job.body());
            }
        }
    }

    static void time(String name, String method, String url, String body) throws Exception {
        refreshToken();
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < SAMPLES + 10; i++) {
            long t = System.nanoTime();
            HttpResponse<String> response = call(method, url, body);
            if (response.statusCode() >= 300) {
                System.out.printf("| %s | failed: %d %s | | | |%n", name, response.statusCode(), response.body());
                return;
            }
            if (i >= 10) {
                millis.add((System.nanoTime() - t) / 1e6);
            }
        }
        Collections.sort(millis);
        System.out.printf("| %s | %d sequential | %.1f | %.1f | %.1f |%n", name, SAMPLES, millis.get(millis.size() / 2),
                millis.get((int) Math.ceil(millis.size() * 0.95) - 1), millis.get((int) Math.ceil(millis.size() * 0.99) - 1));
    }

    static void refreshToken() throws Exception {
        token = field(post(KEYCLOAK + "/realms/panels/protocol/openid-connect/token", form(Map.of("grant_type", "password",
                "client_id", "panels-test", "client_secret", "panels-test-secret", "username", env("BENCH_USER", "demo@panels.local"),
                "password", env("BENCH_PASSWORD", "demo"), "scope", "openid organization:" + env("BENCH_TENANT_ALIAS", "demo"))), null)
                .body(), "access_token");
    }

    static String batch(int first) {
        Random random = new Random(first);
        StringBuilder rows = new StringBuilder("{\"rows\": [");
        for (int i = 0; i < 1000; i++) {
            rows.append(i == 0 ? "" : ",").append("{\"values\": ").append(values(first + i, random)).append('}');
        }
        return rows.append("]}").toString();
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
            columns.add("{\"id\": \"" + UUID.randomUUID() + "\", \"key\": \"" + definitions[i][0] + "\", \"name\": \""
                    + definitions[i][0] + "\", \"type\": \"" + type + "\", \"position\": " + i
                    + ", \"required\": false, \"unique\": false, \"defaultValue\": null, \"settings\": " + settings + "}");
        }
        publish(tenantId, panelId, "panel.created", "{\"panelId\": \"" + panelId + "\", \"name\": \"Bench\", \"version\": 1,"
                + " \"columns\": [" + String.join(",", columns) + "], \"createdAt\": \"" + Instant.now() + "\", \"createdBy\": \"bench\"}");
    }

    /** As panel-service's outbox relay would: CloudEvents binary mode, keyed by panel id. */
    static void publish(String tenantId, UUID panelId, String type, String payload) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", env("KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
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

    static HttpResponse<String> call(String method, String url, String body) throws Exception {
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
