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
 * Keycloak client secret (at creation and at rotation). After creating them, using them (rows that
 * become signed webhook deliveries, a client-credentials token) and reading everything about them,
 * no API reply (webhook, list, change, deliveries, integrations, audit log), no line the services
 * logged (the suite's captured output, {@code e2e/target/service-logs/}) and no record on any
 * {@code panels.*} topic since this test began holds any of them.
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
        System.out.println("\nSecrets: " + secrets.size() + " secrets, " + replies.size() + " API replies, "
                + scanned + " topic records, " + logLines + " log lines scanned; " + leaks.size() + " leaks");
        assertTrue(leaks.isEmpty(), String.join("\n", leaks));
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
