package io.panels.auth.api;

import io.panels.auth.domain.Tenant;
import io.panels.auth.store.TenantStore;
import io.panels.auth.store.TenantTransactions;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenancySettings;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.json.JsonString;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who am I: any valid token, tenant-scoped or not (a user picks a tenant from this list). */
@Path("/api/v1/me")
@Tag(name = "Me")
public class MeResource {

    private final JsonWebToken token;
    private final TenantContext context;
    private final TenancySettings tenancy;
    private final TenantTransactions transactions;
    private final TenantStore tenants;

    public MeResource(JsonWebToken token, TenantContext context, TenancySettings tenancy, TenantTransactions transactions,
                      TenantStore tenants) {
        this.token = token;
        this.context = context;
        this.tenancy = tenancy;
        this.transactions = transactions;
        this.tenants = tenants;
    }

    @GET
    @Authenticated
    @Operation(summary = "Who I am, the tenant my token names, and all my tenants with my role in each",
            description = "Roles come from the token (they change with the next token after a role change).")
    public Uni<MeResponse> me() {
        MeResponse.CurrentTenant current = currentTenant().map(access -> new MeResponse.CurrentTenant(access.tenantId(),
                access.tenantAlias(), access.role().claimValue())).orElse(null);
        Map<UUID, Role> roles = roles(token.getClaim(tenancy.tenantRolesClaim()));
        return transactions.platform(sql -> tenants.findAll(sql, roles.keySet())).map(known -> {
            Map<UUID, Tenant> byId = known.stream().collect(Collectors.toMap(Tenant::id, Function.identity()));
            List<MeResponse.MyTenant> mine = new ArrayList<>();
            roles.forEach((id, role) -> {
                Tenant tenant = byId.get(id);
                if (tenant == null) {
                    mine.add(new MeResponse.MyTenant(id, null, null, role.claimValue(), "unknown"));
                } else if (tenant.status() != io.panels.auth.domain.TenantStatus.DELETED) {
                    mine.add(new MeResponse.MyTenant(id, tenant.alias(), tenant.name(), role.claimValue(),
                            tenant.status().value()));
                }
            });
            return new MeResponse(token.getSubject(), token.getClaim("preferred_username"), token.getClaim("email"),
                    context.isPlatformAdmin(), current, mine);
        });
    }

    private Optional<TenantAccess> currentTenant() {
        try {
            return Optional.of(context.require(Role.VIEWER));
        } catch (ProblemException e) {
            return Optional.empty();
        }
    }

    /** The {@code <tenantId>:<role>} values of the claim; the strongest role wins for a tenant named twice. */
    private static Map<UUID, Role> roles(Object claim) {
        Map<UUID, Role> roles = new LinkedHashMap<>();
        if (!(claim instanceof Collection<?> values)) {
            return roles;
        }
        for (Object value : values) {
            String text = value instanceof JsonString json ? json.getString() : String.valueOf(value);
            int colon = text.indexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                UUID tenantId = UUID.fromString(text.substring(0, colon));
                Role.fromClaim(text.substring(colon + 1)).ifPresent(role -> roles.merge(tenantId, role,
                        (a, b) -> a.atLeast(b) ? a : b));
            } catch (IllegalArgumentException e) {
                // not a tenant role value: ignored
            }
        }
        return roles;
    }
}
