package io.panels.common.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.common.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.quarkus.test.security.oidc.Claim;
import io.quarkus.test.security.oidc.ClaimType;
import io.quarkus.test.security.oidc.OidcSecurity;
import io.restassured.http.ContentType;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every failure a client can cause is a problem+json 4xx, and changes nothing. */
@QuarkusTest
@TestSecurity(user = "editor-1")
@OidcSecurity(claims = {
        @Claim(key = "organization", value = "{\"problems\":{\"id\":\"" + ProblemRepliesTest.TENANT + "\"}}", type = ClaimType.JSON_OBJECT),
        @Claim(key = "tenant_roles", value = "[\"" + ProblemRepliesTest.TENANT + ":editor\"]", type = ClaimType.JSON_ARRAY)})
class ProblemRepliesTest {

    static final String TENANT = "0195f000-0000-7000-8000-00000000e001";

    @Test
    void invalidFieldsAreListedAndNothingIsWritten() throws Exception {
        long before = notes();
        given().contentType(ContentType.JSON).body("{\"text\":\"  \",\"priority\":9}")
                .when().post("/api/v1/notes")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/validation"))
                .body("status", equalTo(400))
                .body("traceId", notNullValue())
                .body("instance", equalTo("/api/v1/notes"))
                .body("errors", hasSize(2))
                .body("errors[0].field", equalTo("priority"))
                .body("errors[1].field", equalTo("text"))
                .body("errors[1].message", notNullValue());
        assertEquals(before, notes());
    }

    @Test
    void malformedJsonIsABadRequestNotAServerError() throws Exception {
        long before = notes();
        given().contentType(ContentType.JSON).body("{\"text\": \"unterminated")
                .when().post("/api/v1/notes")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/malformed-body"));
        assertEquals(before, notes());
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() {
        given().contentType(ContentType.JSON).body("{\"text\":\"hello\",\"priority\":\"high\"}")
                .when().post("/api/v1/notes")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("priority"));
    }

    @Test
    void aNulCharacterIsRefusedBeforeItReachesTheDatabase() throws Exception {
        long before = notes();
        given().contentType(ContentType.JSON).body("{\"text\":\"nul \\u0000 inside\",\"priority\":1}")
                .when().post("/api/v1/notes")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("text"));
        given().queryParam("q", "nul \u0000 inside").when().get("/api/v1/me")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("q"));
        assertEquals(before, notes());
    }

    @Test
    void unknownPathsAndMethodsAreProblems() {
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/not-found"));
        given().when().delete("/api/v1/me")
                .then().statusCode(405).contentType("application/problem+json");
        given().contentType(ContentType.XML).body("<note/>").when().post("/api/v1/notes")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void aBugIsA500WithATraceIdAndNoInternals() {
        given().when().get("/api/v1/boom")
                .then().statusCode(500)
                .contentType("application/problem+json")
                .body("traceId", notNullValue())
                .body("detail", not(containsString("a bug, not bad input")))
                .body(not(containsString("IllegalStateException")));
    }

    @Test
    void aFailedTransactionLeavesNeitherTheChangeNorItsEvent() throws Exception {
        long notesBefore = notes();
        long eventsBefore = TestDatabase.count(null, "select count(*) from outbox_event where tenant_id = ?", UUID.fromString(TENANT));
        given().contentType(ContentType.JSON).body("{\"text\":\"doomed\",\"priority\":1}")
                .when().post("/api/v1/notes/failing")
                .then().statusCode(500);
        assertEquals(notesBefore, notes());
        assertEquals(eventsBefore,
                TestDatabase.count(null, "select count(*) from outbox_event where tenant_id = ?", UUID.fromString(TENANT)));
    }

    @Test
    void requestIdIsTakenFromTheCallerOrMadeAndAlwaysReturned() {
        given().header("X-Request-Id", "client-req-42").when().get("/api/v1/me")
                .then().statusCode(200).header("X-Request-Id", "client-req-42");
        String made = given().header("X-Request-Id", "spaces are not allowed").when().get("/api/v1/me")
                .then().statusCode(200).extract().header("X-Request-Id");
        UUID.fromString(made);
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404).header("X-Request-Id", notNullValue());
    }

    private static long notes() throws Exception {
        return TestDatabase.count(UUID.fromString(TENANT), "select count(*) from note");
    }
}
