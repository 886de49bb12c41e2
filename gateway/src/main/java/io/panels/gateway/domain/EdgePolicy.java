package io.panels.gateway.domain;

import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.TenancySettings;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantClaims;
import io.panels.common.tenant.TokenClaims;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who may pass the edge, from the path's access and the token verified by quarkus-oidc (once, with
 * Keycloak's cached keys). Tenant paths need a token naming exactly one tenant with a role in it
 * (the same {@link TenantClaims} rules as every service); which role an operation needs is the
 * service's decision, not the gateway's.
 */
@ApplicationScoped
public class EdgePolicy {

    private final TenancySettings tenancy;

    public EdgePolicy(TenancySettings tenancy) {
        this.tenancy = tenancy;
    }

    /** @throws ProblemException 401 without a token, 403 when the token does not fit the path */
    public Caller admit(Access access, SecurityIdentity identity, String address) {
        JsonWebToken token = identity != null && !identity.isAnonymous()
                && identity.getPrincipal() instanceof JsonWebToken jwt ? jwt : null;
        return switch (access) {
            case PUBLIC -> new Caller(Access.PUBLIC, null, address == null ? "unknown" : address);
            case PLATFORM -> {
                requireToken(token);
                if (!identity.hasRole(tenancy.platformAdminRole())) {
                    throw ProblemException.forbidden("platform-admin-required", "Platform admins only",
                            "This call is reserved for the platform team.");
                }
                yield new Caller(Access.PLATFORM, null, subject(token));
            }
            case TENANT -> {
                requireToken(token);
                TenantAccess tenant = TenantClaims.read(TokenClaims.value(token, tenancy.organizationClaim()),
                        TokenClaims.value(token, tenancy.tenantRolesClaim()), subject(token));
                Object azp = TokenClaims.value(token, "azp");
                String client = azp == null ? "-" : azp.toString();
                yield new Caller(Access.TENANT, tenant.tenantId(), client + ":" + subject(token));
            }
        };
    }

    private static void requireToken(JsonWebToken token) {
        if (token == null) {
            throw new ProblemException(401, "unauthorized", "Unauthorized", "A valid bearer token is required.");
        }
    }

    private static String subject(JsonWebToken token) {
        return token.getSubject() != null ? token.getSubject() : token.getName();
    }
}
