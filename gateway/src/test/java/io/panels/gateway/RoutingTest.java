package io.panels.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.panels.common.testing.Keycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@QuarkusTest
@QuarkusTestResource(Backends.class)
class RoutingTest {

    static String token;

    @BeforeAll
    static void tenant() {
        token = Keycloak.createTenant().member("editor").token();
    }

    @ParameterizedTest
    @CsvSource({
            "/api/v1/me, auth-service",
            "/api/v1/members/42, auth-service",
            "/api/v1/invitations, auth-service",
            "/api/v1/integrations/7/secret, auth-service",
            "/api/v1/audit, auth-service",
            "/api/v1/panels, panel-service",
            "/api/v1/panels/p1/columns/c1, panel-service",
            "/api/v1/panels/p1/rows, data-service",
            "/api/v1/panels/p1/rows/r1/history, data-service",
            "/api/v1/panels/p1/query, data-service",
            "/api/v1/panels/p1/imports/i1, data-service",
            "/api/v1/panels/p1/indexes, data-service",
            "/api/v1/panels/p1/sources/s1/runs, data-service",
            "/api/v1/panels/p1/sources, data-service",
            "/api/v1/views/v1, view-service",
            "/api/v1/notifications, notification-service",
            "/api/v1/webhooks/w1, notification-service"})
    void tenantPathsGoToTheirService(String path, String service) {
        given().auth().oauth2(token)
                .when().get(path + "?limit=5")
                .then().statusCode(200)
                .body("service", equalTo(service))
                .body("method", equalTo("GET"))
                .body("uri", equalTo(path + "?limit=5"))
                .body("headers.authorization", equalTo("Bearer " + token));
    }

    @Test
    void bodiesAndMethodsPassThrough() {
        given().auth().oauth2(token).contentType("application/json").body("{\"name\":\"Plants\"}")
                .when().patch("/api/v1/panels/p1")
                .then().statusCode(200)
                .body("method", equalTo("PATCH"))
                .body("body", equalTo("{\"name\":\"Plants\"}"))
                .body("headers.content-type", startsWith("application/json"));
    }

    @Test
    void largeBodiesStreamBothWays() {
        // Above the 64K test limit: the imports route has a limit of its own (uploads).
        byte[] upload = new byte[300 * 1024];
        given().auth().oauth2(token).contentType("text/csv").body(new java.io.ByteArrayInputStream(upload))
                .when().post("/api/v1/panels/p1/imports")
                .then().statusCode(200)
                .body("service", equalTo("data-service"))
                .body("bodyLength", equalTo(upload.length));
        byte[] download = given().auth().oauth2(token)
                .when().get("/api/v1/views/v1/download?kb=8192")
                .then().statusCode(200).extract().asByteArray();
        org.junit.jupiter.api.Assertions.assertEquals(8192 * 1024, download.length);
    }

    @Test
    void publicPathsNeedNoToken() {
        given().contentType("application/json").body("{}")
                .when().post("/api/v1/public/signup")
                .then().statusCode(200)
                .body("service", equalTo("auth-service"))
                .body("headers.authorization", nullValue());
        given().when().get("/api/v1/public/shares/abc")
                .then().statusCode(200).body("service", equalTo("view-service"));
    }

    @Test
    void platformPathsAreForPlatformAdmins() {
        given().auth().oauth2(token)
                .when().get("/api/v1/platform/tenants")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/platform-admin-required"));
        String admin = Keycloak.token("platform-admin", "platform-admin", "openid");
        given().auth().oauth2(admin)
                .when().get("/api/v1/platform/tenants")
                .then().statusCode(200).body("service", equalTo("auth-service"));
    }

    @Test
    void anUnknownPathIsProblemNotFound() {
        given().auth().oauth2(token)
                .when().get("/api/v1/nothing-here")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/not-found"))
                .body("status", equalTo(404))
                .body("traceId", notNullValue());
    }

    @Test
    void requestIdsAreTakenOrMadeReturnedAndPassedOn() {
        given().auth().oauth2(token).header("X-Request-Id", "client-chosen.42")
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .header("X-Request-Id", "client-chosen.42")
                .body("headers.x-request-id", equalTo("client-chosen.42"));
        String made = given().auth().oauth2(token).header("X-Request-Id", "not acceptable!")
                .when().get("/api/v1/me")
                .then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"))
                .extract().header("X-Request-Id");
        given().auth().oauth2(token).header("X-Request-Id", made)
                .when().get("/api/v1/me")
                .then().body("headers.x-request-id", equalTo(made));
    }

    @Test
    void traceContextAndForwardingHeadersArePassedOn() {
        String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        given().auth().oauth2(token).header("traceparent", traceparent).header("Connection", "keep-alive, X-Secret")
                .when().get("/api/v1/panels")
                .then().statusCode(200)
                .body("headers.traceparent", containsString("4bf92f3577b34da6a3ce929d0e0e4736"))
                .body("headers.x-forwarded-for", equalTo("127.0.0.1"))
                .body("headers.x-forwarded-proto", equalTo("http"))
                .body("headers.x-forwarded-host", notNullValue())
                .body("headers.keep-alive", nullValue());
    }

    @Test
    void aCallerCannotClaimTheServiceIdentityHeaders() {
        // Services trust these only from each other (platform/common's service identity).
        given().auth().oauth2(token)
                .header("X-Panels-Tenant", "0195f000-0000-7000-8000-000000000001")
                .header("X-Panels-On-Behalf-Of", "someone-else")
                .when().get("/api/v1/panels")
                .then().statusCode(200)
                .body("headers.x-panels-tenant", nullValue())
                .body("headers.x-panels-on-behalf-of", nullValue());
    }

    @Test
    void everyReplyCarriesTheSecurityHeaders() {
        given().auth().oauth2(token)
                .when().get("/api/v1/panels")
                .then().statusCode(200)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "frame-ancestors 'none'")
                .header("Referrer-Policy", "no-referrer")
                .header("Strict-Transport-Security", nullValue())
                .header("X-Served-By", "panel-service");
        given().auth().oauth2(token).header("X-Forwarded-Proto", "https")
                .when().get("/api/v1/panels")
                .then().header("Strict-Transport-Security", startsWith("max-age="));
    }

    @Test
    void corsAllowsOnlyConfiguredOrigins() {
        given().header("Origin", "http://localhost:5173").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .when().options("/api/v1/panels")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:5173");
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .when().options("/api/v1/panels")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().auth().oauth2(token).header("Origin", "http://localhost:5173")
                .when().get("/api/v1/panels")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "http://localhost:5173")
                .header("Access-Control-Expose-Headers", containsString("RateLimit-Remaining"));
    }
}
