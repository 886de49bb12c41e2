package io.panels.events.export;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/**
 * An export was asked for: the command export-service's workers run (keyed by export id, so the
 * jobs spread over the partitions). Exactly one of {@code panelId} (a whole panel) or
 * {@code viewId} (a saved view) names what is exported; {@code panelId} is set for a view too.
 */
@RegisterForReflection
public record ExportRequested(UUID exportId, UUID panelId, UUID viewId, String format, String requestedBy,
                              Instant requestedAt) {
}
