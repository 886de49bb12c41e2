package io.panels.notification.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.events.EventEnvelope;
import io.panels.notification.TestEvents;
import io.panels.notification.TestTenant;
import io.panels.notification.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deliveries to a real local HTTP endpoint: signed CloudEvents, retries, disabling, redelivery. */
@QuarkusTest
class WebhookDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void fanoutIsLive() {
        // The test consumer starts at the latest offset: probe until a delivery arrives.
        TestTenant probe = TestTenant.create();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            register(probe, receiver, List.of("*"));
            UUID panel = UUID.randomUUID();
            Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                TestEvents.rowCreated(probe.id(), panel, "probe");
                Thread.sleep(1500);
                return !receiver.received().isEmpty();
            });
        }
    }

    @Test
    void aMatchingEventIsPostedAsASignedStructuredCloudEvent() throws Exception {
        TestTenant acme = TestTenant.create();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String id = register(acme, receiver, List.of("row.created"));
            UUID panel = UUID.randomUUID();
            EventEnvelope row = TestEvents.rowCreated(acme.id(), panel, "to the CRM");
            TestEvents.publish(io.panels.events.EventCatalog.PANEL_ARCHIVED, acme.id(), panel.toString(), panel.toString(),
                    new io.panels.events.panel.PanelArchived(panel, 2));
            Awaitility.await().atMost(WAIT).until(() -> !receiver.received().isEmpty());

            WebhookReceiver.Received delivery = receiver.received().getFirst();
            assertTrue(delivery.signatureValid(), "the receiver could not verify " + delivery.header("Panels-Signature"));
            assertTrue(delivery.header("Content-Type").startsWith("application/cloudevents+json"));
            JsonNode event = JSON.readTree(delivery.body());
            assertEquals("1.0", event.path("specversion").asText());
            assertEquals(row.id().toString(), event.path("id").asText());
            assertEquals("row.created", event.path("type").asText());
            assertEquals(acme.id().toString(), event.path("tenantid").asText());
            assertEquals("to the CRM", event.path("data").path("values").path("name").asText());

            acme.as("admin").get("/api/v1/webhooks/" + id + "/deliveries").then().statusCode(200)
                    .body("items.size()", equalTo(1)).body("items[0].status", equalTo("succeeded"))
                    .body("items[0].attempts", equalTo(1)).body("items[0].lastStatusCode", equalTo(200))
                    .body("items[0].eventId", equalTo(row.id().toString()));
            Thread.sleep(1000);
            assertEquals(1, receiver.received().size(), "panel.archived does not match the filter");
        }
    }

    @Test
    void aFailedDeliveryIsRetriedWithBackoffUntilItSucceeds() {
        TestTenant acme = TestTenant.create();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer(500, 503);
            String id = register(acme, receiver, List.of("row.*"));
            EventEnvelope row = TestEvents.rowCreated(acme.id(), UUID.randomUUID(), "retry me");
            Awaitility.await().atMost(WAIT).until(() -> receiver.received().size() >= 3);
            assertEquals(List.of(500, 503, 200), receiver.received().stream().map(WebhookReceiver.Received::answered).toList());
            assertTrue(receiver.received().stream().allMatch(r -> r.body().contains(row.id().toString())));
            Awaitility.await().atMost(WAIT).untilAsserted(() -> acme.as("admin").get("/api/v1/webhooks/" + id + "/deliveries")
                    .then().body("items[0].status", equalTo("succeeded")).body("items[0].attempts", equalTo(3)));
            acme.as("admin").get("/api/v1/webhooks/" + id).then().body("consecutiveFailures", equalTo(0)).body("enabled", equalTo(true));
        }
    }

    @Test
    void aWebhookFailingTooOftenInARowIsDisabledAndCanBeRedeliveredByHand() {
        TestTenant acme = TestTenant.create();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answerAlways(500);
            String id = register(acme, receiver, List.of("row.created"));
            TestEvents.rowCreated(acme.id(), UUID.randomUUID(), "never accepted");
            // max-consecutive-failures is 3 in the test profile.
            Awaitility.await().atMost(WAIT).untilAsserted(() -> acme.as("admin").get("/api/v1/webhooks/" + id).then()
                    .body("enabled", equalTo(false)).body("disabledReason", startsWith("disabled after 3 failed attempts")));
            int attempts = receiver.received().size();
            assertEquals(3, attempts);

            String deliveryId = acme.as("admin").get("/api/v1/webhooks/" + id + "/deliveries").then()
                    .body("items[0].status", equalTo("pending")).body("items[0].lastStatusCode", equalTo(500))
                    .extract().path("items[0].id");

            receiver.answerAlways(200);
            acme.as("admin").body(Map.of("enabled", true)).patch("/api/v1/webhooks/" + id).then().statusCode(200)
                    .body("consecutiveFailures", equalTo(0));
            Awaitility.await().atMost(WAIT).untilAsserted(() -> acme.as("admin").get("/api/v1/webhooks/" + id + "/deliveries")
                    .then().body("items[0].status", equalTo("succeeded")));

            acme.as("admin").post("/api/v1/webhooks/" + id + "/deliveries/" + deliveryId + "/redeliver").then().statusCode(202)
                    .body("status", equalTo("pending"));
            Awaitility.await().atMost(WAIT).until(() -> receiver.received().size() == attempts + 2);
            acme.as("admin").post("/api/v1/webhooks/" + id + "/deliveries/" + UUID.randomUUID() + "/redeliver").then().statusCode(404);
            TestTenant.create().as("owner").post("/api/v1/webhooks/" + id + "/deliveries/" + deliveryId + "/redeliver").then().statusCode(404);
        }
    }

    @Test
    void secretsAreSealedAtRestAndARotationSignsWithBothDuringTheOverlap() {
        TestTenant acme = TestTenant.create();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            var created = acme.as("admin").body(Map.of("url", receiver.url(), "eventTypes", List.of("row.created")))
                    .post("/api/v1/webhooks").then().statusCode(201).extract();
            String id = created.path("id");
            String oldSecret = created.path("secret");
            receiver.secret(oldSecret);
            String stored = storedSecret(acme.id(), UUID.fromString(id));
            assertTrue(stored.startsWith("v1.") && !stored.contains(oldSecret.substring(6)), "stored in plain: " + stored);

            var rotated = acme.as("admin").header("If-Match", "\"1\"").post("/api/v1/webhooks/" + id + "/secret").then().statusCode(200)
                    .header("ETag", "\"2\"").body("id", equalTo(id)).body("version", equalTo(2)).extract();
            String newSecret = rotated.path("secret");
            assertTrue(newSecret.startsWith("whsec_") && !newSecret.equals(oldSecret));
            assertTrue(java.time.Instant.parse(rotated.path("previousSecretValidUntil")).isAfter(java.time.Instant.now().plusSeconds(3600)));
            acme.as("admin").get("/api/v1/webhooks/" + id).then().body("secret", org.hamcrest.Matchers.nullValue());

            // During the overlap both sign: a receiver still holding the old secret and one with the new both verify.
            TestEvents.rowCreated(acme.id(), UUID.randomUUID(), "after the rotation");
            Awaitility.await().atMost(WAIT).until(() -> receiver.received().size() == 1);
            WebhookReceiver.Received during = receiver.received().getFirst();
            assertEquals(2, during.header("Panels-Signature").split("v1=").length - 1, during.header("Panels-Signature"));
            assertTrue(WebhookReceiver.signedWith(during.header("Panels-Signature"), during.body(), oldSecret));
            assertTrue(WebhookReceiver.signedWith(during.header("Panels-Signature"), during.body(), newSecret));

            // After the overlap only the new secret signs.
            inTenant(acme.id(), "update webhook set previous_secret_until = now() - interval '1 second' where id = $1", UUID.fromString(id));
            TestEvents.rowCreated(acme.id(), UUID.randomUUID(), "after the overlap");
            Awaitility.await().atMost(WAIT).until(() -> receiver.received().size() == 2);
            WebhookReceiver.Received after = receiver.received().get(1);
            assertEquals(1, after.header("Panels-Signature").split("v1=").length - 1, after.header("Panels-Signature"));
            assertTrue(WebhookReceiver.signedWith(after.header("Panels-Signature"), after.body(), newSecret));
            assertTrue(!WebhookReceiver.signedWith(after.header("Panels-Signature"), after.body(), oldSecret));

            acme.as("admin").header("If-Match", "\"1\"").post("/api/v1/webhooks/" + id + "/secret").then().statusCode(412);
            acme.as("editor").post("/api/v1/webhooks/" + id + "/secret").then().statusCode(403);
            TestTenant.create().as("owner").post("/api/v1/webhooks/" + id + "/secret").then().statusCode(404)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void aSecretStoredInPlainBeforeSealingStillSignsAndIsSealedByTheMigration() {
        TestTenant acme = TestTenant.create();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String id = register(acme, receiver, List.of("row.created"));
            // As a row written before secrets were sealed.
            String plain = "whsec_" + UUID.randomUUID().toString().replace("-", "");
            inTenant(acme.id(), "update webhook set secret = '" + plain + "' where id = $1", UUID.fromString(id));
            receiver.secret(plain);
            TestEvents.rowCreated(acme.id(), UUID.randomUUID(), "signed with the plain secret");
            Awaitility.await().atMost(WAIT).until(() -> receiver.received().size() == 1);
            assertTrue(receiver.received().getFirst().signatureValid());

            assertTrue(sealing.sealAll().await().atMost(WAIT) >= 1);
            String stored = storedSecret(acme.id(), UUID.fromString(id));
            assertTrue(stored.startsWith("v1.") && !stored.contains(plain), stored);
            assertEquals(0, sealing.sealAll().await().atMost(WAIT), "nothing is left to seal");

            TestEvents.rowCreated(acme.id(), UUID.randomUUID(), "signed with the sealed secret");
            Awaitility.await().atMost(WAIT).until(() -> receiver.received().size() == 2);
            assertTrue(receiver.received().get(1).signatureValid(), "the sealed secret is the same secret");
        }
    }

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Inject
    io.panels.notification.domain.WebhookSecretSealing sealing;

    private String storedSecret(UUID tenantId, UUID webhookId) {
        return pool.withTransaction(tx -> io.panels.common.tenant.TenantScope.bind(tx, tenantId)
                        .chain(() -> tx.preparedQuery("select secret from webhook where id = $1").execute(io.vertx.mutiny.sqlclient.Tuple.of(webhookId))))
                .await().atMost(WAIT).iterator().next().getString("secret");
    }

    private void inTenant(UUID tenantId, String sql, UUID webhookId) {
        pool.withTransaction(tx -> io.panels.common.tenant.TenantScope.bind(tx, tenantId)
                        .chain(() -> tx.preparedQuery(sql).execute(io.vertx.mutiny.sqlclient.Tuple.of(webhookId))))
                .await().atMost(WAIT);
    }

    private static String register(TestTenant tenant, WebhookReceiver receiver, List<String> eventTypes) {
        var created = tenant.as("admin").body(Map.of("url", receiver.url(), "eventTypes", eventTypes))
                .post("/api/v1/webhooks").then().statusCode(201).extract();
        receiver.secret(created.path("secret"));
        return created.path("id");
    }
}
