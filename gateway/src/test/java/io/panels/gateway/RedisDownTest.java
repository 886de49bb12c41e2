package io.panels.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.testing.Keycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Redis down: requests keep being served (fail-open), counted by a metric, and health stays up. */
@QuarkusTest
@TestProfile(RedisDownProfile.class)
@QuarkusTestResource(Backends.class)
class RedisDownTest {

    @Test
    void requestsAreServedWithoutLimits() {
        String token = Keycloak.createTenant().member("editor").token();
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).when().get("/api/v1/panels")
                    .then().statusCode(200)
                    .time(lessThan(2000L), TimeUnit.MILLISECONDS)
                    .body("service", equalTo("panel-service"))
                    .header("RateLimit-Limit", nullValue());
        }
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher counter = Pattern.compile("panels_gateway_ratelimit_unavailable_total(\\{[^}]*})? ([0-9.]+)").matcher(metrics);
        assertTrue(counter.find(), "the fail-open counter is exported");
        assertTrue(Double.parseDouble(counter.group(2)) >= 3, "each unchecked request is counted: " + counter.group());
        given().when().get("/q/health/ready").then().statusCode(200);
    }
}
