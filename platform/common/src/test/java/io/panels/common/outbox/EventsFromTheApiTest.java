package io.panels.common.outbox;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.common.testapp.NoteCreated;
import io.panels.common.testing.TestKafka;
import io.panels.events.EventJson;
import io.panels.events.testing.EventSchemaAssert;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.ClaimType;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An API write through Hibernate Reactive publishes its event, tagged with the request that caused it. */
@QuarkusTest
class EventsFromTheApiTest {

    static final String TENANT = "0195f000-0000-7000-8000-00000000c001";

    @Test
    @TestSecurity(user = "editor-c")
    @OidcSecurity(claims = {
            @Claim(key = "organization", value = "{\"c\":{\"id\":\"" + TENANT + "\"}}", type = ClaimType.JSON_OBJECT),
            @Claim(key = "tenant_roles", value = "[\"" + TENANT + ":editor\"]", type = ClaimType.JSON_ARRAY)})
    void aCreatedNoteIsPublishedWithItsRequestId() {
        String requestId = "req-" + UUID.randomUUID();
        String noteId = given().header("X-Request-Id", requestId).contentType(ContentType.JSON)
                .body("{\"text\":\"published\",\"priority\":4}")
                .when().post("/api/v1/notes").then().statusCode(201).extract().path("id");

        TestKafka.Received ours = TestKafka.readRecords(NoteCreated.TYPE.topic(),
                record -> noteId.equals(record.event().subject()), kept -> !kept.isEmpty(), Duration.ofSeconds(60)).get(0);

        EventSchemaAssert.assertValid(NoteCreated.TYPE, ours.event());
        assertEquals(UUID.fromString(TENANT), ours.event().tenantId());
        assertEquals(noteId, ours.event().subject());
        assertEquals(4, EventJson.read(ours.event(), NoteCreated.TYPE).priority());
        assertEquals(requestId, ours.headers().get("x-request-id"));
        assertEquals("editor-c", ours.headers().get("ce_actor"), "the caller who made the change");
    }
}
