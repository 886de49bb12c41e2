package io.panels.export.api;

import io.panels.export.domain.ExportOptions;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "What to export: exactly one of panelId (the whole panel) or viewId (a saved view: its visible"
        + " columns, filters and sorts), the format, and optional options")
public record ExportRequest(UUID panelId, UUID viewId,
                            @Schema(enumeration = {"csv", "xlsx", "json", "ndjson", "pdf"}, required = true) String format,
                            ExportOptions options) {
}
