package io.panels.query.sql;

/** A JSON value is blank when it is NULL, JSON null, an empty object, an empty array or empty text. */
final class JsonBlank {

    private JsonBlank() {}

    static SqlFragment isEmpty(SqlFragment c) {
        return SqlFragment.of("(").append(c).append(" IS NULL OR ").append(c)
                .append(" IN ('null'::jsonb, '{}'::jsonb, '[]'::jsonb, '\"\"'::jsonb))");
    }

    static SqlFragment isNotEmpty(SqlFragment c) {
        return SqlFragment.of("(").append(c).append(" IS NOT NULL AND ").append(c)
                .append(" NOT IN ('null'::jsonb, '{}'::jsonb, '[]'::jsonb, '\"\"'::jsonb))");
    }
}
