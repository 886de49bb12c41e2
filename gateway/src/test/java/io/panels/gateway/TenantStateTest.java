package io.panels.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.panels.common.testing.Keycloak;
import io.panels.events.EventCatalog;
import io.panels.events.tenant.TenantDeleted;
import io.panels.events.tenant.TenantReactivated;
import io.panels.events.tenant.TenantSuspended;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Real tenant events on the real topic: the edge refuses a suspended or deleted tenant within seconds. */
@QuarkusTest
@QuarkusTestResource(Backends.class)
class TenantStateTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Test
    void aSuspendedTenantIsRefusedUntilReactivated() {
        Keycloak.TestTenant tenant = Keycloak.createTenant();
        String token = tenant.member("editor").token();
        given().auth().oauth2(token).when().get("/api/v1/panels").then().statusCode(200);

        TenantEvents.publish(EventCatalog.TENANT_SUSPENDED, tenant.id(), new TenantSuspended(tenant.id(), "unpaid"));
        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/panels")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/tenant-suspended")));
        // Every path of the tenant, including the stream.
        given().auth().oauth2(token).when().get("/api/v1/me").then().statusCode(403);

        TenantEvents.publish(EventCatalog.TENANT_REACTIVATED, tenant.id(), new TenantReactivated(tenant.id()));
        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/panels")
                .then().statusCode(200));
    }

    @Test
    void aDeletedTenantIsRefused() {
        Keycloak.TestTenant tenant = Keycloak.createTenant();
        String token = tenant.member("owner").token();
        TenantEvents.publish(EventCatalog.TENANT_DELETED, tenant.id(), new TenantDeleted(tenant.id()));
        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(token)
                .when().get("/api/v1/views")
                .then().statusCode(403)
                .body("type", equalTo("https://panels.io/problems/tenant-deleted")));
    }

    @Test
    void anotherTenantIsNotAffected() {
        Keycloak.TestTenant suspended = Keycloak.createTenant();
        String suspendedToken = suspended.member("editor").token();
        String otherToken = Keycloak.createTenant().member("editor").token();
        TenantEvents.publish(EventCatalog.TENANT_SUSPENDED, suspended.id(), new TenantSuspended(suspended.id(), null));
        await().atMost(WITHIN).untilAsserted(() -> given().auth().oauth2(suspendedToken)
                .when().get("/api/v1/panels").then().statusCode(403));
        given().auth().oauth2(otherToken).when().get("/api/v1/panels").then().statusCode(200);
    }
}
