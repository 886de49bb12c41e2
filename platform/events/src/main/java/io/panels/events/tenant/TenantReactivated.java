package io.panels.events.tenant;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** A suspended tenant may call the API again. */
@RegisterForReflection
public record TenantReactivated(UUID tenantId) {
}
