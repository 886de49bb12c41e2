package io.panels.export.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One export: what was asked (fixed at request time: title, query and columns, so a later change of
 * the view does not alter a queued job) and how far it got. {@code attempt} counts the runs: 0 while
 * queued, 1 for the first worker, more when a job was taken over after its replica died (ADR 0034).
 */
public record ExportJob(UUID id, UUID tenantId, UUID panelId, UUID viewId, ExportFormat format, ExportOptions options,
                        String title, JsonNode query, List<ExportColumn> columns, ExportStatus status, String requestedBy,
                        Instant requestedAt, Instant startedAt, Instant finishedAt, long rowsWritten, Long fileBytes,
                        String fileName, String failureReason, Instant expiresAt, int attempt) {

    /** The file of this job's current attempt. */
    public io.panels.export.store.StoredFile file() {
        return new io.panels.export.store.StoredFile(tenantId, id, attempt, format.extension());
    }
}
