package io.panels.formula.sql;

import io.panels.formula.types.Type;
import java.math.BigDecimal;
import java.util.List;

/**
 * A formula compiled to one PostgreSQL expression with {@code ?} placeholders, and the values to
 * bind to them in order.
 *
 * @param immutable whether PostgreSQL may store the expression as a generated column or index it:
 *                  it calls only IMMUTABLE functions and depends on the row alone (no NOW, TODAY)
 */
public record SqlExpression(String sql, List<Object> parameters, Type type, boolean immutable) {

    public SqlExpression {
        parameters = List.copyOf(parameters);
    }

    /** The expression with its parameters written as quoted literals (see {@link SqlCompiler#compileForDdl}). */
    String inlined() {
        StringBuilder out = new StringBuilder(sql.length() + 16 * parameters.size());
        int next = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '?') {
                out.append(literal(parameters.get(next++)));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String literal(Object value) {
        return switch (value) {
            case String s -> quote(s);
            case BigDecimal n -> quote(n.toPlainString());
            default -> throw new IllegalArgumentException("cannot write " + value.getClass() + " as a literal");
        };
    }

    /** A standard SQL string literal (standard_conforming_strings is on in every supported PostgreSQL). */
    public static String quote(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("text with a NUL character cannot be stored by PostgreSQL");
        }
        return "'" + s.replace("'", "''") + "'";
    }

    /** A quoted identifier, for callers building the column SQL of their model. */
    public static String identifier(String name) {
        if (name.indexOf('\0') >= 0 || name.isEmpty()) {
            throw new IllegalArgumentException("not an identifier: " + name);
        }
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
