package io.panels.data.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A CSV import into a panel, run in the background: queued, running, then completed, failed or
 * cancelled.
 *
 * @param linesRead    data lines of the file read so far (the header not counted)
 * @param rowsImported rows written to the panel (only when completed: the rows land all at once)
 * @param rowsFailed   lines refused so far
 * @param errors       the first per-line errors, by line
 * @param failure      why a failed job failed (nothing of it was written)
 * @param phases       milliseconds per phase of the load (upload, read, insert, indexes, ...), as far as it went
 */
public record ImportJob(UUID id, UUID panelId, Status status, ImportOptions options, long fileBytes, long linesRead,
                        long rowsImported, long rowsFailed, List<LineError> errors, String failure, Instant createdAt,
                        String createdBy, Instant startedAt, Instant finishedAt, Map<String, Long> phases) {

    /** The phases in the order they run (the database keeps them in no order). */
    public static final List<String> PHASES = List.of("upload", "prepare", "read", "copyWait", "endCopy", "duplicates", "dropIndexes",
            "insert", "indexes", "analyze", "complete", "commit", "total");

    public ImportJob {
        Map<String, Long> ordered = new java.util.LinkedHashMap<>();
        if (phases != null) {
            for (String name : PHASES) {
                if (phases.containsKey(name)) {
                    ordered.put(name, phases.get(name));
                }
            }
            phases.forEach(ordered::putIfAbsent);
        }
        phases = java.util.Collections.unmodifiableMap(ordered);
    }

    public enum Status {
        QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED;

        public String sql() {
            return name().toLowerCase();
        }
    }

    /** What is wrong with one line: the column (null for the whole line) and why. */
    @RegisterForReflection
    public record LineError(long line, String column, String message) {
    }
}
