package io.panels.events.export;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/** An export ended without a file; {@code reason} says why in words a user can act on. */
@RegisterForReflection
public record ExportFailed(UUID exportId, UUID panelId, UUID viewId, String format, String requestedBy,
                           String reason, Instant failedAt) {
}
