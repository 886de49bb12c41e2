package io.panels.formula.functions;

import static io.panels.formula.functions.Def.fn;
import static io.panels.formula.functions.Def.num;
import static io.panels.formula.functions.Family.CONVERSION;

import io.panels.formula.types.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

final class ConversionFunctions {

    private static final Param N = Param.of(Type.NUMBER);

    private ConversionFunctions() {}

    static List<FunctionDef> all() {
        return List.of(
                fn("TEXT", CONVERSION).doc("TEXT(value)", "The value as text: numbers with all their decimals, true/false, "
                                + "dates as YYYY-MM-DD, datetimes as YYYY-MM-DD HH:mm:ss in the evaluation time zone.")
                        .typing(Signature.of(Type.TEXT, Param.any()))
                        .strict((a, ctx) -> ValueText.of(a[0], ctx.zone()), c -> ValueText.sql(c.arg(0), c.type(0), c))
                        .example("TEXT(1.50)", "1.50"),
                fn("DATESTR", CONVERSION).doc("DATESTR(date)", "The date (or the date of a datetime) as YYYY-MM-DD.")
                        .typing(Signature.of(Type.TEXT, Param.of(Type.DATE, Type.DATETIME)))
                        .strict((a, ctx) -> DateFormat.of(DateFormat.DATE).format(DateTimes.local(a[0], ctx.zone())),
                                c -> DateFormat.of(DateFormat.DATE).formatSql(DateTimes.localSql(c.arg(0), c.type(0), c), c))
                        .example("DATESTR(DATE(2024, 2, 30))", "2024-03-01"),
                fn("DATE", CONVERSION).doc("DATE(year, month, day)", "The date; the year goes from 1 to 9999, the month from 1 to 12 "
                                + "and the day from 1 to 31, else it is an error; days past the end of the month roll over.")
                        .typing(Signature.of(Type.DATE, N, N, N))
                        .strict((a, ctx) -> {
                            int y = Numeric.clamp(num(a, 0), 1, 9999);
                            int m = Numeric.clamp(num(a, 1), 1, 12);
                            int d = Numeric.clamp(num(a, 2), 1, 31);
                            if (!inRange(num(a, 0), 1, 9999) || !inRange(num(a, 1), 1, 12) || !inRange(num(a, 2), 1, 31)) {
                                return Def.error("Not a valid date");
                            }
                            return LocalDate.of(y, m, 1).plusDays(d - 1L);
                        }, c -> "CAST(TIMESTAMP '0001-01-01 00:00:00' + make_interval(years => " + Numeric.clampSql(c.arg(0), 1, 9999)
                                + " - 1, months => " + Numeric.clampSql(c.arg(1), 1, 12) + " - 1, days => "
                                + Numeric.clampSql(c.arg(2), 1, 31) + " - 1) AS date)",
                                c -> "(trunc(" + c.arg(0) + ") NOT BETWEEN 1 AND 9999 OR trunc(" + c.arg(1) + ") NOT BETWEEN 1 AND 12 OR trunc("
                                        + c.arg(2) + ") NOT BETWEEN 1 AND 31)")
                        .example("DATE(2024, 7, 4)", "2024-07-04"),
                fn("TO_DATE", CONVERSION).doc("TO_DATE(datetime)", "The date of the datetime in the evaluation time zone.")
                        .typing(Signature.of(Type.DATE, Param.of(Type.DATETIME)))
                        .strict((a, ctx) -> LocalDate.ofInstant((Instant) a[0], ctx.zone()),
                                c -> "CAST(" + DateTimes.localSql(c.arg(0), Type.DATETIME, c) + " AS date)")
                        .example("TO_DATE(DATETIME_PARSE(\"2024-07-04 23:30:00\"))", "2024-07-04"),
                fn("TO_DATETIME", CONVERSION).doc("TO_DATETIME(date)", "Midnight at the start of the date in the evaluation time zone.")
                        .typing(Signature.of(Type.DATETIME, Param.of(Type.DATE)))
                        .strict((a, ctx) -> DateTimes.instant(((LocalDate) a[0]).atStartOfDay(), ctx.zone()),
                                c -> DateTimes.instantSql("CAST(" + c.arg(0) + " AS timestamp)", c))
                        .example("DATETIME_FORMAT(TO_DATETIME(DATE(2024, 7, 4)))", "2024-07-04 00:00:00"),
                fn("NUMBER", CONVERSION).doc("NUMBER(value)", "A number from a boolean (1 or 0), a text (like VALUE) or a number.")
                        .typing(Signature.of(Type.NUMBER, Param.of(Type.NUMBER, Type.TEXT, Type.BOOLEAN)))
                        .strict((a, ctx) -> switch (a[0]) {
                                    case Boolean b -> b ? BigDecimal.ONE : BigDecimal.ZERO;
                                    case String s -> NumberFunctions.parse(s);
                                    default -> a[0];
                                }, c -> switch (c.type(0)) {
                                    case BOOLEAN -> "CAST(CASE WHEN " + c.arg(0) + " THEN 1 WHEN NOT " + c.arg(0) + " THEN 0 END AS numeric)";
                                    case TEXT -> NumberFunctions.parseSql(c);
                                    default -> c.arg(0);
                                }, c -> c.type(0) == Type.TEXT ? NumberFunctions.parseError(c) : null)
                        .example("NUMBER(TRUE) + NUMBER(\"2\")", "3"));
    }

    private static boolean inRange(BigDecimal x, int lo, int hi) {
        BigDecimal t = x.setScale(0, java.math.RoundingMode.DOWN);
        return t.compareTo(BigDecimal.valueOf(lo)) >= 0 && t.compareTo(BigDecimal.valueOf(hi)) <= 0;
    }
}
