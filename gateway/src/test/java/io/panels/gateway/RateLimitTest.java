package io.panels.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.testing.Keycloak;
import io.panels.events.EventCatalog;
import io.panels.events.tenant.PlanLimits;
import io.panels.events.tenant.TenantUpdated;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Token buckets in the real Redis, with the limit of the tenant's plan from a real tenant.updated event. */
@QuarkusTest
@QuarkusTestResource(Backends.class)
class RateLimitTest {

    @Test
    void withoutAPlanTheConfiguredDefaultsApply() {
        String token = Keycloak.createTenant().member("editor").token();
        given().auth().oauth2(token).when().get("/api/v1/panels")
                .then().statusCode(200)
                .header("RateLimit-Limit", "600")
                .header("RateLimit-Remaining", "599")
                .header("RateLimit-Policy", "600;w=60");
    }

    @Test
    void aBurstPastThePlanIsRefusedThenRecovers() {
        Keycloak.TestTenant tenant = Keycloak.createTenant();
        String token = tenant.member("editor").token();
        planAllows(tenant, token, 30);

        Response refused = null;
        for (int i = 0; i < 40 && refused == null; i++) {
            Response response = given().auth().oauth2(token).when().get("/api/v1/panels");
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                assertEquals(200, response.statusCode());
            }
        }
        assertTrue(refused != null, "30 requests per minute must run out within 40 requests");
        refused.then()
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/rate-limited"))
                .header("RateLimit-Remaining", "0")
                .header("RateLimit-Limit", "30");
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertTrue(retryAfter >= 1 && retryAfter <= 3, "one request per 2 s comes back: Retry-After " + retryAfter);

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                given().auth().oauth2(token).when().get("/api/v1/panels").then().statusCode(200));
    }

    @Test
    void theTenantBudgetIsSharedByItsMembers() {
        Keycloak.TestTenant tenant = Keycloak.createTenant();
        String first = tenant.member("editor").token();
        String second = tenant.member("viewer").token();
        planAllows(tenant, first, 20);
        for (int i = 0; i < 25; i++) {
            if (given().auth().oauth2(first).when().get("/api/v1/panels").statusCode() == 429) {
                break;
            }
        }
        given().auth().oauth2(second).when().get("/api/v1/panels")
                .then().statusCode(429);
    }

    /** Publishes the plan and waits until the edge applies it. */
    private static void planAllows(Keycloak.TestTenant tenant, String token, int perMinute) {
        TenantEvents.publish(EventCatalog.TENANT_UPDATED, tenant.id(), new TenantUpdated(tenant.id(), tenant.alias(),
                "Test " + tenant.alias(), "tiny", new PlanLimits(10, 1000, perMinute)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/panels")
                .then().header("RateLimit-Limit", String.valueOf(perMinute)));
    }
}
