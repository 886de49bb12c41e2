package io.panels.common.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.panels.common.problem.ProblemException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TenantClaimsTest {

    private final UUID tenant = UUID.randomUUID();
    private final Map<String, Object> organization = Map.of("acme", Map.of("id", tenant.toString()));

    @Test
    void readsTheOneOrganizationAndTheRoleGrantedInIt() {
        TenantAccess access = TenantClaims.read(organization,
                List.of(UUID.randomUUID() + ":owner", tenant + ":editor"), "user-1");
        assertEquals(tenant, access.tenantId());
        assertEquals("acme", access.tenantAlias());
        assertEquals(Role.EDITOR, access.role(), "a role in another tenant must not count");
        assertEquals("user-1", access.subject());
    }

    @Test
    void takesTheStrongestRoleWhenSeveralAreGranted() {
        assertEquals(Role.ADMIN,
                TenantClaims.read(organization, List.of(tenant + ":viewer", tenant + ":admin"), "u").role());
    }

    @Test
    void refusesTokensNamingNoneOrSeveralTenants() {
        assertEquals("tenant-required", refusal(null, List.of(tenant + ":owner")));
        assertEquals("tenant-required", refusal(Map.of(), List.of(tenant + ":owner")));
        assertEquals("tenant-required", refusal(List.of("acme"), List.of(tenant + ":owner")));
        assertEquals("tenant-ambiguous", refusal(Map.of(
                "acme", Map.of("id", tenant.toString()),
                "other", Map.of("id", UUID.randomUUID().toString())), List.of(tenant + ":owner")));
        assertEquals("tenant-required", refusal(Map.of("acme", Map.of("id", "not-a-uuid")), List.of()));
    }

    @Test
    void refusesAMemberWithoutARoleOrWithAnUnknownOne() {
        assertEquals("not-a-member", refusal(organization, null));
        assertEquals("not-a-member", refusal(organization, List.of(tenant + ":superuser")));
        assertEquals("not-a-member", refusal(organization, List.of(UUID.randomUUID() + ":owner")));
    }

    @Test
    void rolesAreOrdered() {
        assertEquals(true, Role.OWNER.atLeast(Role.ADMIN));
        assertEquals(false, Role.VIEWER.atLeast(Role.EDITOR));
    }

    private static String refusal(Object organizations, Object roles) {
        ProblemException e = assertThrows(ProblemException.class, () -> TenantClaims.read(organizations, roles, "u"));
        assertEquals(403, e.status());
        return e.slug();
    }
}
