package io.panels.auth;

import static io.restassured.RestAssured.given;

import io.panels.common.testing.Keycloak;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Tenants and members made through auth-service's own API (as a platform admin and an owner would),
 * with real Keycloak tokens. Random names: tests never share a tenant.
 */
public final class Fixtures {

    public static final String PASSWORD = "a-long-test-password";
    private static String adminToken;
    private static Instant adminTokenTaken = Instant.EPOCH;

    private Fixtures() {
    }

    /** A platform admin's token (realm role platform-admin, no tenant), renewed before it expires. */
    public static synchronized String platformAdmin() {
        if (adminToken == null || adminTokenTaken.isBefore(Instant.now().minusSeconds(200))) {
            adminToken = Keycloak.token("platform-admin", "platform-admin", "openid");
            adminTokenTaken = Instant.now();
        }
        return adminToken;
    }

    public static String random() {
        return UUID.randomUUID().toString().substring(0, 10);
    }

    public static Map<String, Object> tenantRequest(String slug, String ownerEmail) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", "Tenant " + slug);
        body.put("slug", slug);
        body.put("plan", "team");
        body.put("limits", Map.of("maxPanels", 100, "maxRowsPerPanel", 1_000_000, "maxRequestsPerMinute", 1200));
        body.put("ownerEmail", ownerEmail);
        return body;
    }

    /** A new tenant whose owner is a new user who accepted the owner invitation. */
    public static TestTenant tenant() {
        String slug = "t-" + random();
        String ownerEmail = "owner-" + random() + "@" + slug + ".test";
        JsonPath created = given().auth().oauth2(platformAdmin()).contentType(ContentType.JSON)
                .body(tenantRequest(slug, ownerEmail))
                .when().post("/api/v1/platform/tenants")
                .then().statusCode(201).extract().jsonPath();
        accept(created.getString("owner.invitation.token"));
        return new TestTenant(UUID.fromString(created.getString("tenant.id")), slug,
                new TestUser(created.getString("owner.userId"), ownerEmail, slug));
    }

    public static JsonPath accept(String invitationToken) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("token", invitationToken, "password", PASSWORD, "firstName", "Test", "lastName", "User"))
                .when().post("/api/v1/public/invitations/accept")
                .then().statusCode(200).extract().jsonPath();
    }

    public static final class TestTenant {
        public final UUID id;
        public final String slug;
        public final TestUser owner;

        TestTenant(UUID id, String slug, TestUser owner) {
            this.id = id;
            this.slug = slug;
            this.owner = owner;
        }

        /** A new user invited by the owner with {@code role}, who accepted. */
        public TestUser member(String role) {
            String email = role + "-" + random() + "@" + slug + ".test";
            String token = given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                    .body(Map.of("email", email, "role", role))
                    .when().post("/api/v1/invitations")
                    .then().statusCode(201).extract().path("token");
            String userId = accept(token).getString("userId");
            return new TestUser(userId, email, slug);
        }
    }

    public static final class TestUser {
        public final String id;
        public final String email;
        private final String slug;
        private String token;
        private Instant taken = Instant.EPOCH;

        TestUser(String id, String email, String slug) {
            this.id = id;
            this.email = email;
            this.slug = slug;
        }

        /** A token scoped to the tenant, cached for a while (a role change needs {@link #freshToken()}). */
        public synchronized String token() {
            if (token == null || taken.isBefore(Instant.now().minusSeconds(200))) {
                return freshToken();
            }
            return token;
        }

        public synchronized String freshToken() {
            token = Keycloak.token(email, PASSWORD, "openid organization:" + slug);
            taken = Instant.now();
            return token;
        }

        /** A token naming no tenant. */
        public String unscopedToken() {
            return Keycloak.token(email, PASSWORD, "openid");
        }
    }
}
