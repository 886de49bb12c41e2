package io.panels.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.panels.common.testing.Keycloak;
import io.panels.common.testing.TestKafka;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.row.RowCreated;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Server-side request forgery through webhooks (ADR 0022): a tenant must not be able to make
 * notification-service call into our own network.
 *
 * <p>Through the gateway, against the suite's notification-service in its production settings:
 * every refused kind of address (loopback, 169.254.169.254, private ranges, CGNAT, IPv6 loopback,
 * link-local and ULA, IPv4-mapped IPv6, the unspecified address, numeric IPv4 spellings, names
 * resolving to loopback, credentials in the URL, plain http) is a 400 problem+json on {@code url},
 * on creation and on change, and nothing is registered.
 *
 * <p>Against a notification-service of its own (on a {@link PrivatePlatform}, so no other
 * dispatcher touches its deliveries) that allows 127.0.0.2 only, with a hosts file of the test's
 * (JDK {@code jdk.net.hosts.file}) standing in for DNS: names resolving to loopback, the metadata
 * address or a private address are refused; an allowed receiver that answers with a redirect to
 * 127.0.0.1 or to the metadata address is not followed (the attempt is recorded as a failure with
 * its 302); and a name that passed at registration and later resolves to 127.0.0.1 (DNS rebinding)
 * is refused at the attempt and recorded. The internal server on 127.0.0.1 never gets a request,
 * while a well-behaved receiver gets its deliveries (the control).
 */
@ExtendWith(Suite.class)
class WebhookSsrfTest {

    private static final List<String> REFUSED_URLS = List.of(
            "https://127.0.0.1/hook", "https://127.0.0.2:8443/hook", "https://localhost/hook", "https://LOCALHOST./hook",
            "https://127.1/hook", "https://2130706433/hook", "https://0x7f000001/hook",
            "https://169.254.169.254/latest/meta-data/", "https://[::ffff:169.254.169.254]/latest/meta-data/",
            "https://metadata.google.internal/computeMetadata/v1/",
            "https://10.0.0.1/hook", "https://172.16.0.1/hook", "https://172.31.255.254/hook", "https://192.168.1.1/hook",
            "https://100.64.0.1/hook", "https://0.0.0.0/hook", "https://224.0.0.1/hook",
            "https://[::1]/hook", "https://[::]/hook", "https://[::ffff:127.0.0.1]/hook", "https://[::ffff:7f00:1]/hook",
            "https://[::ffff:10.0.0.1]/hook", "https://[fe80::1]/hook", "https://[fd00::1]/hook", "https://[fc00::1]/hook",
            "https://user:secret@93.184.215.14/hook", "https://93.184.215.14@127.0.0.1/hook",
            "http://93.184.215.14/hook", "file:///etc/passwd", "gopher://127.0.0.1:6379/_PING", "ftp://93.184.215.14/");

