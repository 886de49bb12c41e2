package io.panels.common.tenant;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
