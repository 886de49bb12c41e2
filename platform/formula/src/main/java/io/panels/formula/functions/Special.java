package io.panels.formula.functions;

import io.panels.formula.eval.ErrorValue;
import io.panels.formula.eval.Thunk;
import io.panels.formula.sql.Fragment;
import io.panels.formula.sql.SqlCall;
import io.panels.formula.types.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Building blocks for the functions that handle blanks and errors themselves. */
final class Special {

    private Special() {}

    /** Evaluates every argument; the first error wins. */
    static Object[] all(Thunk[] args) {
        Object[] values = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            values[i] = args[i].get();
        }
        return values;
    }

    static ErrorValue firstError(Object[] values) {
        for (Object v : values) {
            if (v instanceof ErrorValue e) {
                return e;
            }
        }
        return null;
    }

    /** The error condition of a call that evaluates all its arguments: any of theirs. */
    static String anyError(SqlCall call) {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < call.size(); i++) {
            if (call.fragment(i).error() != null) {
                errors.add(call.fragment(i).error());
            }
        }
        return or(errors);
    }

    static String or(List<String> conditions) {
        return conditions.isEmpty() ? null
                : conditions.size() == 1 ? conditions.getFirst() : "(" + String.join(" OR ", conditions) + ")";
    }

    static String orFalse(String condition) {
        return condition == null ? "FALSE" : condition;
    }

    static Fragment withAllErrors(String value, SqlCall call) {
        return new Fragment(value, anyError(call));
    }

    /** Blank equals blank, a blank equals nothing else; numbers compare by value. */
    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return a.equals(b);
    }

    /** Orders two non-blank values of one type. */
    static int compare(Object a, Object b) {
        return switch (a) {
            case BigDecimal x -> x.compareTo((BigDecimal) b);
            case String x -> Texts.compare(x, (String) b);
            case LocalDate x -> x.compareTo((LocalDate) b);
            case Instant x -> x.compareTo((Instant) b);
            case Boolean x -> x.compareTo((Boolean) b);
            default -> throw new IllegalArgumentException("cannot order " + a.getClass());
        };
    }

    /** SQL ordering of two values; text compares by code point. */
    static String compareSql(String left, String op, String right, Type type) {
        String collate = type == Type.TEXT ? " COLLATE \"C\"" : "";
        return "COALESCE(" + left + " " + op + " " + right + collate + ", FALSE)";
    }

    static boolean truthy(Object value) {
        return Boolean.TRUE.equals(value);
    }

    static String truthySql(String sql) {
        return "COALESCE(" + sql + ", FALSE)";
    }
}
