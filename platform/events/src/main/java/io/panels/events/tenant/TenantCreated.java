package io.panels.events.tenant;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** A tenant (a Keycloak organization) was created, with the plan and limits that apply to it. */
@RegisterForReflection
public record TenantCreated(UUID tenantId, String alias, String name, String plan, PlanLimits limits) {
}