    private final List<String> checks = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    @Test
    void webhooksNeverReachLoopbackPrivateOrMetadataAddresses() throws Exception {
        productionRulesThroughTheGateway();
        deliveriesOfAnAllowingServiceAreNotRedirectedOrRebound();
        System.out.println("\nWebhook SSRF: " + checks.size() + " checks, " + failures.size() + " failed\n" + String.join("\n", checks));
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private void productionRulesThroughTheGateway() {
        URI gateway = Suite.gateway("auth-service", "notification-service");
        StaffedTenant tenant = StaffedTenant.create(gateway);
        String owner = tenant.token("owner");
        String allowed = call(gateway, owner).body(Map.of("url", "https://93.184.215.14/panels-hook", "eventTypes", List.of("row.created")))
                .post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
        for (String url : REFUSED_URLS) {
            refused("create " + url, call(gateway, owner).body(Map.of("url", url, "eventTypes", List.of("row.created")))
                    .post("/api/v1/webhooks"));
            refused("change to " + url, call(gateway, owner).body(Map.of("url", url)).patch("/api/v1/webhooks/" + allowed));
        }
        Response list = call(gateway, owner).get("/api/v1/webhooks");
        check("only the allowed webhook is registered, unchanged", list.statusCode() == 200
                && list.jsonPath().getList("items").size() == 1
                && "https://93.184.215.14/panels-hook".equals(list.path("items[0].url")), list.asString());
    }

    private void deliveriesOfAnAllowingServiceAreNotRedirectedOrRebound() throws Exception {
        Path hosts = Path.of("target", "ssrf-hosts").toAbsolutePath();
        Files.createDirectories(hosts.getParent());
        String hostName = InetAddress.getLocalHost().getHostName();
        writeHosts(hosts, "127.0.0.2");
        HttpServer internal = null;
        HttpServer receiver = null;
        AtomicInteger internalHits = new AtomicInteger();
        AtomicInteger receiverHits = new AtomicInteger();
        try (PrivatePlatform platform = PrivatePlatform.start("ssrf")) {
            // The "internal" server the attacker wants reached, and an allowed receiver on 127.0.0.2, same port.
            internal = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            int port = internal.getAddress().getPort();
            internal.createContext("/", exchange -> {
                internalHits.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            internal.start();
            receiver = HttpServer.create(new InetSocketAddress("127.0.0.2", port), 0);
            receiver.createContext("/redirect-loopback", exchange -> redirect(exchange, "http://127.0.0.1:" + port + "/internal"));
            receiver.createContext("/redirect-metadata", exchange -> redirect(exchange, "http://169.254.169.254/latest/meta-data/"));
            receiver.createContext("/hook", exchange -> {
                receiverHits.incrementAndGet();
                exchange.getRequestBody().readAllBytes();
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            receiver.start();

            Map<String, String> environment = new LinkedHashMap<>(platform.environment("notification-service"));
            environment.putAll(Map.of(
                    "PANELS_NOTIFICATION_WEBHOOKS_ALLOW_PLAIN_HTTP", "true",
                    "PANELS_NOTIFICATION_WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.2/32",
                    "PANELS_NOTIFICATION_WEBHOOKS_DISPATCH_INTERVAL", "0.2s",
                    "PANELS_NOTIFICATION_WEBHOOKS_INITIAL_BACKOFF", "PT0.5S",
                    "PANELS_NOTIFICATION_WEBHOOKS_MAX_BACKOFF", "PT1S",
                    // The test's hosts file is this JVM's DNS; no caching, so a changed answer is seen at once.
                    "JAVA_TOOL_OPTIONS", "-Djdk.net.hosts.file=" + hosts + " -Dsun.net.inetaddr.ttl=0 -Dsun.net.inetaddr.negative.ttl=0"));
            try (FaultService notifications = new FaultService("notification-service", environment, platform.logs()).start()) {
                notifications.awaitReady(Duration.ofSeconds(180));
                URI api = notifications.url();
                Keycloak.TestTenant tenant = Keycloak.createTenant();
                String owner = tenant.member("owner").token();
                for (String url : List.of("http://loopback.panels-e2e.test:" + port + "/hook", "http://localhost:" + port + "/hook",
                        "http://" + hostName + ":" + port + "/hook",
                        "http://metadata.panels-e2e.test/latest/meta-data/", "http://private.panels-e2e.test/hook",
                        "http://v6loopback.panels-e2e.test:" + port + "/hook", "http://mixed.panels-e2e.test:" + port + "/hook",
                        "http://unknown.panels-e2e.test/hook")) {
                    refused("a name resolving to a refused address: " + url,
                            call(api, owner).body(Map.of("url", url, "eventTypes", List.of("row.created"))).post("/api/v1/webhooks"));
                }
                Map<String, String> targets = Map.of("control", "receiver.panels-e2e.test:" + port + "/hook",
                        "redirect-loopback", "127.0.0.2:" + port + "/redirect-loopback",
                        "redirect-metadata", "127.0.0.2:" + port + "/redirect-metadata",
                        "rebind", "rebind.panels-e2e.test:" + port + "/hook");
                Map<String, String> webhooks = new LinkedHashMap<>();
                targets.forEach((name, path) -> {
                    Response created = call(api, owner).body(Map.of("url", "http://" + path, "eventTypes", List.of("row.created")))
                            .post("/api/v1/webhooks");
                    check("an allowed address is registered: " + path, created.statusCode() == 201, created.asString());
                    webhooks.put(name, created.path("id"));
                });
                // DNS rebinding: the name that passed now answers 127.0.0.1.
                writeHosts(hosts, "127.0.0.1");

                UUID panelId = UUID.randomUUID();
                Instant deadline = Instant.now().plusSeconds(120);
                boolean attempted = false;
                while (!attempted && Instant.now().isBefore(deadline)) {
                    publishRowCreated(platform.kafkaBootstrap(), tenant.id(), panelId);
                    PrivatePlatform.pause(Duration.ofSeconds(2));
                    attempted = webhooks.values().stream().allMatch(id -> {
                        Integer attempts = call(api, owner).get("/api/v1/webhooks/" + id + "/deliveries").path("items[0].attempts");
                        return attempts != null && attempts >= 1;
                    });
                }
                check("every webhook got a delivery, attempted", attempted);
                Response control = call(api, owner).get("/api/v1/webhooks/" + webhooks.get("control") + "/deliveries");
                check("the allowed receiver gets its deliveries (the control)", receiverHits.get() > 0
                        && control.path("items[0].succeededAt") != null, control.asString());
                for (String redirect : List.of("redirect-loopback", "redirect-metadata")) {
                    Response log = call(api, owner).get("/api/v1/webhooks/" + webhooks.get(redirect) + "/deliveries");
                    Integer status = log.path("items[0].lastStatusCode");
                    String error = log.path("items[0].lastError");
                    check("a " + redirect + " is not followed and is recorded as a failed attempt",
                            status != null && status == 302 && error != null && error.contains("redirect")
                                    && log.path("items[0].succeededAt") == null, log.asString());
                }
                Response log = call(api, owner).get("/api/v1/webhooks/" + webhooks.get("rebind") + "/deliveries");
                String error = log.path("items[0].lastError");
                check("a name rebound to 127.0.0.1 is refused at the attempt and recorded",
                        error != null && error.contains("127.0.0.1") && log.path("items[0].succeededAt") == null, log.asString());
                check("the internal server on 127.0.0.1 never got a request", internalHits.get() == 0, internalHits.get() + " requests");
            }
        } finally {
            if (internal != null) {
                internal.stop(0);
            }
            if (receiver != null) {
                receiver.stop(0);
            }
        }
    }

    private static void writeHosts(Path hosts, String rebindTo) throws IOException {
        String hostName = InetAddress.getLocalHost().getHostName();
        Files.writeString(hosts, String.join("\n",
                "127.0.0.1 localhost " + hostName,
                "::1 localhost",
                "127.0.0.1 loopback.panels-e2e.test",
                "169.254.169.254 metadata.panels-e2e.test",
                "10.1.2.3 private.panels-e2e.test",
                "::1 v6loopback.panels-e2e.test",
                "93.184.215.14 mixed.panels-e2e.test",
                "127.0.0.1 mixed.panels-e2e.test",
                "127.0.0.2 receiver.panels-e2e.test",
                rebindTo + " rebind.panels-e2e.test", ""), StandardCharsets.US_ASCII);
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws IOException {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** A row.created of the tenant, as data-service's relay would publish it, on the private broker. */
    private static void publishRowCreated(String bootstrap, UUID tenantId, UUID panelId) {
        UUID rowId = UUID.randomUUID();
        EventEnvelope envelope = TestKafka.envelope(EventCatalog.ROW_CREATED, tenantId, panelId.toString(),
                new RowCreated(panelId, rowId, 1, Map.of(), Instant.now(), "ssrf-test"));
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(EventCatalog.ROW_CREATED.topic(), envelope.key(), envelope.data());
            envelope.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("publishing row.created failed", e);
        }
    }

    private void refused(String what, Response response) {
        String type = response.getContentType();
        boolean url = response.statusCode() == 400 && type != null && type.startsWith("application/problem+json")
                && response.jsonPath().getList("errors.field").contains("url");
        check("refused (400 on url): " + what, url, response.statusCode() + " " + response.asString());
    }

    private void check(String what, boolean passed) {
        check(what, passed, null);
    }

    private void check(String what, boolean passed, String detail) {
        checks.add((passed ? "ok     " : "FAILED ") + what);
        if (!passed) {
            failures.add(what + (detail == null ? "" : ": " + detail));
        }
    }

    private static RequestSpecification call(URI api, String token) {
        return given().baseUri(api.toString()).auth().oauth2(token).contentType(ContentType.JSON);
    }
}
