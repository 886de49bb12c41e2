package io.panels.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.panels.common.testing.Keycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** With tracing on, the caller's W3C trace continues through the gateway to the service. */
@QuarkusTest
@TestProfile(TracingProfile.class)
@QuarkusTestResource(Backends.class)
class TracingTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    @Test
    void theServiceSeesTheCallersTraceWithTheGatewaysSpanAsParent() {
        String token = Keycloak.createTenant().member("editor").token();
        given().auth().oauth2(token).header("traceparent", "00-" + TRACE + "-" + CALLER_SPAN + "-01")
                .when().get("/api/v1/panels")
                .then().statusCode(200)
                .body("headers.traceparent", matchesPattern("00-" + TRACE + "-[0-9a-f]{16}-01"))
                .body("headers.traceparent", not(matchesPattern(".*" + CALLER_SPAN + ".*")));
    }

    @Test
    void aProblemNamesTheTrace() {
        given().header("traceparent", "00-" + TRACE + "-" + CALLER_SPAN + "-01")
                .when().get("/api/v1/panels")
                .then().statusCode(401)
                .body("traceId", equalTo(TRACE));
    }
}
