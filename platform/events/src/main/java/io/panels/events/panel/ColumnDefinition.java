package io.panels.events.panel;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/**
 * The whole definition of one column, as every panel and column event carries it, so that a
 * consumer (data-service builds one PostgreSQL table per panel from these) never calls back.
 *
 * @param id           the column's id (API paths)
 * @param key          the stable key: chosen once, never changed by a rename; formulas and
 *                     consumers refer to columns by it
 * @param name         the display name (renames change only this)
 * @param type         one of the column types documented in docs/panel-service.md, e.g. {@code number}
 * @param position     0-based place in the panel's column order
 * @param defaultValue the value a new row gets when none is given (JSON, shaped by the type), or null
 * @param settings     type-specific settings; fields that do not apply to the type are absent
 */
@RegisterForReflection
public record ColumnDefinition(
        UUID id,
        String key,
        String name,
        String type,
        int position,
        boolean required,
        boolean unique,
        JsonNode defaultValue,
        ColumnSettings settings) {
}
