package io.panels.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantClaims;
import io.panels.common.testing.Keycloak;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The journey a user walks, step by step, against the running suite. It starts where every user
 * starts: signing in to the demo tenant and getting a token that names it. Each service adds its
 * steps here as it lands.
 */
class DemoTenantJourneyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDemoOwnerSignsInAndTheTokenNamesTheDemoTenantAndTheOwnerRole() {
        String token = Keycloak.token("demo@panels.local", "demo", "openid organization:demo");
        JsonNode claims = Keycloak.claims(token);

        JsonNode organization = claims.path("organization");
        assertEquals(1, organization.size(), "a tenant-scoped token names exactly one organization: " + organization);
        String demoId = organization.path("demo").path("id").asText();
        UUID.fromString(demoId);
        assertTrue(claims.path("tenant_roles").toString().contains(demoId + ":owner"), claims.toString());
        assertFalse(claims.path("sub").asText().isEmpty(), "the token still carries the subject");

        TenantAccess access = accessOf(claims);
        assertEquals(UUID.fromString(demoId), access.tenantId());
        assertEquals(Role.OWNER, access.role());
    }

    @Test
    void theDemoViewerGetsTheViewerRole() {
        JsonNode claims = Keycloak.claims(Keycloak.token("viewer@panels.local", "viewer", "openid organization:demo"));
        String demoId = claims.path("organization").path("demo").path("id").asText();
        TenantAccess access = accessOf(claims);
        assertEquals(UUID.fromString(demoId), access.tenantId());
        assertEquals(Role.VIEWER, access.role());
    }

    /** What the services make of these claims (TenantClaims): it must agree with what Keycloak issues. */
    private static TenantAccess accessOf(JsonNode claims) {
        return TenantClaims.read(JSON.convertValue(claims.path("organization"), Map.class),
                JSON.convertValue(claims.path("tenant_roles"), Object.class), claims.path("sub").asText());
    }

    @Test
    void thePlatformAdminCarriesThePlatformAdminRealmRole() {
        JsonNode claims = Keycloak.claims(Keycloak.token("platform-admin", "platform-admin", "openid"));
        assertTrue(claims.path("realm_access").path("roles").toString().contains("\"platform-admin\""), claims.toString());
    }
}
