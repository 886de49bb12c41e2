package io.panels.events.panel;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/**
 * A panel and its columns were deleted for good (by a user, or because its tenant was deleted):
 * consumers drop what they hold for it, rows included.
 *
 * @param version the version of its last state
 * @param reason  {@code deleted} or {@code tenant_deleted}
 */
@RegisterForReflection
public record PanelDeleted(UUID panelId, long version, String reason) {
}
