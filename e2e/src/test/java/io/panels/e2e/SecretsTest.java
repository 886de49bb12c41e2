package io.panels.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.testing.Keycloak;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Secrets are shown once and nowhere else: a webhook's signing secret, and an integration's
 * Keycloak client secret (at creation and at rotation); data-source credentials (a basic-auth
 * password, a bearer token before and after rotation, an API key, a PostgreSQL password) are never
 * shown at all. After creating them, using them (rows that become signed webhook deliveries, a
 * client-credentials token, previews and sync runs that authenticate at a local source and at
 * PostgreSQL) and reading everything about them, no API reply (webhook, list, change, deliveries,
 * integrations, audit log; data sources, their list, previews, runs and refusals), no line the
 * services logged (the suite's captured output, {@code e2e/target/service-logs/}) and no record on
 * any {@code panels.*} topic since this test began holds any of them.
 */
@ExtendWith(Suite.class)
class SecretsTest {

    private static final String KAFKA = System.getenv().getOrDefault("PANELS_KAFKA", "127.0.0.1:9092");

    @Test
    void secretsAppearOnlyInTheReplyThatMadeThem() throws Exception {
        URI gateway = Suite.gateway("auth-service", "panel-service", "data-service", "notification-service");
        Map<TopicPartition, Long> start = endOffsets();
        StaffedTenant tenant = StaffedTenant.create(gateway);
        String owner = tenant.token("owner");
        List<String> secrets = new ArrayList<>();
        List<String> leaks = new ArrayList<>();
        List<Response> replies = new ArrayList<>();

        var webhook = call(gateway, owner).body(Map.of("url", "https://93.184.215.14/secret-hook", "eventTypes", List.of("*")))
                .post("/api/v1/webhooks").then().statusCode(201).extract();
        secrets.add(webhook.path("secret"));
        String webhookId = webhook.path("id");
        var integration = call(gateway, owner).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("name", "secret-check-" + UUID.randomUUID(), "role", "editor"))
                .post("/api/v1/integrations").then().statusCode(201).extract();
        String integrationId = integration.path("id");
        String clientId = integration.path("clientId");
        secrets.add(integration.path("clientSecret"));
        // The secret is real: Keycloak gives the integration a token with it.
        check(clientToken(clientId, secrets.get(1)) == 200, "the integration's secret gets a token", leaks);
        String rotated = call(gateway, owner).post("/api/v1/integrations/" + integrationId + "/secret")
                .then().statusCode(200).extract().path("clientSecret");
        secrets.add(rotated);
        check(clientToken(clientId, rotated) == 200, "the rotated secret gets a token", leaks);
        check(secrets.stream().allMatch(secret -> secret != null && secret.length() >= 16), "secrets are long random strings: " + secrets, leaks);

        // Use them: rows become webhook deliveries (signed with the secret).
        String panelId = StreamIsolationTest.panel(gateway, owner, "Secrets");
        org.awaitility.Awaitility.await("a row").atMost(Duration.ofSeconds(60)).until(() -> call(gateway, owner)
                .body(Map.of("values", Map.of("title", "signed"))).post("/api/v1/panels/" + panelId + "/rows").statusCode() == 201);
        call(gateway, owner).body(Map.of("description", "changed")).patch("/api/v1/webhooks/" + webhookId);

        // Read everything about them.
        for (String path : List.of("/api/v1/webhooks/" + webhookId, "/api/v1/webhooks", "/api/v1/webhooks/" + webhookId + "/deliveries",
                "/api/v1/integrations", "/api/v1/integrations/" + integrationId, "/api/v1/audit?limit=200",
                "/api/v1/panels/" + panelId + "/rows")) {
            replies.add(call(gateway, owner).get(path));
        }
        replies.add(call(gateway, owner).body(Map.of("description", "changed again")).patch("/api/v1/webhooks/" + webhookId));
        // Data-source credentials: written, used by previews and runs, never shown.
        dataSourceCredentials(tenant, secrets, replies, leaks);
        for (Response reply : replies) {
            for (String secret : secrets) {
                if (reply.asString().contains(secret)) {
                    leaks.add("an API reply holds a secret: " + reply.asString());
                }
            }
        }

        // Give the relays and consumers a moment, then read every topic and every captured log.
        PrivatePlatform.pause(Duration.ofSeconds(5));
        Map<String, Integer> scanned = scanTopics(start, secrets, leaks, tenant.id().toString());
        int logLines = scanLogs(secrets, leaks);
        int ofTenant = scanned.getOrDefault("of this tenant", 0);
        check(ofTenant > 0, "the topic scan saw this tenant's events (it reads the right place)", leaks);
        check(scanned.getOrDefault("panels.datasources", 0) > 0, "the topic scan saw the runs' sync events", leaks);
        System.out.println("\nSecrets: " + secrets.size() + " secrets, " + replies.size() + " API replies, "
                + scanned + " topic records, " + logLines + " log lines scanned; " + leaks.size() + " leaks");
        assertTrue(leaks.isEmpty(), String.join("\n", leaks));
    }

    /**
     * A basic-auth password, a bearer token, an API key and a PostgreSQL password (a throw-away role
     * of the dev platform's server, reached through a relay at the sandbox's allowed address), on
     * sources of {@link SyncSandbox}'s data-service behind its gateway. The local HTTP source checks
     * each credential (401 otherwise) and PostgreSQL checks the password, so the runs that complete
     * prove the credentials were really used; a wrong token and a wrong password are refused (the
     * checks can fail). Every reply about the sources (creation, change, reads, lists, previews,
     * runs, refusals) is collected for the scan, with every value and the basic-auth header's
     * base64 form added to {@code secrets}.
     */
    private static void dataSourceCredentials(StaffedTenant tenant, List<String> secrets, List<Response> replies, List<String> leaks)
            throws Exception {
        URI api = SyncSandbox.gateway();
        String owner = tenant.token("owner");
        String user = "sync-user";
        String password = SyncSandbox.secret("basic-");
        String token = SyncSandbox.secret("bearer-");
        String rotatedToken = SyncSandbox.secret("bearer2-");
        String apiKey = SyncSandbox.secret("key-");
        String wrongToken = SyncSandbox.secret("wrong-");
        String basicHeader = java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Map<String, java.util.Set<String>> accepted = Map.of(
                "/basic", java.util.Set.of("Basic " + basicHeader),
                "/bearer", java.util.Set.of("Bearer " + token, "Bearer " + rotatedToken),
                "/apikey", java.util.Set.of(apiKey));
        Map<String, java.util.concurrent.atomic.AtomicInteger> authenticated = new java.util.concurrent.ConcurrentHashMap<>();
        com.sun.net.httpserver.HttpServer source = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(SyncSandbox.ALLOWED, 0), 0);
        accepted.forEach((path, values) -> source.createContext(path, exchange -> {
            String presented = path.equals("/apikey") ? exchange.getRequestHeaders().getFirst("X-Api-Key")
                    : exchange.getRequestHeaders().getFirst("Authorization");
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"data\": [{\"name\": \"secret-row\", \"qty\": 1}]}".getBytes(StandardCharsets.UTF_8);
            if (presented != null && values.contains(presented)) {
                authenticated.computeIfAbsent(path, p -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            } else {
                exchange.sendResponseHeaders(401, -1);
            }
            exchange.close();
        }));
        source.start();
        try (SyncSandbox.PgRole role = SyncSandbox.PgRole.create();
             SyncSandbox.Relay relay = new SyncSandbox.Relay(SyncSandbox.ALLOWED, 0, "127.0.0.1", 5432)) {
            String wrongPassword = SyncSandbox.secret("wrongpg-");
            secrets.addAll(List.of(password, basicHeader, token, rotatedToken, apiKey, wrongToken, role.password(), wrongPassword));
            String base = "http://" + SyncSandbox.ALLOWED + ":" + source.getAddress().getPort();
            String panelId = call(api, owner).body(Map.of("name", "Secret sources", "columns", List.of(
                            Map.of("name", "Name", "type", "text"), Map.of("name", "Qty", "type", "number"))))
                    .post("/api/v1/panels").then().statusCode(201).extract().path("id");
            org.awaitility.Awaitility.await("the panel's table").atMost(Duration.ofSeconds(90))
                    .until(() -> call(api, owner).get("/api/v1/panels/" + panelId + "/rows").statusCode() == 200);
            String sources = "/api/v1/panels/" + panelId + "/sources";

            Map<String, String> bodies = new java.util.LinkedHashMap<>();
            bodies.put("basic", httpSource(base + "/basic", Map.of("auth", "basic", "username", user), Map.of("password", password)));
            bodies.put("bearer", httpSource(base + "/bearer", Map.of("auth", "bearer"), Map.of("token", token)));
            bodies.put("api key", httpSource(base + "/apikey", Map.of("auth", "api_key", "apiKeyHeader", "X-Api-Key"), Map.of("apiKey", apiKey)));
            bodies.put("jdbc", DataSourceSsrfTest.database("postgresql", SyncSandbox.ALLOWED, relay.port(), role.name(), role.password()));
            bodies.put("wrong bearer", httpSource(base + "/bearer", Map.of("auth", "bearer"), Map.of("token", wrongToken)));
            bodies.put("wrong jdbc", DataSourceSsrfTest.database("postgresql", SyncSandbox.ALLOWED, relay.port(), role.name(), wrongPassword));
            Map<String, String> ids = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, String> body : bodies.entrySet()) {
                Response previewed = call(api, owner).body(body.getValue()).post(sources + "/preview");
                replies.add(previewed);
                boolean wrong = body.getKey().startsWith("wrong");
                check(previewed.statusCode() == (wrong ? 422 : 200), "the preview of the " + body.getKey() + " source answers "
                        + (wrong ? 422 : 200) + ": " + previewed.statusCode() + " " + previewed.asString(), leaks);
                Response created = call(api, owner).body(body.getValue()).post(sources);
                replies.add(created);
                check(created.statusCode() == 201, "the " + body.getKey() + " source is created: " + created.asString(), leaks);
                ids.put(body.getKey(), created.path("id"));
                check(created.statusCode() == 201 && !created.jsonPath().getList("credentials").isEmpty(), "the reply names the credentials set", leaks);
            }
            // Rotate the bearer token; a refused change (a control character) echoes nothing either.
            replies.add(call(api, owner).body(Map.of("credentials", Map.of("token", rotatedToken))).patch(sources + "/" + ids.get("bearer")));
            Response refused = call(api, owner).body(Map.of("credentials", Map.of("token", token + "\u0007"))).patch(sources + "/" + ids.get("bearer"));
            replies.add(refused);
            check(refused.statusCode() == 400, "a credential with a control character is refused: " + refused.asString(), leaks);
            replies.add(call(api, owner).body(Map.of("kind", "nonsense", "config", Map.of("url", base), "credentials", Map.of("token", token),
                    "mapping", List.of(Map.of("source", "$.name", "column", "name")))).post(sources));

            Map<String, String> runs = new java.util.LinkedHashMap<>();
            ids.forEach((name, id) -> {
                replies.add(call(api, owner).post(sources + "/" + id + "/preview"));
                Response queued = call(api, owner).post(sources + "/" + id + "/runs");
                replies.add(queued);
                runs.put(name, sources + "/" + id + "/runs/" + queued.path("id"));
            });
            runs.forEach((name, path) -> {
                Response run = org.awaitility.Awaitility.await("run of the " + name + " source").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500)).until(() -> call(api, owner).get(path),
                                reply -> !List.of("queued", "running").contains(reply.<String>path("status")));
                replies.add(run);
                boolean wrong = name.startsWith("wrong");
                String failure = run.path("failure");
                check(wrong ? "failed".equals(run.path("status")) && failure != null && failure.contains("refused the credentials")
                                : "completed".equals(run.path("status")) && ((Number) run.path("rowsInserted")).intValue() == 1,
                        "the run of the " + name + " source " + (wrong ? "is refused by the source" : "authenticates") + ": " + run.asString(),
                        leaks);
            });
            check(authenticated.keySet().containsAll(accepted.keySet()), "the local source saw each credential: " + authenticated, leaks);
            check(relay.connections() > 0, "the database was reached", leaks);
            for (String id : ids.values()) {
                replies.add(call(api, owner).get(sources + "/" + id));
                replies.add(call(api, owner).get(sources + "/" + id + "/runs"));
            }
            replies.add(call(api, owner).get(sources));
        } finally {
            source.stop(0);
        }
    }

    private static String httpSource(String url, Map<String, String> auth, Map<String, String> credentials) {
        Map<String, Object> config = new java.util.LinkedHashMap<>(auth);
        config.put("url", url);
        config.put("recordsPath", "$.data[*]");
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(Map.of("name", "Secret source " + UUID.randomUUID(),
                    "kind", "http_json", "config", config, "credentials", credentials,
                    "mapping", List.of(Map.of("source", "$.name", "column", "name"), Map.of("source", "$.qty", "column", "qty")),
                    "mode", "append"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(boolean passed, String what, List<String> failures) {
        if (!passed) {
            failures.add("not so: " + what);
        }
    }

    private static int clientToken(String clientId, String secret) {
        return given().contentType(ContentType.URLENC)
                .formParams(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret))
                .post(Keycloak.BASE_URL + "/realms/" + Keycloak.REALM + "/protocol/openid-connect/token").statusCode();
    }

    private static Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(topic -> topic.startsWith("panels.")).collect(Collectors.toSet());
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((partition, info) -> offsets.put(partition, info.offset()));
            return offsets;
        }
    }

    /** Reads every partition from {@code start} to its end now; counts records per topic. */
    private static Map<String, Integer> scanTopics(Map<TopicPartition, Long> start, List<String> secrets, List<String> leaks,
                                                   String tenantId)
            throws Exception {
        Map<TopicPartition, Long> end = endOffsets();
        Map<String, Integer> counts = new TreeMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>(end.keySet());
            consumer.assign(partitions);
            Map<TopicPartition, Long> remaining = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long from = start.getOrDefault(partition, 0L);
                consumer.seek(partition, from);
                if (end.get(partition) > from) {
                    remaining.put(partition, end.get(partition));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    StringBuilder text = new StringBuilder();
                    text.append(record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8)).append('\n');
                    text.append(record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8)).append('\n');
                    for (Header header : record.headers()) {
                        text.append(header.key()).append('=')
                                .append(header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8)).append('\n');
                    }
                    counts.merge(record.topic(), 1, Integer::sum);
                    if (text.indexOf(tenantId) >= 0) {
                        counts.merge("of this tenant", 1, Integer::sum);
                    }
                    for (String secret : secrets) {
                        if (text.indexOf(secret) >= 0) {
                            leaks.add("topic " + record.topic() + " offset " + record.offset() + " holds a secret");
                        }
                    }
                    if (remaining.containsKey(partition) && record.offset() + 1 >= remaining.get(partition)) {
                        remaining.remove(partition);
                    }
                }
            }
            if (!remaining.isEmpty()) {
                leaks.add("could not read " + remaining + " within 120 s");
            }
        }
        return counts;
    }

    private static int scanLogs(List<String> secrets, List<String> leaks) throws Exception {
        Path logs = Path.of("target", "service-logs");
        int lines = 0;
        if (!Files.isDirectory(logs)) {
            leaks.add("no captured logs under " + logs.toAbsolutePath());
            return 0;
        }
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                String text = new String(bytes, StandardCharsets.UTF_8);
                lines += (int) text.lines().count();
                for (String secret : secrets) {
                    if (text.contains(secret)) {
                        leaks.add("the log " + file + " holds a secret");
                    }
                }
            }
        }
        return lines;
    }

    private static io.restassured.specification.RequestSpecification call(URI api, String token) {
        return given().baseUri(api.toString()).auth().oauth2(token).contentType(ContentType.JSON);
    }
}
