package io.panels.panel.domain;

import java.util.UUID;

/**
 * What a tenant may do here, kept from tenant.* events. A tenant we have heard nothing about yet is
 * active with the default limit.
 *
 * @param maxPanels null when unknown (the default limit applies)
 */
public record TenantPlan(UUID tenantId, String plan, Integer maxPanels, String status) {

    public static final String ACTIVE = "active";
    public static final String SUSPENDED = "suspended";
    public static final String DELETED = "deleted";

    public static TenantPlan unknown(UUID tenantId) {
        return new TenantPlan(tenantId, null, null, ACTIVE);
    }
}
