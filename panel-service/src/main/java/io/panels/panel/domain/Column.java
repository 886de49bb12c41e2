package io.panels.panel.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.UUID;

/** One column of a panel, as stored. {@code key} never changes once the column exists. */
public record Column(
        UUID id,
        String key,
        String name,
        ColumnType type,
        int position,
        boolean required,
        boolean unique,
        JsonNode defaultValue,
        ColumnSettings settings,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public Column withPosition(int newPosition) {
        return new Column(id, key, name, type, newPosition, required, unique, defaultValue, settings, createdAt, updatedAt);
    }

    public Column withSettings(ColumnSettings newSettings, OffsetDateTime now) {
        return new Column(id, key, name, type, position, required, unique, defaultValue, newSettings, createdAt, now);
    }
}
