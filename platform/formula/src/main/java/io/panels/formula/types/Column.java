package io.panels.formula.types;

import java.util.Objects;

/**
 * A column a formula may refer to, as the caller describes it.
 *
 * @param name    the display name people write in {@code {...}}
 * @param key     the stable key that survives renames
 * @param type    the type of its values
 * @param sql     the SQL the compiler emits to read it: a quoted identifier or an expression the
 *                caller trusts (for example {@code "t"."c_0192"}); it is never built from formula text
 * @param formula for a formula column its formula (written in the same reference style as the
 *                model resolves), else {@code null}; used to find reference cycles
 */
public record Column(String name, String key, Type type, String sql, String formula) {

    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sql, "sql");
        if (type == Type.BLANK) {
            throw new IllegalArgumentException("a column has a real type");
        }
    }

    public static Column data(String name, String key, Type type, String sql) {
        return new Column(name, key, type, sql, null);
    }

    public boolean isFormula() {
        return formula != null;
    }
}
