package io.panels.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.auth.Fixtures.TestTenant;
import io.panels.auth.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditResourceTest {

    @Test
    void everyEventOfTheTenantIsInItsLogWithFiltersAndPages() {
        TestTenant tenant = Fixtures.tenant();
        TestUser viewer = tenant.member("viewer");
        given().auth().oauth2(tenant.owner.token()).contentType(ContentType.JSON).body(Map.of("role", "editor"))
                .when().put("/api/v1/members/" + viewer.id + "/role").then().statusCode(200);

        // tenant.created, member.added (owner), member.added (viewer), member.role_changed
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().auth().oauth2(tenant.owner.token()).when().get("/api/v1/audit")
                        .then().statusCode(200).body("items.size()", equalTo(4)));

        given().auth().oauth2(tenant.owner.token()).when().get("/api/v1/audit")
                .then().statusCode(200)
                .body("items[0].action", equalTo("member.role_changed"))
                .body("items[0].objectType", equalTo("member"))
                .body("items[0].objectId", equalTo(viewer.id))
                .body("items[0].summary", equalTo("member.role_changed " + viewer.id + ": previousRole=viewer, role=editor"))
                .body("items[0].requestId", notNullValue())
                .body("items[0].actor", equalTo(tenant.owner.id))
                .body("items[0].source", equalTo("/panels/auth-service"))
                .body("items.action", hasItems("tenant.created", "member.added"));

        given().auth().oauth2(tenant.owner.token()).queryParam("objectType", "member").queryParam("objectId", viewer.id)
                .when().get("/api/v1/audit")
                .then().statusCode(200).body("items.size()", equalTo(2)).body("items.objectId", everyItem(equalTo(viewer.id)));
        given().auth().oauth2(tenant.owner.token()).queryParam("actor", tenant.owner.id)
                .when().get("/api/v1/audit")
                .then().statusCode(200).body("items.action", hasItems("member.role_changed"));
        given().auth().oauth2(tenant.owner.token()).queryParam("action", "tenant.created")
                .when().get("/api/v1/audit")
                .then().statusCode(200).body("items.size()", equalTo(1));
        given().auth().oauth2(tenant.owner.token())
                .queryParam("from", OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5).toString())
                .when().get("/api/v1/audit")
                .then().statusCode(200).body("items.size()", equalTo(0));

        // Pages of one, newest first, together the whole log.
        String cursor = null;
        List<String> actions = new java.util.ArrayList<>();
        do {
            var request = given().auth().oauth2(tenant.owner.token()).queryParam("limit", 1);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.when().get("/api/v1/audit").then().statusCode(200).extract().jsonPath();
            actions.addAll(page.getList("items.action"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertEquals(4, actions.size());
        assertEquals("tenant.created", actions.get(3));
    }

    @Test
    void onlyOwnersAndAdminsReadItAndOnlyTheirTenants() {
        TestTenant tenant = Fixtures.tenant();
        TestTenant other = Fixtures.tenant();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().auth().oauth2(other.owner.token()).when().get("/api/v1/audit")
                        .then().statusCode(200).body("items.size()", equalTo(2)));
        List<String> objects = given().auth().oauth2(tenant.owner.token()).when().get("/api/v1/audit")
                .then().statusCode(200).extract().path("items.objectId");
        assertTrue(objects.stream().noneMatch(id -> id.equals(other.id.toString()) || id.equals(other.owner.id)));

        given().auth().oauth2(tenant.member("editor").token()).when().get("/api/v1/audit").then().statusCode(403);
        given().auth().oauth2(tenant.member("admin").token()).when().get("/api/v1/audit").then().statusCode(200);
        given().auth().oauth2(tenant.owner.token()).queryParam("from", "yesterday")
                .when().get("/api/v1/audit").then().statusCode(400).body("errors.field", hasItems("from"));
        given().auth().oauth2(tenant.owner.token()).queryParam("cursor", "%%%")
                .when().get("/api/v1/audit").then().statusCode(400);
    }
}
