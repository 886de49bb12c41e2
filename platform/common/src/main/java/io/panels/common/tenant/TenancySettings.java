package io.panels.common.tenant;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.Set;

/** Where the tenant and role are found in a token; the defaults match dev/keycloak/panels-realm.json. */
@ConfigMapping(prefix = "panels.tenancy")
public interface TenancySettings {

    @WithDefault("organization")
    String organizationClaim();

    @WithDefault("tenant_roles")
    String tenantRolesClaim();

    /** Realm role of the platform team (tenant lifecycle, /api/v1/platform/**). */
    @WithDefault("platform-admin")
    String platformAdminRole();

    /**
     * Keycloak clients whose service-account tokens may act, read-only, in the tenant named by
     * {@code X-Panels-Tenant} ({@link TrustedServices}, docs/adr/0023). Empty by default: a service
     * that lists none behaves exactly as without this setting.
     */
    Optional<Set<String>> trustedServices();
}
