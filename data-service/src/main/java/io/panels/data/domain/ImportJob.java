package io.panels.data.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A CSV import into a panel, run in the background: queued, running, then completed or failed.
 *
 * @param linesRead    data lines of the file read so far (the header not counted)
 * @param rowsImported rows written to the panel (only when completed: the rows land all at once)
 * @param rowsFailed   lines refused so far
 * @param errors       the first per-line errors, by line
 * @param failure      why a failed job failed (nothing of it was written)
 */
public record ImportJob(UUID id, UUID panelId, Status status, ImportOptions options, long fileBytes, long linesRead,
                        long rowsImported, long rowsFailed, List<LineError> errors, String failure, Instant createdAt,
                        String createdBy, Instant startedAt, Instant finishedAt) {

    public enum Status {
        QUEUED, RUNNING, COMPLETED, FAILED;

        public String sql() {
            return name().toLowerCase();
        }
    }

    /** What is wrong with one line: the column (null for the whole line) and why. */
    @RegisterForReflection
    public record LineError(long line, String column, String message) {
    }
}
