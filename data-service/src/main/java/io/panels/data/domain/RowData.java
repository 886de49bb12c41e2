package io.panels.data.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A row as read from its panel's table: values by column key, and the system fields. */
public record RowData(UUID id, long version, Map<String, JsonNode> values, Instant createdAt, String createdBy,
                      Instant updatedAt, String updatedBy) {
}
