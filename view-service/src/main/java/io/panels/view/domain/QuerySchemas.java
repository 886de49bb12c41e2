package io.panels.view.domain;

import io.panels.events.panel.ColumnSettings;
import io.panels.formula.types.Type;
import io.panels.query.schema.ColumnSchema;
import io.panels.query.schema.ColumnType;
import io.panels.query.schema.IdType;
import io.panels.query.schema.SelectOption;
import io.panels.query.schema.TableSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The platform/query table schema of a panel, built from view-service's copy of its columns, to
 * validate the queries views store exactly as data-service will when it runs them. SQL names are
 * placeholders: view-service never compiles SQL, data-service does.
 */
public final class QuerySchemas {

    /** data-service's system fields, usable in filters and sorts of any view (docs/data-service.md). */
    public static final List<String> SYSTEM_KEYS = List.of("_created_at", "_created_by", "_updated_at", "_updated_by", "_version");

    private QuerySchemas() {
    }

    /** Every column of the panel and the system fields. */
    public static TableSchema of(Panel panel) {
        List<ColumnSchema> columns = columns(panel.columns(), c -> true);
        columns.add(ColumnSchema.of("_created_at", "Created", ColumnType.CREATED_TIME, "created_at"));
        columns.add(ColumnSchema.of("_created_by", "Created by", ColumnType.CREATED_BY, "created_by"));
        columns.add(ColumnSchema.of("_updated_at", "Last modified", ColumnType.LAST_MODIFIED_TIME, "updated_at"));
        columns.add(ColumnSchema.of("_updated_by", "Last modified by", ColumnType.LAST_MODIFIED_BY, "updated_by"));
        columns.add(ColumnSchema.of("_version", "Version", ColumnType.AUTONUMBER, "version"));
        return table(columns);
    }

    /** Only the given columns of the panel: what a share link's visitor may filter, sort and search on. */
    public static TableSchema only(Panel panel, Collection<String> keys) {
        return table(columns(panel.columns(), c -> keys.contains(c.key())));
    }

    private static List<ColumnSchema> columns(List<PanelColumn> panelColumns, Predicate<PanelColumn> include) {
        List<ColumnSchema> columns = new ArrayList<>();
        for (PanelColumn column : panelColumns) {
            ColumnType type = type(column.type());
            if (type == null || !include.test(column)) {
                continue;
            }
            ColumnSettings settings = column.settings();
            String sqlName = column.key();
            if (type == ColumnType.FORMULA) {
                if (settings == null || settings.formula() == null) {
                    continue;
                }
                columns.add(ColumnSchema.formula(column.key(), column.name(), settings.formula(), resultType(settings.resultType())));
            } else if (type == ColumnType.SINGLE_SELECT || type == ColumnType.MULTI_SELECT) {
                List<SelectOption> options = settings == null || settings.options() == null ? List.of()
                        : settings.options().stream().map(o -> new SelectOption(o.id(), o.name())).toList();
                columns.add(ColumnSchema.select(column.key(), column.name(), type, sqlName, options));
            } else {
                columns.add(ColumnSchema.of(column.key(), column.name(), type, sqlName));
            }
        }
        return columns;
    }

    private static TableSchema table(List<ColumnSchema> columns) {
        return new TableSchema("data", "panel", "id", IdType.UUID, columns);
    }

    /** The query model's column type of a panel column type, or null for one it does not know. */
    public static ColumnType type(String type) {
        try {
            return ColumnType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    private static Type resultType(String resultType) {
        if (resultType == null) {
            return Type.TEXT;
        }
        try {
            Type type = Type.valueOf(resultType.toUpperCase(Locale.ROOT));
            return type == Type.BLANK ? Type.TEXT : type;
        } catch (IllegalArgumentException e) {
            return Type.TEXT;
        }
    }
}
