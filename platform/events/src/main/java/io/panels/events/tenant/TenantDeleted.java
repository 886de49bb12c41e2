package io.panels.events.tenant;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** A tenant was deleted; every service drops what it holds for it. */
@RegisterForReflection
public record TenantDeleted(UUID tenantId) {
}
