package io.panels.events.row;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Values of a row changed (one event per row, also in a batch).
 *
 * @param version  the row's version after the change
 * @param values   the new values of the columns that changed, by column key
 * @param previous the values those columns had before
 */
@RegisterForReflection
public record RowUpdated(UUID panelId, UUID rowId, long version, Map<String, JsonNode> values,
                         Map<String, JsonNode> previous, Instant updatedAt, String updatedBy) {
}
