package io.panels.common.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.panels.common.testing.Keycloak;
import io.panels.common.testing.Keycloak.TestTenant;
import io.panels.common.testing.Keycloak.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens issued by the real Keycloak of the dev platform, and tokens that must not pass. */
@QuarkusTest
class RealTokenTest {

    static TestTenant tenant;
    static TestUser owner;
    static TestUser viewer;

    @BeforeAll
    static void createTenant() {
        tenant = Keycloak.createTenant();
        owner = tenant.member("owner");
        viewer = tenant.member("viewer");
    }

    @Test
    void aTenantScopedTokenNamesItsTenantAndRole() {
        given().auth().oauth2(owner.token()).when().get("/api/v1/me").then().statusCode(200)
                .body("tenantId", equalTo(tenant.id().toString()))
                .body("tenantAlias", equalTo(tenant.alias()))
                .body("role", equalTo("OWNER"))
                .body("subject", equalTo(owner.id()));
    }

    @Test
    void aViewerCannotWrite() {
        given().auth().oauth2(viewer.token()).contentType(ContentType.JSON).body("{\"text\":\"x\",\"priority\":1}")
                .when().post("/api/v1/notes")
                .then().statusCode(403).body("type", equalTo("https://panels.io/problems/insufficient-role"));
    }

    @Test
    void anotherTenantsNoteIsNotFound() {
        TestUser stranger = Keycloak.createTenant().member("owner");
        String theirs = given().auth().oauth2(stranger.token()).contentType(ContentType.JSON)
                .body("{\"text\":\"theirs\",\"priority\":2}")
                .when().post("/api/v1/notes").then().statusCode(201).extract().path("id");

        given().auth().oauth2(owner.token()).when().get("/api/v1/notes/" + theirs)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(stranger.token()).when().get("/api/v1/notes/" + theirs).then().statusCode(200);
    }

    @Test
    void aTokenWithoutTheOrganizationScopeNamesNoTenant() {
        String unscoped = Keycloak.token(owner.username(), owner.username(), "openid");
        given().auth().oauth2(unscoped).when().get("/api/v1/me")
                .then().statusCode(403).body("type", equalTo("https://panels.io/problems/tenant-required"));
    }

    @Test
    void forgedTokensAreRefusedWithA401Problem() {
        String[] parts = owner.token().split("\\.");
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();

        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(":owner\"", ":owner\",\"x\":\"tampered\"");
        String tampered = parts[0] + "." + base64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        String algNone = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        String otherRealm = Keycloak.masterAdminToken();

        for (String forged : new String[] {tampered, algNone, otherRealm, "not-a-jwt"}) {
            given().auth().oauth2(forged).when().get("/api/v1/me")
                    .then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", equalTo("Bearer"));
        }
    }
}
