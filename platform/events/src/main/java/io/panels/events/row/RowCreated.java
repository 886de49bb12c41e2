package io.panels.events.row;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A row was added to a panel (one event per row, also for a batch of up to 1,000 rows).
 *
 * @param values every stored column's value by column key (formulas and system fields excluded), blank as null
 */
@RegisterForReflection
public record RowCreated(UUID panelId, UUID rowId, long version, Map<String, JsonNode> values, Instant createdAt,
                         String createdBy) {
}
