import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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
 * export-service benchmark against running services (bench/export/run.sh starts them): a
 * throw-away tenant, a 20-column panel made by publishing panel.created, N rows seeded through
 * data-service's CSV import, then the whole panel exported to CSV and to XLSX, each timed from the
 * request to completed, with export-service's peak used heap during the export (jstat samples).
 */
public class Bench {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String KEYCLOAK = env("PANELS_KEYCLOAK_URL", "http://127.0.0.1:8180");
    static final String SERVICE = env("DATA_SERVICE_URL", "http://127.0.0.1:18183");
    static final String EXPORTS = env("EXPORT_SERVICE_URL", "http://127.0.0.1:18186");
    static final int ROWS = Integer.parseInt(env("BENCH_ROWS", "1000000"));
    static String alias;
    static String username;

    public static void main(String[] args) throws Exception {
        String tenantId = createTenant();
        UUID panelId = UUID.randomUUID();
        publishPanel(tenantId, panelId);
        String base = SERVICE + "/api/v1/panels/" + panelId;
        long deadline = System.currentTimeMillis() + 60_000;
        while (call("POST", base + "/query", "{\"limit\": 1}").statusCode() != 200) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the panel table did not appear");
            }
            Thread.sleep(200);
        }
        importCsv(base);
        streamRate(base);
        System.out.println();
        System.out.println("| format | rows | columns | seconds | rows/s | file MB | peak heap MiB |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (String format : List.of("csv", "xlsx")) {
            export(panelId, format);
        }
        if (!"true".equals(System.getenv("BENCH_KEEP"))) {
            publish(tenantId, panelId, "panel.deleted", "{\"panelId\": \"" + panelId + "\", \"version\": 2, \"reason\": \"deleted\"}");
        }
    }

    /** Requests the export (waiting until export-service knows the panel), polls until it ends, reports. */
    static void export(UUID panelId, String format) throws Exception {
        refreshToken();
        Path samples = Path.of(System.getenv("HEAP_SAMPLES"));
        String body = "{\"panelId\": \"" + panelId + "\", \"format\": \"" + format + "\"}";
        HttpResponse<String> accepted;
        long deadline = System.currentTimeMillis() + 60_000;
        while ((accepted = call("POST", EXPORTS + "/api/v1/exports", body)).statusCode() == 404) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("export-service did not learn the panel");
            }
            Thread.sleep(200);
        }
        if (accepted.statusCode() != 202) {
            throw new IllegalStateException("the export answered " + accepted.statusCode() + ": " + accepted.body());
        }
        int before = Files.readAllLines(samples).size();
        long start = System.nanoTime();
        String job = EXPORTS + "/api/v1/exports/" + field(accepted.body(), "id");
        String status;
        String state;
        int polls = 0;
        do {
            Thread.sleep(100);
            if (++polls % 300 == 0) {
                refreshToken();
            }
            state = call("GET", job, null).body();
            status = field(state, "status");
        } while (!status.equals("completed") && !status.equals("failed"));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!status.equals("completed")) {
            throw new IllegalStateException("the export failed: " + state);
        }
        List<String> lines = Files.readAllLines(samples);
        long peakKib = lines.subList(Math.min(before, lines.size()), lines.size()).stream().filter(l -> !l.isBlank())
                .mapToLong(Long::parseLong).max().orElse(-1);
        long bytes = Long.parseLong(number(state, "bytes"));
        System.out.printf("| %s | %,d | 20 | %.1f | %,.0f | %.1f | %d |%n", format, ROWS, seconds, ROWS / seconds,
                bytes / 1e6, peakKib / 1024);
    }

    /**
     * data-service alone: the whole panel read through rows:stream (ADR 0043) as fast as this client
     * takes it, lines counted, nothing parsed: the rate export-service's reading is bounded by.
     */
    static void streamRate(String base) throws Exception {
        refreshToken();
        long start = System.nanoTime();
        HttpResponse<java.io.InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/rows:stream"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("rows:stream answered " + response.statusCode());
        }
        long lines = 0;
        long bytes = 0;
        String last = null;
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(),
                StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines++;
                bytes += line.length() + 1;
                last = line;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (last == null || !last.startsWith("{\"end\":true,\"rows\":" + ROWS + ",")) {
            throw new IllegalStateException("the stream did not end with its end line: " + last);
        }
        System.out.printf("data-service rows:stream of %,d rows x 20 columns (%,d lines, %.1f MB): %.1f s, %,.0f rows/s%n",
                ROWS, lines, bytes / 1e6, seconds, ROWS / seconds);
    }

    static String number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
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

    static String token;

    static void refreshToken() throws Exception {
        token = field(post(KEYCLOAK + "/realms/panels/protocol/openid-connect/token", form(Map.of("grant_type", "password",
                "client_id", "panels-test", "client_secret", "panels-test-secret", "username", username, "password", username,
                "scope", "openid organization:" + alias)), null).body(), "access_token");
    }

    static String createTenant() throws Exception {
        String admin = field(post(KEYCLOAK + "/realms/master/protocol/openid-connect/token", form(Map.of("grant_type", "password",
                "client_id", "admin-cli", "username", "admin", "password", "admin")), null).body(), "access_token");
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
