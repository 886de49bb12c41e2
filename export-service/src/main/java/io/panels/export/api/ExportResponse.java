package io.panels.export.api;

import io.panels.export.domain.DownloadLinks;
import io.panels.export.domain.ExportColumn;
import io.panels.export.domain.ExportJob;
import io.panels.export.domain.ExportOptions;
import io.panels.export.domain.ExportStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@Schema(description = "An export job: its status (queued, running, completed, failed, cancelled, expired), progress in"
        + " rows, and once completed the file's size and a signed download URL that needs no token and expires")
public record ExportResponse(UUID id, UUID panelId, UUID viewId, String format, String status, String title,
                             List<String> columns, ExportOptions options, String requestedBy, Instant requestedAt,
                             Instant startedAt, Instant finishedAt, long rows, Long bytes, String fileName,
                             String failureReason, String downloadUrl, Instant downloadExpiresAt, Instant fileExpiresAt,
                             @Schema(description = "Runs of the job so far: 0 while queued, 1 normally, more when the"
                                     + " export-service replica running it stopped and another one ran it again from the start")
                             int attempts) {

    static ExportResponse of(ExportJob job, DownloadLinks links) {
        DownloadLinks.Link link = job.status() == ExportStatus.COMPLETED ? links.link(job.id(), Instant.now(), job.expiresAt()) : null;
        return new ExportResponse(job.id(), job.panelId(), job.viewId(), job.format().value(), job.status().value(), job.title(),
                job.columns().stream().map(ExportColumn::key).toList(), job.options(), job.requestedBy(), job.requestedAt(),
                job.startedAt(), job.finishedAt(), job.rowsWritten(), job.fileBytes(), job.fileName(), job.failureReason(),
                link == null ? null : link.url(), link == null ? null : link.expiresAt(), job.expiresAt(), job.attempt());
    }

    @Schema(description = "A page of export jobs, newest first")
    public record Page(List<ExportResponse> items, String nextCursor) {
    }
}
