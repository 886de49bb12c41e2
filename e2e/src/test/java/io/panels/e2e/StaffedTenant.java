package io.panels.e2e;

import static io.restassured.RestAssured.given;

import io.panels.common.testing.Keycloak;
import io.restassured.http.ContentType;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant made the way customers get one, through auth-service behind the gateway: the platform
 * admin creates it, its owner accepts the invitation, and the owner invites one member of each
 * other role. Holds a token and the user id of each.
 */
public record StaffedTenant(String slug, UUID id, Map<String, String> tokens, Map<String, String> userIds) {

    public static final List<String> ROLES = List.of("owner", "admin", "editor", "viewer");
    public static final String PASSWORD = "e2e-password-1";

    public static StaffedTenant create(URI api) {
        String slug = "e-" + UUID.randomUUID().toString().substring(0, 10);
        String platformAdmin = Keycloak.token("platform-admin", "platform-admin", "openid");
        var created = given().baseUri(api.toString()).auth().oauth2(platformAdmin).contentType(ContentType.JSON)
                .body(Map.of("name", "E2E " + slug, "slug", slug, "plan", "team", "ownerEmail", email("owner", slug),
                        "limits", Map.of("maxPanels", 50, "maxRowsPerPanel", 100_000, "maxRequestsPerMinute", 6000)))
                .post("/api/v1/platform/tenants")
                .then().statusCode(201).extract();
        UUID id = UUID.fromString(created.path("tenant.id"));
        Map<String, String> tokens = new HashMap<>();
        accept(api, created.path("owner.invitation.token"));
        tokens.put("owner", signIn("owner", slug));
        for (String role : ROLES.subList(1, ROLES.size())) {
            String invitation = given().baseUri(api.toString()).auth().oauth2(tokens.get("owner")).contentType(ContentType.JSON)
                    .body(Map.of("email", email(role, slug), "role", role))
                    .post("/api/v1/invitations").then().statusCode(201).extract().path("token");
            accept(api, invitation);
            tokens.put(role, signIn(role, slug));
        }
        Map<String, String> userIds = new HashMap<>();
        for (String role : ROLES) {
            userIds.put(role, Keycloak.claims(tokens.get(role)).path("sub").asText());
        }
        return new StaffedTenant(slug, id, Map.copyOf(tokens), Map.copyOf(userIds));
    }

    public String token(String role) {
        return tokens.get(role);
    }

    public String username(String role) {
        return email(role, slug);
    }

    private static String email(String role, String slug) {
        return role + "@" + slug + ".test";
    }

    private static void accept(URI api, String invitationToken) {
        given().baseUri(api.toString()).contentType(ContentType.JSON)
                .body(Map.of("token", invitationToken, "password", PASSWORD, "firstName", "E2E", "lastName", "Member"))
                .post("/api/v1/public/invitations/accept")
                .then().statusCode(200);
    }

    private static String signIn(String role, String slug) {
        return Keycloak.token(email(role, slug), PASSWORD, "openid organization:" + slug);
    }
}
