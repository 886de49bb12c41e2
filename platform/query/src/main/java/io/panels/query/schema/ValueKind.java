package io.panels.query.schema;

import io.panels.formula.types.Type;

/**
 * What a column's values are, as far as filtering, sorting and summing go: several column types
 * share one kind (email, url and phone are text; currency, rating and autonumber are numbers), and
 * a formula column has the kind of its result. Each kind has its operators and its SQL type.
 */
public enum ValueKind {
    TEXT("text"),
    /** A user id (created_by, last_modified_by): matched exactly, never searched. */
    USER("text"),
    NUMBER("numeric"),
    BOOLEAN("boolean"),
    DATE("date"),
    DATETIME("timestamptz"),
    /** One option id, stored as text. */
    SINGLE_SELECT("text"),
    /** Option ids, stored as text[]. */
    MULTI_SELECT("text[]"),
    JSON("jsonb");

    private final String sqlType;

    ValueKind(String sqlType) {
        this.sqlType = sqlType;
    }

    /** The PostgreSQL type that parameters compared with such a column are cast to. */
    public String sqlType() {
        return sqlType;
    }

    public static ValueKind of(Type formulaType) {
        return switch (formulaType) {
            case NUMBER -> NUMBER;
            case TEXT, BLANK -> TEXT;
            case BOOLEAN -> BOOLEAN;
            case DATE -> DATE;
            case DATETIME -> DATETIME;
        };
    }
}
