package io.panels.events.export;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.UUID;

/** An export's file is ready for download: {@code rows} data rows, {@code bytes} long. */
@RegisterForReflection
public record ExportCompleted(UUID exportId, UUID panelId, UUID viewId, String format, String requestedBy,
                              long rows, long bytes, Instant completedAt) {
}
