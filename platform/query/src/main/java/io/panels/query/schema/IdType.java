package io.panels.query.schema;

/** The SQL type of a panel table's row id, the tie-breaker of every sort. */
public enum IdType {
    UUID("uuid"),
    BIGINT("bigint");

    private final String sqlType;

    IdType(String sqlType) {
        this.sqlType = sqlType;
    }

    public String sqlType() {
        return sqlType;
    }
}
