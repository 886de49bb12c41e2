package io.panels.common.tenant;

import io.panels.common.problem.ProblemException;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the tenant and role out of token claims, as Keycloak issues them (docs/adr/0003):
 * <ul>
 * <li>{@code organization}: {@code {"<alias>": {"id": "<organization id>"}}} naming exactly one
 * organization, the tenant (the client asked for scope {@code organization:<alias>});</li>
 * <li>{@code tenant_roles}: {@code ["<organization id>:<role>", ...]}, the caller's role per tenant.</li>
 * </ul>
 * Anything else is refused: a token naming no tenant, several tenants, or no role in the one it names.
 */
public final class TenantClaims {

    private TenantClaims() {
    }

    public static TenantAccess read(Object organizationClaim, Object tenantRolesClaim, String subject) {
        Map<?, ?> organizations = organizationClaim instanceof Map<?, ?> map ? map : Map.of();
        if (organizations.isEmpty()) {
            throw ProblemException.forbidden("tenant-required", "Token names no tenant",
                    "Ask for a tenant-scoped token (scope organization:<alias>).");
        }
        if (organizations.size() > 1) {
            throw ProblemException.forbidden("tenant-ambiguous", "Token names several tenants",
                    "Ask for a token scoped to one organization (scope organization:<alias>).");
        }
        Map.Entry<?, ?> organization = organizations.entrySet().iterator().next();
        String alias = String.valueOf(organization.getKey());
        UUID tenantId = organizationId(organization.getValue())
                .orElseThrow(() -> ProblemException.forbidden("tenant-required", "Token names no tenant id",
                        "The organization claim must carry the organization id."));
        Role role = roleIn(tenantId, strings(tenantRolesClaim))
                .orElseThrow(() -> ProblemException.forbidden("not-a-member", "No role in this tenant",
                        "You have no role in organization " + alias + "."));
        return new TenantAccess(tenantId, alias, role, subject);
    }

    private static Optional<UUID> organizationId(Object details) {
        if (details instanceof Map<?, ?> map && map.get("id") != null) {
            try {
                return Optional.of(UUID.fromString(text(map.get("id"))));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The strongest role the claim grants in {@code tenantId} (a user should have one; be safe if not). */
    private static Optional<Role> roleIn(UUID tenantId, List<String> grants) {
        String prefix = tenantId + ":";
        return grants.stream()
                .filter(grant -> grant.startsWith(prefix))
                .map(grant -> Role.fromClaim(grant.substring(prefix.length())))
                .flatMap(Optional::stream)
                .max(Enum::compareTo);
    }

    private static List<String> strings(Object claim) {
        List<String> values = new ArrayList<>();
        if (claim instanceof Collection<?> collection) {
            collection.forEach(value -> values.add(text(value)));
        } else if (claim != null) {
            values.add(text(claim));
        }
        return values;
    }

    private static String text(Object value) {
        if (value instanceof JsonString json) {
            return json.getString();
        }
        if (value instanceof JsonValue json) {
            return json.toString();
        }
        return String.valueOf(value);
    }
}
