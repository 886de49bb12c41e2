package io.panels.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Expiry and audience, with tokens signed by a key this profile makes the gateway trust. */
@QuarkusTest
@TestProfile(SignedTokenProfile.class)
@QuarkusTestResource(Backends.class)
class SignedTokenTest {

    @Test
    void aValidTokenOfTheTrustedKeyPasses() {
        String token = TestTokens.tenantToken(TestTokens.TRUSTED, TestTokens.AUDIENCE, Instant.now().plusSeconds(300));
        given().auth().oauth2(token).when().get("/api/v1/panels")
                .then().statusCode(200)
                .body("service", equalTo("panel-service"));
    }

    @Test
    void anExpiredTokenIsUnauthorized() {
        String expired = TestTokens.tenantToken(TestTokens.TRUSTED, TestTokens.AUDIENCE, Instant.now().minusSeconds(60));
        given().auth().oauth2(expired).when().get("/api/v1/panels")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/unauthorized"));
    }

    @Test
    void aTokenForAnotherAudienceIsUnauthorized() {
        String elsewhere = TestTokens.tenantToken(TestTokens.TRUSTED, "another-api", Instant.now().plusSeconds(300));
        given().auth().oauth2(elsewhere).when().get("/api/v1/panels")
                .then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aTokenOfAnUntrustedKeyIsUnauthorized() {
        String forged = TestTokens.tenantToken(TestTokens.generate(), TestTokens.AUDIENCE, Instant.now().plusSeconds(300));
        given().auth().oauth2(forged).when().get("/api/v1/panels")
                .then().statusCode(401);
    }
}
