package io.panels.events.tenant;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** A tenant was suspended: its calls are refused until it is reactivated. */
@RegisterForReflection
public record TenantSuspended(UUID tenantId, String reason) {
}
