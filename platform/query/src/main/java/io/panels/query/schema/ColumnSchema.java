package io.panels.query.schema;

import io.panels.formula.types.Type;
import java.util.List;
import java.util.Objects;

/**
 * A column that a query may use, as the caller (data-service, view-service) describes it. Only
 * the columns the caller lists can be filtered, sorted, grouped, summed or searched, so a caller
 * that must hide columns (a share link) simply leaves them out.
 *
 * @param key        the stable key that queries name
 * @param name       the display name, for messages
 * @param type       the panel column type
 * @param sqlName    the SQL column name in the panel table; for a formula column the name of its
 *                   stored generated column, or {@code null} when it is computed in the query
 * @param formula    for a formula column its formula, with references written by key ({@code {c_price}})
 * @param resultType for a formula column the type of its result
 * @param options    for a select column its options, in their display order (which is also the sort order)
 */
public record ColumnSchema(String key, String name, ColumnType type, String sqlName, String formula,
                           Type resultType, List<SelectOption> options) {

    public ColumnSchema {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        options = options == null ? List.of() : List.copyOf(options);
        if (type == ColumnType.FORMULA) {
            Objects.requireNonNull(formula, "a formula column has a formula");
            Objects.requireNonNull(resultType, "a formula column has a result type");
        } else {
            Objects.requireNonNull(sqlName, "a stored column has an SQL name");
            if (formula != null || resultType != null) {
                throw new IllegalArgumentException("only a formula column has a formula: " + key);
            }
        }
        if (sqlName != null) {
            TableSchema.checkIdentifier(sqlName);
        }
    }

    public static ColumnSchema of(String key, String name, ColumnType type, String sqlName) {
        return new ColumnSchema(key, name, type, sqlName, null, null, List.of());
    }

    public static ColumnSchema select(String key, String name, ColumnType type, String sqlName, List<SelectOption> options) {
        if (type != ColumnType.SINGLE_SELECT && type != ColumnType.MULTI_SELECT) {
            throw new IllegalArgumentException("not a select type: " + type);
        }
        return new ColumnSchema(key, name, type, sqlName, null, null, options);
    }

    /** A formula column computed in the query. */
    public static ColumnSchema formula(String key, String name, String formula, Type resultType) {
        return new ColumnSchema(key, name, ColumnType.FORMULA, null, formula, resultType, List.of());
    }

    /** A formula column that data-service keeps as a stored generated column. */
    public static ColumnSchema storedFormula(String key, String name, String sqlName, String formula, Type resultType) {
        return new ColumnSchema(key, name, ColumnType.FORMULA, sqlName, formula, resultType, List.of());
    }

    public ValueKind kind() {
        return type == ColumnType.FORMULA ? ValueKind.of(resultType) : type.storedKind();
    }

    public boolean isFormula() {
        return type == ColumnType.FORMULA;
    }

    /** Whether free-text search looks into this column. */
    public boolean searchable() {
        return kind() == ValueKind.TEXT;
    }

    public boolean hasOption(String id) {
        return options.stream().anyMatch(o -> o.id().equals(id));
    }
}
