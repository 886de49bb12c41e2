package io.panels.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.auth.Fixtures.TestTenant;
import io.panels.auth.Fixtures.TestUser;
import io.panels.common.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of auth-service against every kind of caller, with real Keycloak tokens: the
 * expected status, and nothing changed by a refused call. Refused writes aim at sentinel objects
 * that are checked at the end; allowed writes get objects of their own.
 */
@QuarkusTest
class RoleMatrixTest {

    enum Caller { NONE, EXPIRED, PLATFORM_ADMIN, VIEWER, EDITOR, ADMIN, OWNER, OTHER_TENANT, SUSPENDED_TENANT }

    enum Scope { TENANT, PLATFORM, ANY_TOKEN, PUBLIC }

    /** One endpoint: the call, given whether it is expected to be allowed, and its success status. */
    record Endpoint(String name, Scope scope, boolean byId, int success, Function<Boolean, Call> call) {
    }

    record Call(String method, String path, Object body) {
    }

    private static final Set<Caller> TENANT_MANAGERS = EnumSet.of(Caller.ADMIN, Caller.OWNER);

    @Test
    void everyEndpointAnswersEveryCallerAsExpectedAndRefusalsChangeNothing() {
        TestTenant tenant = Fixtures.tenant();
        TestTenant other = Fixtures.tenant();
        TestTenant suspended = Fixtures.tenant();
        TestTenant lifecycle = Fixtures.tenant();
        Map<Caller, String> tokens = new java.util.EnumMap<>(Caller.class);
        tokens.put(Caller.PLATFORM_ADMIN, Fixtures.platformAdmin());
        tokens.put(Caller.VIEWER, tenant.member("viewer").token());
        tokens.put(Caller.EDITOR, tenant.member("editor").token());
        tokens.put(Caller.ADMIN, tenant.member("admin").token());
        tokens.put(Caller.OWNER, tenant.owner.token());
        tokens.put(Caller.OTHER_TENANT, other.owner.token());
        tokens.put(Caller.SUSPENDED_TENANT, suspended.owner.token());
        tokens.put(Caller.EXPIRED, expiredToken(tenant));
        given().auth().oauth2(Fixtures.platformAdmin()).contentType(ContentType.JSON).body("{}")
                .post("/api/v1/platform/tenants/" + suspended.id + "/suspend").then().statusCode(200);

        // Sentinels: what refused writes aim at.
        TestUser sentinelMember = tenant.member("viewer");
        String sentinelInvitation = invite(tenant);
        JsonPath sentinelIntegration = integration(tenant);
        int invitationsBefore = count(tenant, "/api/v1/invitations");
        int integrationsBefore = count(tenant, "/api/v1/integrations");

        List<Endpoint> endpoints = List.of(
                new Endpoint("POST accept invitation", Scope.PUBLIC, false, 404, allowed -> new Call("POST",
                        "/api/v1/public/invitations/accept", Map.of("token", "no-such-token"))),
                new Endpoint("GET me", Scope.ANY_TOKEN, false, 200, allowed -> new Call("GET", "/api/v1/me", null)),
                new Endpoint("GET members", Scope.TENANT, false, 200, allowed -> new Call("GET", "/api/v1/members", null)),
                new Endpoint("GET member", Scope.TENANT, true, 200,
                        allowed -> new Call("GET", "/api/v1/members/" + sentinelMember.id, null)),
                new Endpoint("PUT member role", Scope.TENANT, true, 200, allowed -> new Call("PUT",
                        "/api/v1/members/" + (allowed ? tenant.member("viewer").id : sentinelMember.id) + "/role",
                        Map.of("role", "editor"))),
                new Endpoint("DELETE member", Scope.TENANT, true, 204, allowed -> new Call("DELETE",
                        "/api/v1/members/" + (allowed ? tenant.member("viewer").id : sentinelMember.id), null)),
                new Endpoint("POST invitation", Scope.TENANT, false, 201, allowed -> new Call("POST", "/api/v1/invitations",
                        Map.of("email", "m-" + Fixtures.random() + "@example.test", "role", "viewer"))),
                new Endpoint("GET invitations", Scope.TENANT, false, 200, allowed -> new Call("GET", "/api/v1/invitations", null)),
                new Endpoint("DELETE invitation", Scope.TENANT, true, 204, allowed -> new Call("DELETE",
                        "/api/v1/invitations/" + (allowed ? invite(tenant) : sentinelInvitation), null)),
                new Endpoint("POST integration", Scope.TENANT, false, 201, allowed -> new Call("POST", "/api/v1/integrations",
                        Map.of("name", "matrix", "role", "viewer"))),
                new Endpoint("GET integrations", Scope.TENANT, false, 200,
                        allowed -> new Call("GET", "/api/v1/integrations", null)),
                new Endpoint("GET integration", Scope.TENANT, true, 200,
                        allowed -> new Call("GET", "/api/v1/integrations/" + sentinelIntegration.getString("id"), null)),
                new Endpoint("POST integration secret", Scope.TENANT, true, 200, allowed -> new Call("POST",
                        "/api/v1/integrations/" + (allowed ? integration(tenant) : sentinelIntegration).getString("id")
                                + "/secret", null)),
                new Endpoint("DELETE integration", Scope.TENANT, true, 204, allowed -> new Call("DELETE",
                        "/api/v1/integrations/" + (allowed ? integration(tenant) : sentinelIntegration).getString("id"), null)),
                new Endpoint("GET audit", Scope.TENANT, false, 200, allowed -> new Call("GET", "/api/v1/audit", null)),
                new Endpoint("GET tenants", Scope.PLATFORM, false, 200,
                        allowed -> new Call("GET", "/api/v1/platform/tenants", null)),
                new Endpoint("GET tenant", Scope.PLATFORM, true, 200,
                        allowed -> new Call("GET", "/api/v1/platform/tenants/" + tenant.id, null)),
                new Endpoint("POST tenant", Scope.PLATFORM, false, 201, allowed -> new Call("POST", "/api/v1/platform/tenants",
                        Fixtures.tenantRequest("t-" + Fixtures.random(), "o-" + Fixtures.random() + "@example.test"))),
                new Endpoint("POST tenant import", Scope.PLATFORM, false, 201, allowed -> new Call("POST",
                        "/api/v1/platform/tenants/import", Map.of("organizationId",
                        (allowed ? Keycloak.createTenant().id() : tenant.id).toString(), "plan", "team",
                        "limits", Map.of("maxPanels", 1, "maxRowsPerPanel", 1, "maxRequestsPerMinute", 1)))),
                new Endpoint("POST tenant owner-invitation", Scope.PLATFORM, true, 201, allowed -> new Call("POST",
                        "/api/v1/platform/tenants/" + (allowed ? lifecycle.id : tenant.id) + "/owner-invitation",
                        Map.of("email", "o-" + Fixtures.random() + "@example.test"))),
                new Endpoint("PUT tenant", Scope.PLATFORM, true, 200, allowed -> new Call("PUT",
                        "/api/v1/platform/tenants/" + (allowed ? lifecycle.id : tenant.id), Map.of("name", "Changed",
                        "plan", "team", "limits", Map.of("maxPanels", 1, "maxRowsPerPanel", 1, "maxRequestsPerMinute", 1)))),
                new Endpoint("POST tenant suspend", Scope.PLATFORM, true, 200, allowed -> new Call("POST",
                        "/api/v1/platform/tenants/" + (allowed ? lifecycle.id : tenant.id) + "/suspend", Map.of())),
                new Endpoint("POST tenant reactivate", Scope.PLATFORM, true, 200, allowed -> new Call("POST",
                        "/api/v1/platform/tenants/" + (allowed ? lifecycle.id : suspended.id) + "/reactivate", null)),
                new Endpoint("DELETE tenant", Scope.PLATFORM, true, 204, allowed -> new Call("DELETE",
                        "/api/v1/platform/tenants/" + (allowed ? Fixtures.tenant().id : tenant.id), null)));

        List<String> wrong = new ArrayList<>();
        int calls = 0;
        for (Endpoint endpoint : endpoints) {
            for (Caller caller : Caller.values()) {
                int expected = expected(endpoint, caller);
                boolean allowed = expected == endpoint.success();
                Call call = endpoint.call().apply(allowed);
                RequestSpecification request = given();
                if (tokens.containsKey(caller)) {
                    request.auth().oauth2(tokens.get(caller));
                }
                if (call.body() != null) {
                    request.contentType(ContentType.JSON).body(call.body());
                }
                var response = request.request(call.method(), call.path());
                calls++;
                if (response.statusCode() != expected) {
                    wrong.add(endpoint.name() + " as " + caller + ": expected " + expected + ", got "
                            + response.statusCode() + " " + response.asString());
                } else if (expected >= 400 && !response.contentType().startsWith("application/problem+json")) {
                    wrong.add(endpoint.name() + " as " + caller + ": refusal is not problem+json");
                }
            }
        }
        assertTrue(wrong.isEmpty(), calls + " calls, " + wrong.size() + " wrong:\n" + String.join("\n", wrong));

        // Nothing changed by a refusal.
        given().auth().oauth2(tenant.owner.token()).get("/api/v1/members/" + sentinelMember.id)
                .then().statusCode(200).body("role", org.hamcrest.Matchers.equalTo("viewer"));
        given().auth().oauth2(tenant.owner.token()).get("/api/v1/integrations/" + sentinelIntegration.getString("id"))
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("active"));
        given().baseUri(Keycloak.BASE_URL).port(-1).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", sentinelIntegration.getString("clientId"))
                .formParam("client_secret", sentinelIntegration.getString("clientSecret"))
                .post("/realms/panels/protocol/openid-connect/token").then().statusCode(200);
        List<String> states = given().auth().oauth2(tenant.owner.token()).queryParam("limit", 1000)
                .get("/api/v1/invitations").then().statusCode(200).extract().path("items.state");
        assertEquals("pending", given().auth().oauth2(tenant.owner.token()).queryParam("limit", 1000)
                .get("/api/v1/invitations").then().extract().jsonPath()
                .getString("items.find { it.id == '" + sentinelInvitation + "' }.state"));
        // Only the allowed calls (as admin and as owner) made invitations: POST invitation, the fresh ones
        // for DELETE invitation, and those of the fresh members for PUT role and DELETE member.
        assertEquals(invitationsBefore + 2 * 4, states.size());
        // POST integration, and the fresh ones for POST secret and DELETE integration.
        assertEquals(integrationsBefore + 2 * 3, count(tenant, "/api/v1/integrations"));
        given().auth().oauth2(Fixtures.platformAdmin()).get("/api/v1/platform/tenants/" + tenant.id)
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("active"))
                .body("name", org.hamcrest.Matchers.equalTo("Tenant " + tenant.slug));
        given().auth().oauth2(Fixtures.platformAdmin()).get("/api/v1/platform/tenants/" + suspended.id)
                .then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("suspended"));
    }

    private static int expected(Endpoint endpoint, Caller caller) {
        if (endpoint.scope() == Scope.PUBLIC && caller != Caller.EXPIRED) {
            return endpoint.success();
        }
        if (caller == Caller.NONE || caller == Caller.EXPIRED) {
            return 401;
        }
        return switch (endpoint.scope()) {
            case ANY_TOKEN, PUBLIC -> endpoint.success();
            case PLATFORM -> caller == Caller.PLATFORM_ADMIN ? endpoint.success() : 403;
            case TENANT -> switch (caller) {
                case ADMIN, OWNER -> endpoint.success();
                // Another tenant's manager: its own lists and creations, never this tenant's objects.
                case OTHER_TENANT -> endpoint.byId() ? 404 : endpoint.success();
                default -> 403;
            };
        };
    }

    private static String invite(TestTenant tenant) {
        return given().auth().oauth2(tenant.owner.token()).contentType(ContentType.JSON)
                .body(Map.of("email", "s-" + Fixtures.random() + "@example.test", "role", "viewer"))
                .post("/api/v1/invitations").then().statusCode(201).extract().path("id");
    }

    private static JsonPath integration(TestTenant tenant) {
        return given().auth().oauth2(tenant.owner.token()).contentType(ContentType.JSON)
                .body(Map.of("name", "sentinel", "role", "admin"))
                .post("/api/v1/integrations").then().statusCode(201).extract().jsonPath();
    }

    private static int count(TestTenant tenant, String list) {
        return given().auth().oauth2(tenant.owner.token()).queryParam("limit", 1000).get(list)
                .then().statusCode(200).extract().jsonPath().getList("items").size();
    }

    /** A real token of the tenant that has expired: an admin integration whose client issues one-second tokens. */
    private static String expiredToken(TestTenant tenant) {
        JsonPath made = integration(tenant);
        KeycloakAdminLookup.shortTokens(made.getString("clientId"));
        String token = given().baseUri(Keycloak.BASE_URL).port(-1).contentType(ContentType.URLENC)
                .formParam("grant_type", "client_credentials").formParam("client_id", made.getString("clientId"))
                .formParam("client_secret", made.getString("clientSecret"))
                .post("/realms/panels/protocol/openid-connect/token").then().statusCode(200).extract().path("access_token");
        Instant expiry = Instant.ofEpochSecond(Keycloak.claims(token).path("exp").asLong());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> Instant.now().isAfter(expiry.plusSeconds(1)));
        return token;
    }
}
