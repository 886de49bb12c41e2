package io.panels.notification.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.panels.common.testing.Concurrently;
import io.panels.notification.TestTenant;
import io.panels.notification.WebhookReceiver;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The webhooks API: owners and admins only, HTTPS targets that pass the address rules, the secret shown once. */
@QuarkusTest
class WebhookResourceTest {

    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void anAdminRegistersReadsChangesAndDeletesAWebhookAndTheSecretIsShownOnce() {
        TestTenant acme = TestTenant.create();
        String secret = acme.as("admin").body(Map.of("url", receiver.url(), "eventTypes", List.of("row.*", "export.completed"),
                        "description", "CRM sync"))
                .post("/api/v1/webhooks").then().statusCode(201)
                .header("Location", startsWith("/api/v1/webhooks/")).header("ETag", equalTo("\"1\""))
                .body("secret", startsWith("whsec_")).body("enabled", equalTo(true))
                .body("eventTypes", equalTo(List.of("row.*", "export.completed")))
                .extract().path("secret");
        String id = acme.as("owner").get("/api/v1/webhooks").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("items[0].secret", nullValue())
                .extract().path("items[0].id");
        String read = acme.as("admin").get("/api/v1/webhooks/" + id).then().statusCode(200)
                .body("secret", nullValue()).body("url", equalTo(receiver.url())).extract().asString();
        assertFalse(read.contains(secret), "the secret appeared in a later reply");

        String changed = acme.as("admin").header("If-Match", "\"1\"").body(Map.of("eventTypes", List.of("*"), "enabled", false))
                .patch("/api/v1/webhooks/" + id).then().statusCode(200)
                .header("ETag", equalTo("\"2\"")).body("eventTypes", equalTo(List.of("*"))).body("enabled", equalTo(false))
                .body("description", equalTo("CRM sync")).extract().asString();
        assertFalse(changed.contains(secret));
        acme.as("admin").header("If-Match", "\"1\"").body(Map.of("enabled", true))
                .patch("/api/v1/webhooks/" + id).then().statusCode(412)
                .body("type", equalTo("https://panels.io/problems/stale-version"));

        acme.as("admin").delete("/api/v1/webhooks/" + id).then().statusCode(204);
        acme.as("admin").get("/api/v1/webhooks/" + id).then().statusCode(404);
        acme.as("admin").delete("/api/v1/webhooks/" + id).then().statusCode(404);
    }

    @Test
    void editorsAndViewersMayNotManageWebhooks() {
        TestTenant acme = TestTenant.create();
        for (String role : List.of("editor", "viewer")) {
            acme.as(role).body(Map.of("url", receiver.url(), "eventTypes", List.of("*")))
                    .post("/api/v1/webhooks").then().statusCode(403)
                    .body("type", equalTo("https://panels.io/problems/insufficient-role"));
            acme.as(role).get("/api/v1/webhooks").then().statusCode(403);
        }
        acme.as("owner").get("/api/v1/webhooks").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void anotherTenantsWebhookIsNotFound() {
        TestTenant acme = TestTenant.create();
        TestTenant other = TestTenant.create();
        String id = acme.as("admin").body(Map.of("url", receiver.url(), "eventTypes", List.of("*")))
                .post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
        other.as("owner").get("/api/v1/webhooks/" + id).then().statusCode(404);
        other.as("owner").body(Map.of("enabled", false)).patch("/api/v1/webhooks/" + id).then().statusCode(404);
        other.as("owner").delete("/api/v1/webhooks/" + id).then().statusCode(404);
        other.as("owner").get("/api/v1/webhooks/" + id + "/deliveries").then().statusCode(404);
        other.as("owner").get("/api/v1/webhooks").then().body("items.id", not(hasItem(id)));
        acme.as("admin").get("/api/v1/webhooks/" + id).then().statusCode(200).body("enabled", equalTo(true));
    }

    @Test
    void invalidRequestsAreProblemsAndChangeNothing() {
        TestTenant acme = TestTenant.create();
        acme.as("admin").body(Map.of("url", receiver.url(), "eventTypes", List.of())).post("/api/v1/webhooks")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/validation")).body("errors.field", hasItem(notNullValue()));
        acme.as("admin").body(Map.of("url", receiver.url(), "eventTypes", List.of("Row Created"))).post("/api/v1/webhooks")
                .then().statusCode(400).body("errors[0].field", equalTo("eventTypes[0]"));
        acme.as("admin").body(Map.of("url", "ftp://example.com/x", "eventTypes", List.of("*"))).post("/api/v1/webhooks")
                .then().statusCode(400).body("errors[0].field", equalTo("url"));
        acme.as("admin").body("{not json").post("/api/v1/webhooks").then().statusCode(400);
        acme.as("admin").get("/api/v1/webhooks").then().body("items.size()", equalTo(0));
    }

    @Test
    void loopbackPrivateLinkLocalAndMetadataTargetsAreRefused() {
        TestTenant acme = TestTenant.create();
        for (String url : List.of("http://127.0.0.1:9/x", "https://169.254.169.254/latest/meta-data", "https://10.1.2.3/hook",
                "https://192.168.1.10/hook", "https://172.20.0.1/hook", "http://localhost:8085/hook", "https://[::1]/hook",
                "https://[::ffff:127.0.0.1]/hook", "https://0.0.0.0/hook")) {
            acme.as("admin").body(Map.of("url", url, "eventTypes", List.of("*"))).post("/api/v1/webhooks")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("errors[0].field", equalTo("url"))
                    .body("errors[0].message", startsWith("webhook URL refused"));
        }
        acme.as("admin").get("/api/v1/webhooks").then().body("items.size()", equalTo(0));
    }

    @Test
    void concurrentChangesWithTheSameVersionLetExactlyOneWin() throws Exception {
        TestTenant acme = TestTenant.create();
        String token = acme.token("admin");
        String id = TestTenant.with(token).body(Map.of("url", receiver.url(), "eventTypes", List.of("*")))
                .post("/api/v1/webhooks").then().statusCode(201).extract().path("id");
        List<Integer> statuses = Concurrently.run(4, i -> TestTenant.with(token).header("If-Match", "\"1\"")
                .body(Map.of("description", "change " + i)).patch("/api/v1/webhooks/" + id).then().extract().statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), "statuses " + statuses);
        assertEquals(3, statuses.stream().filter(s -> s == 412).count(), "statuses " + statuses);
    }
}
