package io.panels.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.panels.common.testing.Keycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Per-route metrics with bounded tags, and health. */
@QuarkusTest
@QuarkusTestResource(Backends.class)
class MetricsTest {

    @Test
    void requestsAreMeasuredPerRouteNeverPerPath() {
        String token = Keycloak.createTenant().member("editor").token();
        given().auth().oauth2(token).when().get("/api/v1/panels/p-metrics-1/rows").then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/v1/exports/x").then().statusCode(503);
        given().when().get("/api/v1/panels").then().statusCode(401);

        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("panels_gateway_requests_seconds_bucket{route=\"/api/v1/panels/*/rows/**\",status=\"2xx\""))
                .body(containsString("panels_gateway_requests_seconds_count{route=\"/api/v1/exports/**\",status=\"5xx\"}"))
                .body(containsString("panels_gateway_rejections_total{reason=\"unauthorized\"}"))
                .body(not(containsString("p-metrics-1")));
    }

    @Test
    void healthIsUp() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/health/live").then().statusCode(200);
    }
}
