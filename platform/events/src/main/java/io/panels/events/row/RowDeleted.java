package io.panels.events.row;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A row was deleted (one event per row, also in a batch).
 *
 * @param version the row's last version
 * @param values  its stored values when it was deleted, by column key
 */
@RegisterForReflection
public record RowDeleted(UUID panelId, UUID rowId, long version, Map<String, JsonNode> values, Instant deletedAt,
                         String deletedBy) {
}
