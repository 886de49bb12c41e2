package io.panels.common.tenant;

import io.panels.common.problem.ProblemException;
import io.panels.common.request.RequestIds;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;

/**
 * The tenant and role of the current request, from the verified bearer token only (never a
 * header, path or body). Resources call {@link #require(Role)} first; everything after works
 * inside {@link #tenantId()}.
 */
@RequestScoped
public class TenantContext {

    @Inject
    SecurityIdentity identity;

    @Inject
    TenancySettings settings;

    private TenantAccess access;

    /** The caller's tenant; 401/403 when the token names none. */
    public UUID tenantId() {
        return access().tenantId();
    }

    public Role role() {
        return access().role();
    }

    /** The Keycloak user (or service account) id, as stored in created_by / updated_by. */
    public String subject() {
        return access().subject();
    }

    /**
     * The user the work is done for: the subject, or the user a trusted service names in
     * {@code X-Panels-On-Behalf-Of} (docs/adr/0023).
     */
    public String actingUser() {
        String onBehalfOf = identity.getAttribute(TrustedServices.ACTING_USER_ATTRIBUTE);
        return onBehalfOf != null ? onBehalfOf : subject();
    }

    /** The caller's token subject, with or without a tenant (platform admins' tokens name none); 401 without a token. */
    public String callerSubject() {
        JsonWebToken token = requireAuthenticated();
        return token.getSubject() != null ? token.getSubject() : token.getName();
    }

    /** Refuses the call with 403 unless the caller's role in its tenant is at least {@code required}. */
    public TenantAccess require(Role required) {
        TenantAccess current = access();
        if (!current.role().atLeast(required)) {
            throw ProblemException.forbidden("insufficient-role", "Insufficient role",
                    "This needs the " + required.claimValue() + " role; you are " + current.role().claimValue() + ".");
        }
        return current;
    }

    public boolean isPlatformAdmin() {
        return !identity.isAnonymous() && identity.hasRole(settings.platformAdminRole());
    }

    /** Refuses the call with 403 unless a platform admin makes it. */
    public void requirePlatformAdmin() {
        requireAuthenticated();
        if (!isPlatformAdmin()) {
            throw ProblemException.forbidden("platform-admin-required", "Platform admins only",
                    "This call is reserved for the platform team.");
        }
    }

    private TenantAccess access() {
        if (access == null) {
            JsonWebToken token = requireAuthenticated();
            TenantAccess service = identity.getAttribute(TrustedServices.ACCESS_ATTRIBUTE);
            access = service != null ? service : TenantClaims.read(TokenClaims.value(token, settings.organizationClaim()),
                    TokenClaims.value(token, settings.tenantRolesClaim()),
                    token.getSubject() != null ? token.getSubject() : token.getName());
            MDC.put(RequestIds.MDC_TENANT_ID, access.tenantId().toString());
        }
        return access;
    }

    private JsonWebToken requireAuthenticated() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        return token;
    }
}
