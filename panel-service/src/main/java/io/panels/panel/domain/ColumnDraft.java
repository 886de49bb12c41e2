package io.panels.panel.domain;

import com.fasterxml.jackson.databind.JsonNode;

/** A column as a caller asks for it, before {@link ColumnRules} checks it and fills in defaults. */
public record ColumnDraft(
        String name,
        String key,
        String type,
        boolean required,
        boolean unique,
        JsonNode defaultValue,
        ColumnSettings settings) {
}
