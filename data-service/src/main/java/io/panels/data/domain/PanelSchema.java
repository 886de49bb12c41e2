package io.panels.data.domain;

import io.panels.query.schema.ColumnSchema;
import io.panels.query.schema.ColumnType;
import io.panels.query.schema.IdType;
import io.panels.query.schema.SelectOption;
import io.panels.query.schema.TableSchema;
import java.time.ZoneId;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.UUID;

/**
 * A panel's table as data-service knows it from panel-service's events: the table, the schema
 * version last applied, and the columns in display order.
 */
public record PanelSchema(UUID panelId, UUID tenantId, String tableName, long version, Status status, ZoneId zone,
                          List<PanelColumn> columns) {

    public static final String SCHEMA = "data";

    /** System fields, offered to queries under keys no panel column can have (keys start with a letter). */
    public static final String SYSTEM_CREATED_AT = "_created_at";
    public static final String SYSTEM_CREATED_BY = "_created_by";
    public static final String SYSTEM_UPDATED_AT = "_updated_at";
    public static final String SYSTEM_UPDATED_BY = "_updated_by";
    public static final String SYSTEM_VERSION = "_version";

    public enum Status {
        ACTIVE, ARCHIVED, DELETED;

        public String sql() {
            return name().toLowerCase();
        }
    }

    public PanelSchema {
        columns = new Columns(columns.stream().sorted(Comparator.comparingInt(PanelColumn::position)).toList());
    }

    /** The column with this key: a map lookup (the rows API and imports look up every given key of every row). */
    public Optional<PanelColumn> column(String key) {
        return Optional.ofNullable(((Columns) columns).byKey.get(key));
    }

    public PanelSchema withColumns(List<PanelColumn> newColumns, long newVersion) {
        return new PanelSchema(panelId, tenantId, tableName, newVersion, status, zone, newColumns);
    }

    public PanelSchema withStatus(Status newStatus, long newVersion) {
        return new PanelSchema(panelId, tenantId, tableName, newVersion, newStatus, zone, columns);
    }

    /** {@code "data"."p_..."} */
    public String qualifiedTable() {
        return "\"" + SCHEMA + "\".\"" + tableName + "\"";
    }

    /**
     * The columns queries may use: every panel column (formulas computed in the query unless stored)
     * and the system fields. A formula that does not check against the panel (a broken reference)
     * is left out rather than failing every query.
     */
    public TableSchema tableSchema(boolean storedFormulasOnly) {
        List<ColumnSchema> schema = new ArrayList<>();
        for (PanelColumn column : columns) {
            if (column.isFormula()) {
                if (column.settings().formula() == null) {
                    continue;
                }
                if (column.sqlName() != null) {
                    schema.add(ColumnSchema.storedFormula(column.key(), column.name(), column.sqlName(),
                            column.settings().formula(), StorageTypes.formulaResultType(column.settings().resultType())));
                } else if (!storedFormulasOnly) {
                    schema.add(ColumnSchema.formula(column.key(), column.name(), column.settings().formula(),
                            StorageTypes.formulaResultType(column.settings().resultType())));
                }
            } else if (column.type() == ColumnType.SINGLE_SELECT || column.type() == ColumnType.MULTI_SELECT) {
                schema.add(ColumnSchema.select(column.key(), column.name(), column.type(), column.sqlName(),
                        column.options().stream().map(o -> new SelectOption(o.id(), o.name())).toList()));
            } else {
                schema.add(ColumnSchema.of(column.key(), column.name(), column.type(), column.sqlName()));
            }
        }
        schema.add(ColumnSchema.of(SYSTEM_CREATED_AT, "Created", ColumnType.CREATED_TIME, StorageTypes.CREATED_AT));
        schema.add(ColumnSchema.of(SYSTEM_CREATED_BY, "Created by", ColumnType.CREATED_BY, StorageTypes.CREATED_BY));
        schema.add(ColumnSchema.of(SYSTEM_UPDATED_AT, "Last modified", ColumnType.LAST_MODIFIED_TIME, StorageTypes.UPDATED_AT));
        schema.add(ColumnSchema.of(SYSTEM_UPDATED_BY, "Last modified by", ColumnType.LAST_MODIFIED_BY, StorageTypes.UPDATED_BY));
        schema.add(ColumnSchema.of(SYSTEM_VERSION, "Version", ColumnType.AUTONUMBER, StorageTypes.VERSION));
        return new TableSchema(SCHEMA, tableName, StorageTypes.ID, IdType.UUID, schema,
                new TableSchema.Scope(StorageTypes.TENANT_ID, tenantId));
    }

    /**
     * The columns in display order, unmodifiable (as {@code toList()} made them), with a map by key
     * beside them: a record keeps no other state, so the list carries it.
     */
    private static final class Columns extends AbstractList<PanelColumn> implements RandomAccess {

        private final List<PanelColumn> ordered;
        private final Map<String, PanelColumn> byKey;

        Columns(List<PanelColumn> ordered) {
            this.ordered = ordered;
            Map<String, PanelColumn> keys = new HashMap<>(Math.max(4, ordered.size() * 2));
            for (PanelColumn column : ordered) {
                if (column != null) {
                    // The first column of a key, as a search in display order would find it.
                    keys.putIfAbsent(column.key(), column);
                }
            }
            this.byKey = keys;
        }

        @Override
        public PanelColumn get(int index) {
            return ordered.get(index);
        }

        @Override
        public int size() {
            return ordered.size();
        }
    }
}
