package io.panels.auth.domain;

import io.panels.events.tenant.PlanLimits;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A tenant: a Keycloak organization (same id) with its plan and lifecycle status. */
public record Tenant(UUID id, String alias, String name, String plan, PlanLimits limits, TenantStatus status,
                     String suspendedReason, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public boolean active() {
        return status == TenantStatus.ACTIVE;
    }
}
