package io.panels.data.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.events.panel.ColumnDefinition;
import io.panels.events.panel.ColumnSettings;
import io.panels.events.panel.SelectOption;
import io.panels.query.schema.ColumnType;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * One column of a panel as data-service keeps it: the definition from panel-service's events and
 * where its values live in the panel's table.
 *
 * @param sqlName      the column of the panel table that holds (or, for created_time and the like,
 *                     already is) the values; null for a formula computed in each query
 * @param generatedSql for a formula kept as a stored generated column, its generation expression
 */
public record PanelColumn(UUID columnId, String key, String name, ColumnType type, int position, boolean required,
                          boolean unique, JsonNode defaultValue, ColumnSettings settings, String sqlName,
                          String generatedSql) {

    public PanelColumn {
        Objects.requireNonNull(columnId, "columnId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        settings = settings == null ? new ColumnSettings(null, null, null, null, null, null, null, null, null, null) : settings;
    }

    /** The column as an event defines it, before its storage is decided. */
    public static PanelColumn of(ColumnDefinition definition) {
        return new PanelColumn(definition.id(), definition.key(), definition.name(), typeOf(definition.type()),
                definition.position(), definition.required(), definition.unique(),
                definition.defaultValue() == null || definition.defaultValue().isNull() ? null : definition.defaultValue(),
                definition.settings(), null, null);
    }

    public static ColumnType typeOf(String wireName) {
        try {
            return ColumnType.valueOf(wireName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown column type " + wireName);
        }
    }

    public static String wireName(ColumnType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    public PanelColumn withStorage(String sqlName, String generatedSql) {
        return new PanelColumn(columnId, key, name, type, position, required, unique, defaultValue, settings, sqlName, generatedSql);
    }

    public PanelColumn withPosition(int newPosition) {
        return new PanelColumn(columnId, key, name, type, newPosition, required, unique, defaultValue, settings, sqlName, generatedSql);
    }

    public boolean isFormula() {
        return type == ColumnType.FORMULA;
    }

    /** Values the system writes (formulas, created/modified time and user, autonumber): never set by a caller. */
    public boolean computed() {
        return StorageTypes.systemColumn(type) != null || isFormula();
    }

    public List<SelectOption> options() {
        return settings.options() == null ? List.of() : settings.options();
    }

    public boolean hasOption(String id) {
        // A plain loop: checked for every select value of every row written.
        for (SelectOption option : options()) {
            if (option.id().equals(id)) {
                return true;
            }
        }
        return false;
    }
}
