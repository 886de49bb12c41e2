package io.panels.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.auth.Fixtures.TestTenant;
import io.panels.common.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IntegrationResourceTest {

    /** The client-credentials grant as an integrator's program makes it; answers the HTTP status and body. */
    private static io.restassured.response.Response clientCredentials(String clientId, String secret) {
        return given().baseUri(Keycloak.BASE_URL).basePath("").port(-1).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .when().post("/realms/panels/protocol/openid-connect/token");
    }

    @Test
    void anIntegrationsTokenCarriesTheTenantAndRoleUntilItIsRevoked() {
        TestTenant tenant = Fixtures.tenant();
        JsonPath created = given().auth().oauth2(tenant.owner.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "ERP sync", "role", "admin"))
                .when().post("/api/v1/integrations")
                .then().statusCode(201)
                .body("clientSecret", notNullValue()).body("status", equalTo("active")).body("role", equalTo("admin"))
                .extract().jsonPath();
        String clientId = created.getString("clientId");
        String id = created.getString("id");

        String token = clientCredentials(clientId, created.getString("clientSecret"))
                .then().statusCode(200).extract().path("access_token");
        var claims = Keycloak.claims(token);
        assertEquals(tenant.id.toString(), claims.path("organization").path(tenant.slug).path("id").asText());
        assertEquals(tenant.id + ":admin", claims.path("tenant_roles").get(0).asText());
        // TenantContext accepts it: an admin-only tenant API answers.
        given().auth().oauth2(token).when().get("/api/v1/members").then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/v1/me")
                .then().statusCode(200).body("tenant.slug", equalTo(tenant.slug)).body("tenant.role", equalTo("admin"));

        // The secret is shown once: listing never shows it.
        given().auth().oauth2(tenant.owner.token()).when().get("/api/v1/integrations")
                .then().statusCode(200).body("items.clientId", hasItem(clientId)).body("items[0].clientSecret", nullValue());

        String rotated = given().auth().oauth2(tenant.owner.token())
                .when().post("/api/v1/integrations/" + id + "/secret")
                .then().statusCode(200).extract().path("clientSecret");
        clientCredentials(clientId, created.getString("clientSecret")).then().statusCode(401);
        clientCredentials(clientId, rotated).then().statusCode(200);

        given().auth().oauth2(tenant.owner.token()).when().delete("/api/v1/integrations/" + id).then().statusCode(204);
        clientCredentials(clientId, rotated).then().statusCode(401);
        // A token issued before the revocation is refused by auth-service at once.
        given().auth().oauth2(token).when().get("/api/v1/members")
                .then().statusCode(403).body("type", equalTo("https://panels.io/problems/integration-revoked"));
        given().auth().oauth2(tenant.owner.token()).when().get("/api/v1/integrations/" + id)
                .then().statusCode(200).body("status", equalTo("revoked"));
        given().auth().oauth2(tenant.owner.token()).when().post("/api/v1/integrations/" + id + "/secret")
                .then().statusCode(409);
    }

    @Test
    void badInputOtherTenantsAndWeakRolesAreRefused() {
        TestTenant tenant = Fixtures.tenant();
        given().auth().oauth2(tenant.owner.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "x".repeat(201), "role", "owner"))
                .when().post("/api/v1/integrations")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("name")).body("errors.field", hasItem("role"));
        given().auth().oauth2(tenant.member("editor").token()).contentType(ContentType.JSON)
                .body(Map.of("name", "mine", "role", "viewer"))
                .when().post("/api/v1/integrations")
                .then().statusCode(403);
        given().auth().oauth2(tenant.owner.token()).when().get("/api/v1/integrations")
                .then().statusCode(200).body("items.size()", equalTo(0));

        TestTenant other = Fixtures.tenant();
        String theirs = given().auth().oauth2(other.owner.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "theirs", "role", "viewer"))
                .when().post("/api/v1/integrations").then().statusCode(201).extract().path("id");
        given().auth().oauth2(tenant.owner.token()).when().get("/api/v1/integrations/" + theirs).then().statusCode(404);
        given().auth().oauth2(tenant.owner.token()).when().post("/api/v1/integrations/" + theirs + "/secret").then().statusCode(404);
        given().auth().oauth2(tenant.owner.token()).when().delete("/api/v1/integrations/" + theirs).then().statusCode(404);
        given().auth().oauth2(tenant.owner.token()).when().get("/api/v1/integrations/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(other.owner.token()).when().get("/api/v1/integrations/" + theirs)
                .then().statusCode(200).body("status", equalTo("active"));
    }
}
