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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * data-service benchmark against a running service (bench/data/run.sh starts one): a throw-away
 * tenant, a 20-column panel made by publishing panel.created, N rows seeded through a CSV import
 * (timed end to end, with the job's phases), an index of the sorted column asked for through the
 * index API, then timed reads and sequential single-row writes (BENCH_IMPORT_ONLY=true: the import and
 * the index only). Prints the figures. Concurrent single-row writes with their events: bench/writes.
 */
public class Bench {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String KEYCLOAK = env("PANELS_KEYCLOAK_URL", "http://127.0.0.1:8180");
    static final String SERVICE = env("DATA_SERVICE_URL", "http://127.0.0.1:18083");
    static final int ROWS = Integer.parseInt(env("BENCH_ROWS", "1000000"));
    static final int SAMPLES = Integer.parseInt(env("BENCH_SAMPLES", "200"));
    static String alias;
    static String username;

    public static void main(String[] args) throws Exception {
        String tenantId = createTenant();
        UUID panelId = UUID.randomUUID();
        String base = SERVICE + "/api/v1/panels/" + panelId;
        long deadline = System.currentTimeMillis() + 60_000;
        long publishAt = 0;
        while (call("POST", base + "/query", "{\"limit\": 1}").statusCode() != 200) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the panel table did not appear");
            }
            // The service reads from the latest offset in a group of its own: an event sent before its
            // partitions were assigned is not seen, so it is sent again (the same panel, a replay changes nothing).
            if (System.currentTimeMillis() >= publishAt) {
                publishPanel(tenantId, panelId);
                publishAt = System.currentTimeMillis() + 5_000;
            }
            Thread.sleep(200);
        }

        System.out.println("load average before the import: " + loadAverage());
        importCsv(base);
        System.out.println("load average after the import: " + loadAverage());
        // The first page sorts on n2: the automatic rule indexes only the primary field and unique columns
        // (ADR 0041), so the sort column's index is asked for, as an admin would (or usage would make it).
        requestIndex(base, "n2");
        if ("true".equals(System.getenv("BENCH_IMPORT_ONLY"))) {
            deletePanel(tenantId, panelId);
            return;
        }

        String filter = "{\"filter\": {\"conditions\": [{\"column\": \"n1\", \"op\": \"gt\", \"value\": 500000},"
                + " {\"column\": \"s1\", \"op\": \"is\", \"value\": \"b\"}]}, \"sorts\": [{\"column\": \"n2\", \"direction\": \"desc\"}]}";
        System.out.println("| test | requests | p50 ms | p95 ms |");
        System.out.println("| --- | --- | --- | --- |");
        time("first page of 100, 2 filters + sort on an indexed column, estimated count", base + "/query",
                "{\"query\": " + filter + ", \"limit\": 100}");
        time("the same without a count", base + "/query", "{\"query\": " + filter + ", \"limit\": 100, \"count\": \"none\"}");
        time("exact count with the same filter", base + "/query",
                "{\"query\": {\"filter\": " + filter.substring(11, filter.indexOf(", \"sorts\"")) + "}, \"limit\": 1, \"count\": \"exact\"}");
        time("group by a single select, sum and avg", base + "/query",
                "{\"query\": {\"groupBy\": [{\"column\": \"s1\"}], \"summaries\": [{\"column\": \"n1\", \"function\": \"sum\"},"
                        + " {\"column\": \"n2\", \"function\": \"avg\"}]}, \"limit\": 1, \"count\": \"none\"}");
        time("list 100 rows (id order)", base + "/rows?limit=100", null);
        time("insert one row", base + "/rows", null);
        // Throughput of single-row writes with their events: bench/writes/run.sh (a warm service, a lean load generator).
        deletePanel(tenantId, panelId);
    }

    static void deletePanel(String tenantId, UUID panelId) throws Exception {
        if (!"true".equals(System.getenv("BENCH_KEEP"))) {
            publish(tenantId, panelId, "panel.deleted", "{\"panelId\": \"" + panelId + "\", \"version\": 2, \"reason\": \"deleted\"}");
        }
    }

    /** Asks for an index of a column through the index API and waits until it is ready; prints how long that took. */
    static void requestIndex(String base, String column) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> created = call("POST", base + "/indexes", "{\"column\": \"" + column + "\"}");
        if (created.statusCode() != 202) {
            throw new IllegalStateException("the index request answered " + created.statusCode() + ": " + created.body());
        }
        String status;
        do {
            Thread.sleep(200);
            status = field(call("GET", base + "/indexes", null).body(), "status");
        } while (status.equals("building"));
        if (!status.equals("ready")) {
            throw new IllegalStateException("the index of " + column + " is " + status);
        }
        System.out.printf("index of %s (both directions) requested and ready after %.1f s%n", column, (System.nanoTime() - start) / 1e9);
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** Seeds the panel with a CSV import of ROWS rows: the upload streams from a temp file; timed until the job completes. */
    static void importCsv(String base) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("bench-data-", ".csv");
        try (java.io.BufferedWriter out = java.nio.file.Files.newBufferedWriter(file)) {
            out.write("name,n1,n2,n3,n4,n5,d1,d2,d3,s1,s2,s3,t1,t2,t3,b1,b2,at,mail,site\n");
            Random random = new Random(11);
            String[] options = {"A", "B", "C", "D"};
            for (int n = 0; n < ROWS; n++) {
                out.write("Row " + n + "," + random.nextInt(1_000_000) + "," + random.nextInt(1000) + ","
                        + String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble() * 100) + "," + random.nextInt(50) + ","
                        + random.nextInt(7) + ",2024-0" + (1 + random.nextInt(9)) + "-1" + random.nextInt(10) + ",2025-01-0"
                        + (1 + random.nextInt(9)) + ",2023-12-2" + random.nextInt(10) + "," + options[random.nextInt(4)] + ","
                        + options[random.nextInt(4)] + "," + options[random.nextInt(4)] + ",text " + random.nextInt(10000)
                        + ",more text " + n + ",x," + random.nextBoolean() + "," + random.nextBoolean() + ",2024-05-0"
                        + (1 + random.nextInt(9)) + "T10:00:00Z,u" + n + "@example.com,https://example.com/" + n + "\n");
            }
        }
        long bytes = java.nio.file.Files.size(file);
        refreshToken();
        long start = System.nanoTime();
        HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/imports"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        double uploaded = (System.nanoTime() - start) / 1e9;
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("the import answered " + accepted.statusCode() + ": " + accepted.body());
        }
        String job = base + "/imports/" + field(accepted.body(), "id");
        String status;
        String body;
        int polls = 0;
        do {
            Thread.sleep(100);
            if (++polls % 300 == 0) {
                refreshToken();
            }
            body = call("GET", job, null).body();
            status = field(body, "status");
        } while (!status.equals("completed") && !status.equals("failed"));
        double seconds = (System.nanoTime() - start) / 1e9;
        java.nio.file.Files.delete(file);
        if (!status.equals("completed")) {
            throw new IllegalStateException("the import failed: " + body);
        }
        System.out.printf("CSV import of %,d rows x 20 columns (%,d MB): upload %.1f s, completed after %.1f s end to end: %,.0f rows/s%n",
                ROWS, bytes / 1_000_000, uploaded, seconds, ROWS / seconds);
        System.out.println("  job: " + body.replaceAll("\"errors\":\\[[^\\]]*\\]", "\"errors\":[...]"));
        Matcher phases = Pattern.compile("\"phases\"\\s*:\\s*\\{([^}]*)}").matcher(body);
        System.out.println("  phases in ms (upload in the request; the others in the job; read = parse + check + stream, copyWait of it"
                + " waiting on PostgreSQL): " + (phases.find() ? phases.group(1).replace("\"", "") : "none"));
    }

    static void time(String name, String url, String body) throws Exception {
        refreshToken();
        List<Double> millis = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < SAMPLES + 10; i++) {
            long t = System.nanoTime();
            HttpResponse<String> response = name.startsWith("insert")
                    ? call("POST", url, "{\"values\": " + values(ROWS + i, random) + "}")
                    : body == null ? call("GET", url, null) : call("POST", url, body);
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(name + " answered " + response.statusCode() + ": " + response.body());
            }
            if (i >= 10) {
                millis.add((System.nanoTime() - t) / 1e6);
            }
        }
        Collections.sort(millis);
        System.out.printf("| %s | %d sequential | %.1f | %.1f |%n", name, SAMPLES, millis.get(millis.size() / 2),
                millis.get((int) Math.ceil(millis.size() * 0.95) - 1));
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
            UUID columnId = UUID.nameUUIDFromBytes((panelId + definitions[i][0]).getBytes(StandardCharsets.UTF_8));
            columns.add("{\"id\": \"" + columnId + "\", \"key\": \"" + definitions[i][0] + "\", \"name\": \""
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
        // An admin: it imports (as an editor would) and asks for the sort column's index.
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
