package io.panels.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import io.panels.common.testing.Keycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A service that is down or hangs, and bodies over the limit: problem+json, quickly, never a hang. */
@QuarkusTest
@QuarkusTestResource(Backends.class)
class UpstreamFailureTest {

    static String token;

    @BeforeAll
    static void tenant() {
        token = Keycloak.createTenant().member("editor").token();
    }

    @Test
    void aServiceThatIsDownIsServiceUnavailable() {
        given().auth().oauth2(token).when().get("/api/v1/exports/e1")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/service-unavailable"))
                .time(lessThan(3000L), TimeUnit.MILLISECONDS);
    }

    @Test
    void aServiceThatHangsIsAGatewayTimeout() {
        given().auth().oauth2(token).when().get("/api/v1/views/hang")
                .then().statusCode(504)
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/gateway-timeout"))
                .time(lessThan(5000L), TimeUnit.MILLISECONDS);
    }

    @Test
    void aBodyDeclaredTooLargeIsRefusedBeforeItIsRead() {
        given().auth().oauth2(token).contentType("application/octet-stream").body(new byte[65 * 1024])
                .when().post("/api/v1/panels/p1/rows/batch-create")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/payload-too-large"));
    }

    @Test
    void aStreamedBodyIsCutAtTheLimit() {
        // An InputStream body is sent chunked: no Content-Length to check up front.
        given().auth().oauth2(token).contentType("application/octet-stream")
                .body(new ByteArrayInputStream(new byte[200 * 1024]))
                .when().post("/api/v1/panels/p1/rows/batch-create")
                .then().statusCode(413)
                .contentType("application/problem+json");
    }
}
