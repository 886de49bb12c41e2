package io.panels.formula.functions;

import io.panels.formula.sql.SqlCall;
import io.panels.formula.types.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** How a value reads as text (TEXT, CONCAT, &): the same characters in both back ends. */
final class ValueText {

    private ValueText() {}

    static String of(Object value, ZoneId zone) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case BigDecimal n -> n.toPlainString();
            case Boolean b -> b.toString();
            case LocalDate d -> DateFormat.of(DateFormat.DATE).format(d.atStartOfDay());
            case Instant i -> DateFormat.of(DateFormat.DATETIME).format(DateTimes.local(i, zone));
            default -> throw new IllegalArgumentException("not a formula value: " + value.getClass());
        };
    }

    static String sql(String sql, Type type, SqlCall call) {
        return switch (type) {
            case TEXT -> sql;
            case NUMBER, BOOLEAN -> "CAST(" + sql + " AS text)";
            case DATE -> DateFormat.of(DateFormat.DATE).formatSql(DateTimes.localSql(sql, type, call), call);
            case DATETIME -> DateFormat.of(DateFormat.DATETIME).formatSql(DateTimes.localSql(sql, type, call), call);
            case BLANK -> "CAST(NULL AS text)";
        };
    }
}
