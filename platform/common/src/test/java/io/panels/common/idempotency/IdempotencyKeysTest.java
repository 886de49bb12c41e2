package io.panels.common.idempotency;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.common.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.ClaimType;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A retried write is answered with the first reply and changes nothing a second time. */
@QuarkusTest
@TestSecurity(user = "editor-k")
@OidcSecurity(claims = {
        @Claim(key = "organization", value = "{\"k\":{\"id\":\"" + IdempotencyKeysTest.TENANT + "\"}}", type = ClaimType.JSON_OBJECT),
        @Claim(key = "tenant_roles", value = "[\"" + IdempotencyKeysTest.TENANT + ":editor\"]", type = ClaimType.JSON_ARRAY)})
class IdempotencyKeysTest {

    static final String TENANT = "0195f000-0000-7000-8000-00000000f001";
    static final String NOTE = "{\"text\":\"once only\",\"priority\":2}";

    @Test
    void aRetryReplaysTheFirstReply() throws Exception {
        String key = UUID.randomUUID().toString();
        String first = post(key, NOTE).then().statusCode(201).header("Idempotent-Replayed", (String) null)
                .extract().path("id");
        given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(NOTE)
                .when().post("/api/v1/keyed-notes")
                .then().statusCode(201)
                .header("Idempotent-Replayed", "true")
                .header("Location", "/api/v1/notes/" + first)
                .body("id", equalTo(first));
        assertEquals(1, notesWithId(first));
    }

    @Test
    void theSameKeyForAnotherRequestIsRefused() {
        String key = UUID.randomUUID().toString();
        post(key, NOTE).then().statusCode(201);
        post(key, "{\"text\":\"something else\",\"priority\":2}").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/idempotency-key-reused"));
    }

    @Test
    void anUnacceptableKeyIsABadRequest() {
        post("has spaces", NOTE).then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void concurrentTwinsMakeOneNote() throws Exception {
        String key = UUID.randomUUID().toString();
        List<CompletableFuture<String>> twins = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(key, NOTE).then().statusCode(201)
                        .extract().<String>path("id")))
                .toList();
        Set<String> ids = new HashSet<>();
        for (CompletableFuture<String> twin : twins) {
            ids.add(twin.get());
        }
        assertEquals(1, ids.size(), "every twin got the same note");
        assertEquals(1, notesWithId(ids.iterator().next()));
    }

    private static io.restassured.response.Response post(String key, String body) {
        return given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/keyed-notes");
    }

    private static long notesWithId(String id) throws Exception {
        return TestDatabase.count(UUID.fromString(TENANT), "select count(*) from note where id = ?", UUID.fromString(id));
    }
}
