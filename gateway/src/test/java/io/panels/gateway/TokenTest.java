package io.panels.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.panels.common.testing.Keycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Tokens from the real Keycloak: what passes the edge and what stops there with 401 or 403. */
@QuarkusTest
@QuarkusTestResource(Backends.class)
class TokenTest {

    @Test
    void aTenantPathWithoutATokenIsUnauthorized() {
        given().when().get("/api/v1/panels")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .header("Connection", not(equalTo("close")))
                .body("type", equalTo("https://panels.io/problems/unauthorized"));
    }

    @Test
    void aMalformedTokenIsUnauthorized() {
        given().auth().oauth2("not-a-jwt").when().get("/api/v1/panels")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/unauthorized"));
    }

    @Test
    void aTokenSignedByAnotherKeyIsUnauthorized() {
        String forged = TestTokens.tenantToken(TestTokens.generate(), "account", Instant.now().plusSeconds(300));
        given().auth().oauth2(forged).when().get("/api/v1/panels")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aTokenOfAnotherRealmIsUnauthorized() {
        given().auth().oauth2(Keycloak.masterAdminToken()).when().get("/api/v1/panels")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void anInvalidTokenIsRefusedEvenOnAPublicPath() {
        given().auth().oauth2("not-a-jwt").when().get("/api/v1/public/shares/abc")
                .then().statusCode(401);
    }

    @Test
    void aTokenNamingNoTenantIsForbiddenOnTenantPaths() {
        String untenanted = Keycloak.token("platform-admin", "platform-admin", "openid");
        given().auth().oauth2(untenanted).when().get("/api/v1/panels")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/tenant-required"));
    }

    @Test
    void aTenantMemberPasses() {
        String token = Keycloak.createTenant().member("viewer").token();
        given().auth().oauth2(token).when().get("/api/v1/views")
                .then().statusCode(200)
                .body("service", equalTo("view-service"));
    }
}
