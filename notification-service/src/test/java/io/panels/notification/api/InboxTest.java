package io.panels.notification.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.common.ids.Ids;
import io.panels.common.testing.Keycloak;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.export.ExportCompleted;
import io.panels.events.member.MemberAdded;
import io.panels.events.sync.SyncFailed;
import io.panels.notification.StreamClient;
import io.panels.notification.TestEvents;
import io.panels.notification.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The inbox: notifications made from real events, read through the API and pushed on the stream. */
@QuarkusTest
class InboxTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeAll
    static void inboxConsumerIsLive() {
        // The test consumer starts at the latest offset: probe until a notification shows up.
        TestTenant probe = TestTenant.create();
        Keycloak.TestUser user = probe.member("viewer");
        String token = user.token();
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            exportCompleted(probe.id(), user.id());
            Thread.sleep(1500);
            return TestTenant.with(token).get("/api/v1/notifications/unread-count").then().extract().path("count") instanceof Integer n && n > 0;
        });
    }

    @Test
    void anExportThatCompletedIsInTheRequestersInboxAndPushedToTheirConnections() {
        TestTenant acme = TestTenant.create();
        Keycloak.TestUser requester = acme.member("editor");
        String token = requester.token();
        try (StreamClient stream = StreamClient.authenticated(token)) {
            // The stream feed starts at the latest offset: the first event may come before it is live.
            EventEnvelope[] event = new EventEnvelope[1];
            JsonNode[] pushed = new JsonNode[1];
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                event[0] = exportCompleted(acme.id(), requester.id());
                try {
                    pushed[0] = stream.await(m -> m.path("type").asText().equals("notification")
                            && m.path("notification").path("id").asText().equals(event[0].id().toString()), Duration.ofSeconds(3));
                    return true;
                } catch (AssertionError notYet) {
                    return false;
                }
            });
            assertEquals("export.completed", pushed[0].path("notification").path("kind").asText());

            List<String> ids = awaitInbox(token, 1, false).extract().path("items.id");
            assertEquals(true, ids.contains(event[0].id().toString()));
            TestTenant.with(token).get("/api/v1/notifications").then().body("items[0].id", equalTo(ids.get(0)))
                    .body("items[0].kind", equalTo("export.completed"))
                    .body("items[0].title", equalTo("Your export is ready"))
                    .body("items[0].data.format", equalTo("csv"))
                    .body("items[0].read", equalTo(false));
            TestTenant.with(token).get("/api/v1/notifications/unread-count").then().statusCode(200).body("count", equalTo(ids.size()));
        }
        // Nobody else in the tenant sees it.
        TestTenant.with(acme.token("owner")).get("/api/v1/notifications").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void syncFailuresReachTheDataSourceOwnerAndMembershipTheNewMember() {
        TestTenant acme = TestTenant.create();
        Keycloak.TestUser owner = acme.member("admin");
        String token = owner.token();
        UUID source = Ids.newId();
        TestEvents.publish(EventCatalog.SYNC_FAILED, acme.id(), source.toString(), source.toString(),
                new SyncFailed(source, Ids.newId(), Ids.newId(), owner.id(), "the source answered 503", Instant.now()));
        TestEvents.publish(EventCatalog.MEMBER_ADDED, acme.id(), acme.id().toString(), owner.id(),
                new MemberAdded(acme.id(), owner.id(), owner.username(), "admin"));
        awaitInbox(token, 2)
                .body("items.kind", hasItem("sync.failed"))
                .body("items.kind", hasItem("member.added"))
                .body("items.find { it.kind == 'sync.failed' }.body", equalTo("The sync run failed: the source answered 503"));
    }

    @Test
    void markingReadOneAndAllAndPagingWithACursor() {
        TestTenant acme = TestTenant.create();
        Keycloak.TestUser user = acme.member("viewer");
        String token = user.token();
        for (int i = 0; i < 3; i++) {
            exportCompleted(acme.id(), user.id());
        }
        List<String> ids = awaitInbox(token, 3).extract().path("items.id");

        String cursor = TestTenant.with(token).queryParam("limit", 2).get("/api/v1/notifications")
                .then().statusCode(200).body("items.size()", equalTo(2)).body("nextCursor", notNullValue())
                .extract().path("nextCursor");
        TestTenant.with(token).queryParam("limit", 2).queryParam("cursor", cursor).get("/api/v1/notifications")
                .then().statusCode(200).body("items.size()", equalTo(1)).body("items[0].id", equalTo(ids.get(2)))
                .body("nextCursor", nullValue());

        TestTenant.with(token).post("/api/v1/notifications/" + ids.get(0) + "/read")
                .then().statusCode(200).body("read", equalTo(true)).body("readAt", notNullValue());
        TestTenant.with(token).get("/api/v1/notifications/unread-count").then().body("count", equalTo(2));
        TestTenant.with(token).queryParam("unread", true).get("/api/v1/notifications").then().body("items.size()", equalTo(2));
        TestTenant.with(token).post("/api/v1/notifications/read-all").then().statusCode(200).body("updated", equalTo(2));
        TestTenant.with(token).get("/api/v1/notifications/unread-count").then().body("count", equalTo(0));
    }

    @Test
    void anotherPersonsOrTenantsNotificationIsNotFoundAndBadInputIsAProblem() {
        TestTenant acme = TestTenant.create();
        Keycloak.TestUser user = acme.member("viewer");
        exportCompleted(acme.id(), user.id());
        String id = awaitInbox(user.token(), 1).extract().path("items[0].id");

        TestTenant.with(acme.token("owner")).post("/api/v1/notifications/" + id + "/read").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("https://panels.io/problems/not-found"));
        TestTenant other = TestTenant.create();
        TestTenant.with(other.token("owner")).post("/api/v1/notifications/" + id + "/read").then().statusCode(404);
        TestTenant.with(user.token()).get("/api/v1/notifications/unread-count").then().body("count", equalTo(1));

        TestTenant.with(user.token()).queryParam("cursor", "!!!").get("/api/v1/notifications").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("cursor"));
        TestTenant.with(user.token()).queryParam("limit", 0).get("/api/v1/notifications").then().statusCode(400);
        TestTenant.with(user.token()).post("/api/v1/notifications/not-a-uuid/read").then().statusCode(404);
        io.restassured.RestAssured.given().get("/api/v1/notifications").then().statusCode(401);
    }

    private static EventEnvelope exportCompleted(UUID tenantId, String requestedBy) {
        UUID exportId = Ids.newId();
        return TestEvents.publish(EventCatalog.EXPORT_COMPLETED, tenantId, exportId.toString(), exportId.toString(),
                new ExportCompleted(exportId, Ids.newId(), null, "csv", requestedBy, 42, 1234, Instant.now()));
    }

    private static ValidatableResponse awaitInbox(String token, int count) {
        return awaitInbox(token, count, true);
    }

    private static ValidatableResponse awaitInbox(String token, int count, boolean exactly) {
        Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() ->
                TestTenant.with(token).get("/api/v1/notifications").then().extract().path("items.size()") instanceof Integer n && n >= count);
        ValidatableResponse response = TestTenant.with(token).get("/api/v1/notifications").then().statusCode(200);
        return exactly ? response.body("items.size()", equalTo(count)) : response;
    }
}
