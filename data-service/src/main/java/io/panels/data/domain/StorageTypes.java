package io.panels.data.domain;

import io.panels.formula.types.Type;
import io.panels.query.schema.ColumnType;
import java.util.Locale;
import java.util.UUID;

/**
 * How each column type is stored in a panel table (docs/adr/0015-one-table-per-panel.md). Numbers
 * are unconstrained {@code numeric} (the column's precision rounds values on write), so that a new
 * precision never rewrites the table; durations are seconds; select options are stored by id.
 */
public final class StorageTypes {

    /** The system columns every panel table has, besides the panel's own. */
    public static final String ID = "id";
    public static final String TENANT_ID = "tenant_id";
    public static final String CREATED_AT = "created_at";
    public static final String CREATED_BY = "created_by";
    public static final String UPDATED_AT = "updated_at";
    public static final String UPDATED_BY = "updated_by";
    public static final String VERSION = "version";
    public static final String ROW_NUMBER = "row_no";

    private StorageTypes() {
    }

    /** The PostgreSQL type of a stored column of {@code type}; null for types without a column of their own. */
    public static String sqlType(ColumnType type) {
        return switch (type) {
            case TEXT, LONG_TEXT, EMAIL, URL, PHONE, SINGLE_SELECT -> "text";
            case NUMBER, CURRENCY, PERCENT, DURATION, RATING -> "numeric";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
            case DATETIME -> "timestamptz";
            case MULTI_SELECT -> "text[]";
            case JSON -> "jsonb";
            case FORMULA, CREATED_TIME, LAST_MODIFIED_TIME, CREATED_BY, LAST_MODIFIED_BY, AUTONUMBER -> null;
        };
    }

    /** The system column that holds the values of a computed type; null for the others. */
    public static String systemColumn(ColumnType type) {
        return switch (type) {
            case CREATED_TIME -> CREATED_AT;
            case LAST_MODIFIED_TIME -> UPDATED_AT;
            case CREATED_BY -> CREATED_BY;
            case LAST_MODIFIED_BY -> UPDATED_BY;
            case AUTONUMBER -> ROW_NUMBER;
            default -> null;
        };
    }

    /** The SQL type of a formula's result. */
    public static String sqlType(Type formulaResult) {
        return formulaResult.sqlType();
    }

    public static Type formulaResultType(String resultType) {
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

    /**
     * The name of a panel column's own SQL column: {@code c_<key>} (keys are stable and are lower-case
     * identifiers already), or {@code c_<column id>} for a key too long to prefix.
     */
    public static String columnName(String key, UUID columnId) {
        return key.length() <= 50 ? "c_" + key : "c_" + columnId.toString().replace("-", "");
    }

    public static String tableName(UUID panelId) {
        return "p_" + panelId.toString().replace("-", "");
    }

    /** Index names are unique per schema: the table's name and the column id's random tail. */
    public static String indexName(String tableName, UUID columnId, String suffix) {
        String id = columnId.toString().replace("-", "");
        return tableName + "_" + id.substring(id.length() - 12) + "_" + suffix;
    }
}
