package io.panels.formula.types;

/** The type of a value in a formula, and the PostgreSQL type it compiles to. */
public enum Type {
    NUMBER("number", "numeric"),
    TEXT("text", "text"),
    BOOLEAN("boolean", "boolean"),
    /** A calendar date, without a time or a time zone. */
    DATE("date", "date"),
    /** An instant in time; shown and taken apart in the evaluation time zone. */
    DATETIME("datetime", "timestamptz"),
    /**
     * The type of {@code BLANK()} while checking: it fits wherever a value of any type does and takes
     * the type that its place asks for. No checked formula has this type.
     */
    BLANK("blank", "text");

    private final String displayName;
    private final String sqlType;

    Type(String displayName, String sqlType) {
        this.displayName = displayName;
        this.sqlType = sqlType;
    }

    public String displayName() {
        return displayName;
    }

    public String sqlType() {
        return sqlType;
    }
}
