package io.panels.data.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.data.domain.RowData;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the rows API answers. */
public final class RowResponses {

    private RowResponses() {
    }

    /** A row: every column's value by key (formulas computed), and its system fields. {@code version} is the ETag. */
    public record RowResponse(UUID id, long version, Map<String, JsonNode> values, Instant createdAt, String createdBy,
                              Instant updatedAt, String updatedBy) {

        public static RowResponse of(RowData row) {
            return new RowResponse(row.id(), row.version(), row.values(), row.createdAt(), row.createdBy(), row.updatedAt(),
                    row.updatedBy());
        }
    }

    public record RowList(List<RowResponse> rows) {

        public static RowList of(List<RowData> rows) {
            return new RowList(rows.stream().map(RowResponse::of).toList());
        }
    }

    public record DeletedRows(List<UUID> deleted) {
    }

    /** One change of a row: {@code changes} is {"key": {"old": ..., "new": ...}} for the columns it changed. */
    public record HistoryEntry(long version, String action, Instant changedAt, String changedBy, JsonNode changes) {
    }

    public record HistoryPage(List<HistoryEntry> entries, String nextCursor) {
    }
}
