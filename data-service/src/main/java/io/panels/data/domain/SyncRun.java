package io.panels.data.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One sync of a data source: queued (asked for), running, then completed, failed (with why; the
 * panel keeps the data it had) or skipped (another run of the source was running).
 */
public record SyncRun(UUID id, UUID sourceId, UUID panelId, String status, String trigger, String requestedBy, int attempts,
                      long rowsRead, long rowsInserted, long rowsUpdated, long rowsDeleted, long rowsFailed,
                      List<RecordError> errors, String failure, Instant requestedAt, Instant startedAt, Instant finishedAt) {

    /** A record that could not be applied: its number in the source (from 1), the column and why. */
    public record RecordError(long record, String column, String message) {
    }
}
