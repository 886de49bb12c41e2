package io.panels.query.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The panel table a query runs on and the columns it may use. Every identifier in the compiled SQL
 * comes from here, quoted, never from the query.
 *
 * @param schemaName the PostgreSQL schema ({@code data})
 * @param tableName  the panel's table
 * @param idColumn   the row id column: the last sort key of every query, so that order is total
 * @param idType     its SQL type
 * @param columns    the columns queries may name
 * @param scope      a column every row of the table has the same value in, and that value (the
 *                   panel's tenant, which leads the primary key), or {@code null}; the first page
 *                   in id order names it so that the primary key serves the order
 */
public record TableSchema(String schemaName, String tableName, String idColumn, IdType idType, List<ColumnSchema> columns,
                          Scope scope) {

    /** A column with one value in every row of the table, and that value. */
    public record Scope(String column, java.util.UUID value) {
        public Scope {
            checkIdentifier(column);
            Objects.requireNonNull(value, "value");
        }
    }

    public TableSchema(String schemaName, String tableName, String idColumn, IdType idType, List<ColumnSchema> columns) {
        this(schemaName, tableName, idColumn, idType, columns, null);
    }

    /** The same table with only {@code usable} columns. */
    public TableSchema withColumns(List<ColumnSchema> usable) {
        return new TableSchema(schemaName, tableName, idColumn, idType, usable, scope);
    }

    public TableSchema {
        checkIdentifier(schemaName);
        checkIdentifier(tableName);
        checkIdentifier(idColumn);
        Objects.requireNonNull(idType, "idType");
        columns = List.copyOf(columns);
        Map<String, ColumnSchema> seen = new LinkedHashMap<>();
        for (ColumnSchema column : columns) {
            if (seen.putIfAbsent(column.key(), column) != null) {
                throw new IllegalArgumentException("two columns have the key " + column.key());
            }
        }
    }

    public Optional<ColumnSchema> column(String key) {
        if (key == null) {
            return Optional.empty();
        }
        return columns.stream().filter(c -> c.key().equals(key)).findFirst();
    }

    /**
     * Identifiers are quoted, so any text is safe in them; '?' is refused because the compiled SQL
     * uses it for placeholders only (and converts it to $n for the reactive client).
     */
    static void checkIdentifier(String name) {
        Objects.requireNonNull(name, "identifier");
        if (name.isEmpty() || name.length() > 63 || name.indexOf('\0') >= 0 || name.indexOf('?') >= 0) {
            throw new IllegalArgumentException("not a usable SQL identifier: " + name);
        }
    }
}
