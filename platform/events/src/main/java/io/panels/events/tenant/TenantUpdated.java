package io.panels.events.tenant;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** A tenant's name, alias, plan or limits changed; carries the whole new state. */
@RegisterForReflection
public record TenantUpdated(UUID tenantId, String alias, String name, String plan, PlanLimits limits) {
}
