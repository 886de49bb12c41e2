package io.panels.formula.functions;

import static io.panels.formula.functions.Def.fn;
import static io.panels.formula.functions.Def.num;
import static io.panels.formula.functions.Family.DATE;

import io.panels.formula.FormulaException;
import io.panels.formula.eval.EvalContext;
import io.panels.formula.sql.SqlCall;
import io.panels.formula.types.Node;
import io.panels.formula.types.Type;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

final class DateFunctions {

    private static final Param DAY = Param.of(Type.DATE, Type.DATETIME);
    private static final Param INSTANT = Param.of(Type.DATETIME);
    private static final Param UNIT = Param.of(Type.TEXT).literal();

    /** How far DATEADD may go in one step, so that the result stays within what PostgreSQL stores. */
    private static final Map<String, Long> ADD_LIMITS = Map.of(
            "years", 4_000L, "months", 48_000L, "weeks", 200_000L, "days", 1_400_000L,
            "hours", 35_000_000L, "minutes", 2_000_000_000L, "seconds", 100_000_000_000L);
    private static final List<String> DAY_UNITS = List.of("years", "months", "weeks", "days");
    private static final Map<String, Long> SECONDS = Map.of("seconds", 1L, "minutes", 60L, "hours", 3_600L,
            "days", 86_400L, "weeks", 604_800L);

    private DateFunctions() {}

    static List<FunctionDef> all() {
        return List.of(
                fn("NOW", DATE).doc("NOW()", "The current instant (the start of the transaction in SQL).")
                        .typing(Signature.of(Type.DATETIME))
                        .strict((a, ctx) -> ctx.now().truncatedTo(ChronoUnit.MICROS), c -> "now()")
                        .volatileValue()
                        .example("IS_BEFORE(NOW(), DATETIME_PARSE(\"2000-01-01 00:00:00\"))", "false"),
                fn("TODAY", DATE).doc("TODAY()", "The current date in the evaluation time zone.")
                        .typing(Signature.of(Type.DATE))
                        .strict((a, ctx) -> LocalDate.ofInstant(ctx.now(), ctx.zone()),
                                c -> "CAST((now() AT TIME ZONE " + c.zone() + ") AS date)")
                        .volatileValue()
                        .example("YEAR(TODAY()) > 2000", "true"),
                fn("DATEADD", DATE).doc("DATEADD(date, count, unit)", "The date moved by count units: \"years\", \"months\", "
                                + "\"weeks\", \"days\" (calendar steps in the evaluation time zone), or for a datetime also \"hours\", "
                                + "\"minutes\", \"seconds\" (exact durations). The count is truncated to an integer.")
                        .typing(Signature.typeOf(0, DAY, Param.of(Type.NUMBER), UNIT).check(DateFunctions::checkAddUnit))
                        .strict(DateFunctions::add, DateFunctions::addSql,
                                c -> "(abs(trunc(" + c.arg(1) + ")) > " + ADD_LIMITS.get(unit(c)) + ")")
                        .example("DATEADD(DATE(2024, 1, 31), 1, \"months\")", "2024-02-29"),
                fn("DATETIME_DIFF", DATE).doc("DATETIME_DIFF(later, earlier, unit)", "later - earlier in whole units (truncated): "
                                + "\"seconds\", \"minutes\", \"hours\" (exact), \"days\", \"weeks\", \"months\", \"years\" (by the calendar "
                                + "in the evaluation time zone). Both arguments have one type.")
                        .typing(Signature.of(Type.NUMBER, DAY, DAY, UNIT).check(DateFunctions::checkDiff))
                        .strict(DateFunctions::diff, DateFunctions::diffSql)
                        .example("DATETIME_DIFF(DATE(2024, 3, 1), DATE(2024, 1, 31), \"months\")", "1"),
                fn("DATETIME_FORMAT", DATE).doc("DATETIME_FORMAT(date, [format])", "The date as text. Format tokens: YYYY YY MM M DD D "
                                + "HH H hh h mm ss A; text in [brackets] is kept as is. Default YYYY-MM-DD for a date, "
                                + "YYYY-MM-DD HH:mm:ss for a datetime.")
                        .typing(Signature.of(Type.TEXT, DAY, Param.of(Type.TEXT).literal().optional()).check(DateFunctions::checkFormat))
                        .strict((a, ctx) -> format(a.length > 1 ? (String) a[1] : null, a[0]).format(DateTimes.local(a[0], ctx.zone())),
                                c -> format(c.size() > 1 ? (String) c.literal(1) : null, c.type(0))
                                        .formatSql(DateTimes.localSql(c.arg(0), c.type(0), c), c))
                        .example("DATETIME_FORMAT(DATE(2024, 7, 4), \"D/M/YY\")", "4/7/24"),
                fn("DATETIME_PARSE", DATE).doc("DATETIME_PARSE(text, [format])", "The datetime written in the text as local time in the "
                                + "evaluation time zone. Format tokens YYYY MM DD HH mm ss (default YYYY-MM-DD HH:mm:ss); text that "
                                + "does not fit, or an out-of-range month, day, hour, minute or second, is an error. Days past "
                                + "the end of the month roll over.")
                        .typing(Signature.of(Type.DATETIME, Param.of(Type.TEXT), Param.of(Type.TEXT).literal().optional())
                                .check(DateFunctions::checkParse))
                        .strict(DateFunctions::parse, DateFunctions::parseSql, DateFunctions::parseError)
                        .example("DATETIME_FORMAT(DATETIME_PARSE(\"31.12.2024 23:59\", \"DD.MM.YYYY HH:mm\"))", "2024-12-31 23:59:00"),
                field("YEAR", "YEAR", DAY, LocalDateTime::getYear).example("YEAR(DATE(2024, 7, 4))", "2024"),
                field("MONTH", "MONTH", DAY, LocalDateTime::getMonthValue).example("MONTH(DATE(2024, 7, 4))", "7"),
                field("DAY", "DAY", DAY, LocalDateTime::getDayOfMonth).example("DAY(DATE(2024, 7, 4))", "4"),
                field("HOUR", "HOUR", INSTANT, LocalDateTime::getHour)
                        .example("HOUR(DATETIME_PARSE(\"2024-07-04 18:30:00\"))", "18"),
                field("MINUTE", "MINUTE", INSTANT, LocalDateTime::getMinute)
                        .example("MINUTE(DATETIME_PARSE(\"2024-07-04 18:30:00\"))", "30"),
                field("SECOND", "SECOND", INSTANT, LocalDateTime::getSecond)
                        .example("SECOND(DATETIME_PARSE(\"2024-07-04 18:30:15\"))", "15"),
                field("WEEKDAY", "DOW", DAY, t -> t.getDayOfWeek().getValue() % 7)
                        .example("WEEKDAY(DATE(2024, 7, 4))", "4"),
                fn("WEEKNUM", DATE).doc("WEEKNUM(date)", "The week of the year, weeks starting on Sunday; the week of 1 January is week 1.")
                        .typing(Signature.of(Type.NUMBER, DAY))
                        .strict((a, ctx) -> {
                            LocalDate d = DateTimes.local(a[0], ctx.zone()).toLocalDate();
                            int jan1 = d.withDayOfYear(1).getDayOfWeek().getValue() % 7;
                            return Numeric.of((d.getDayOfYear() - 1 + jan1) / 7 + 1);
                        }, c -> {
                            String local = DateTimes.localSql(c.arg(0), c.type(0), c);
                            String jan1 = "CAST(EXTRACT(DOW FROM make_date(" + DateTimes.fieldSql("YEAR", local) + ", 1, 1)) AS integer)";
                            return "CAST((" + DateTimes.fieldSql("DOY", local) + " - 1 + " + jan1 + ") / 7 + 1 AS numeric)";
                        })
                        .example("WEEKNUM(DATE(2024, 1, 7))", "2"),
                fn("WORKDAY_DIFF", DATE).doc("WORKDAY_DIFF(start, end)", "The number of weekdays (Monday to Friday) from start to end, "
                                + "both included; negative when end is before start.")
                        .typing(Signature.of(Type.NUMBER, DAY, DAY))
                        .strict(DateFunctions::workdays, DateFunctions::workdaysSql)
                        .example("WORKDAY_DIFF(DATE(2024, 7, 1), DATE(2024, 7, 14))", "10"),
                Operators.ordering("<").typing(beforeAfter()).doc("IS_BEFORE(date, other)",
                                "True when the first date or datetime is before the second; false when either is blank.")
                        .example("IS_BEFORE(DATE(2024, 1, 1), DATE(2024, 6, 1))", "true"),
                Operators.ordering(">").typing(beforeAfter()).doc("IS_AFTER(date, other)",
                                "True when the first date or datetime is after the second; false when either is blank.")
                        .example("IS_AFTER(DATE(2024, 1, 1), DATE(2024, 6, 1))", "false"))
                .stream().map(DateFunctions::rename).toList();
    }

    /** IS_BEFORE and IS_AFTER reuse the ordering operators' semantics under their own names. */
    private static FunctionDef rename(FunctionDef def) {
        if (def.family() != Family.OPERATOR) {
            return def;
        }
        String name = def.usage().substring(0, def.usage().indexOf('('));
        return new FunctionDef(name, DATE, def.usage(), def.description(), def.typing(), def.semantics(),
                def.immutable(), def.example(), def.result());
    }

    private static TypeRule beforeAfter() {
        return Signature.of(Type.BOOLEAN, DAY, DAY).sameType();
    }

    private interface Field {
        int of(LocalDateTime t);
    }

    private static Def field(String name, String sqlField, Param param, Field field) {
        String what = switch (name) {
            case "WEEKDAY" -> "The day of the week, 0 for Sunday to 6 for Saturday";
            default -> "The " + name.toLowerCase() + " of the " + (param == INSTANT ? "datetime" : "date or datetime");
        };
        return fn(name, DATE).doc(name + "(" + (param == INSTANT ? "datetime" : "date") + ")", what + ", in the evaluation time zone.")
                .typing(Signature.of(Type.NUMBER, param))
                .strict((a, ctx) -> Numeric.of(field.of(DateTimes.local(a[0], ctx.zone()))),
                        c -> "CAST(" + DateTimes.fieldSql(sqlField, DateTimes.localSql(c.arg(0), c.type(0), c)) + " AS numeric)");
    }

    private static String unit(SqlCall c) {
        return (String) c.literal(2);
    }

    private static void checkAddUnit(List<Node> args, CallSite site) {
        Node unit = args.get(2);
        String value = (String) ((Node.Const) unit).value();
        if (value == null || !ADD_LIMITS.containsKey(value)) {
            throw new FormulaException("Unknown unit; use one of years, months, weeks, days, hours, minutes, seconds",
                    unit.span().start(), unit.span().end());
        }
        if (args.getFirst().type() == Type.DATE && !DAY_UNITS.contains(value)) {
            throw new FormulaException("A date moves by years, months, weeks or days; use TO_DATETIME for " + value,
                    unit.span().start(), unit.span().end());
        }
    }

    private static void checkDiff(List<Node> args, CallSite site) {
        Signature.unify(new java.util.ArrayList<>(args.subList(0, 2)), site);
        Node unit = args.get(2);
        String value = (String) ((Node.Const) unit).value();
        if (value == null || !(SECONDS.containsKey(value) || value.equals("months") || value.equals("years"))) {
            throw new FormulaException("Unknown unit; use one of seconds, minutes, hours, days, weeks, months, years",
                    unit.span().start(), unit.span().end());
        }
    }

    private static void checkFormat(List<Node> args, CallSite site) {
        if (args.size() > 1) {
            Node format = args.get(1);
            String value = (String) ((Node.Const) format).value();
            if (value == null || !DateFormat.of(value).valid()) {
                throw new FormulaException("Invalid format: close every [ with ]", format.span().start(), format.span().end());
            }
        }
    }

    private static void checkParse(List<Node> args, CallSite site) {
        if (args.size() > 1) {
            Node format = args.get(1);
            String value = (String) ((Node.Const) format).value();
            DateFormat parsed = value == null ? null : DateFormat.of(value);
            if (parsed == null || !parsed.parseable() || !parsed.positions().containsKey("YYYY")) {
                throw new FormulaException("A parse format needs YYYY and may use MM DD HH mm ss", format.span().start(), format.span().end());
            }
        }
    }

    private static DateFormat format(String format, Object value) {
        return DateFormat.of(format != null ? format : value instanceof LocalDate ? DateFormat.DATE : DateFormat.DATETIME);
    }

    private static DateFormat format(String format, Type type) {
        return DateFormat.of(format != null ? format : type == Type.DATE ? DateFormat.DATE : DateFormat.DATETIME);
    }

    private static long amount(BigDecimal count, String unit) {
        BigDecimal limit = BigDecimal.valueOf(ADD_LIMITS.get(unit));
        return count.setScale(0, RoundingMode.DOWN).max(limit.negate()).min(limit).longValueExact();
    }

    private static Object add(Object[] a, EvalContext ctx) {
        String unit = (String) a[2];
        long n = amount(num(a, 1), unit);
        if (num(a, 1).setScale(0, RoundingMode.DOWN).abs().compareTo(BigDecimal.valueOf(ADD_LIMITS.get(unit))) > 0) {
            return Def.error("DATEADD moves too far");
        }
        if (a[0] instanceof LocalDate d) {
            return switch (unit) {
                case "years" -> d.plusYears(n);
                case "months" -> d.plusMonths(n);
                case "weeks" -> d.plusWeeks(n);
                default -> d.plusDays(n);
            };
        }
        Instant i = (Instant) a[0];
        if (DAY_UNITS.contains(unit)) {
            LocalDateTime local = DateTimes.local(i, ctx.zone());
            LocalDateTime moved = switch (unit) {
                case "years" -> local.plusYears(n);
                case "months" -> local.plusMonths(n);
                case "weeks" -> local.plusWeeks(n);
                default -> local.plusDays(n);
            };
            return DateTimes.instant(moved, ctx.zone());
        }
        return i.plusSeconds(n * SECONDS.get(unit));
    }

    private static String addSql(SqlCall c) {
        String unit = unit(c);
        long limit = ADD_LIMITS.get(unit);
        String n = "CAST(CASE WHEN " + c.arg(1) + " IS NOT NULL THEN LEAST(GREATEST(trunc(" + c.arg(1) + "), -" + limit + "), "
                + limit + ") END AS double precision)";
        String step = "interval '1 " + unit.substring(0, unit.length() - 1) + "'";
        String moved = "(" + n + " * " + step + ")";
        if (c.type(0) == Type.DATE) {
            return "CAST(" + c.arg(0) + " + " + moved + " AS date)";
        }
        if (DAY_UNITS.contains(unit)) {
            return DateTimes.instantSql("(" + DateTimes.localSql(c.arg(0), Type.DATETIME, c) + " + " + moved + ")", c);
        }
        return "(((" + c.arg(0) + " AT TIME ZONE 'UTC') + " + moved + ") AT TIME ZONE 'UTC')";
    }

    private static Object diff(Object[] a, EvalContext ctx) {
        String unit = (String) a[2];
        LocalDateTime later = DateTimes.local(a[0], ctx.zone());
        LocalDateTime earlier = DateTimes.local(a[1], ctx.zone());
        if (unit.equals("months") || unit.equals("years")) {
            long months = (later.getYear() * 12L + later.getMonthValue()) - (earlier.getYear() * 12L + earlier.getMonthValue());
            int rest = compareWithinMonth(later, earlier);
            if (months > 0 && rest < 0) {
                months--;
            } else if (months < 0 && rest > 0) {
                months++;
            }
            return Numeric.of(unit.equals("years") ? months / 12 : months);
        }
        BigDecimal seconds = a[0] instanceof Instant x && !DAY_UNITS.contains(unit)
                ? DateTimes.epochSeconds(x).subtract(DateTimes.epochSeconds((Instant) a[1]))
                : DateTimes.epochSeconds(later).subtract(DateTimes.epochSeconds(earlier));
        return seconds.divideToIntegralValue(BigDecimal.valueOf(SECONDS.get(unit))).setScale(0, RoundingMode.DOWN);
    }

    private static int compareWithinMonth(LocalDateTime a, LocalDateTime b) {
        int day = Integer.compare(a.getDayOfMonth(), b.getDayOfMonth());
        return day != 0 ? day : a.toLocalTime().compareTo(b.toLocalTime());
    }

    private static String diffSql(SqlCall c) {
        String unit = unit(c);
        String later = DateTimes.localSql(c.arg(0), c.type(0), c);
        String earlier = DateTimes.localSql(c.arg(1), c.type(1), c);
        if (unit.equals("months") || unit.equals("years")) {
            String months = "((" + DateTimes.fieldSql("YEAR", later) + " * 12 + " + DateTimes.fieldSql("MONTH", later) + ") - ("
                    + DateTimes.fieldSql("YEAR", earlier) + " * 12 + " + DateTimes.fieldSql("MONTH", earlier) + "))";
            String restLater = "(" + later + " - date_trunc('month', " + later + "))";
            String restEarlier = "(" + earlier + " - date_trunc('month', " + earlier + "))";
            String adjusted = "(CASE WHEN " + months + " > 0 AND " + restLater + " < " + restEarlier + " THEN " + months + " - 1"
                    + " WHEN " + months + " < 0 AND " + restLater + " > " + restEarlier + " THEN " + months + " + 1"
                    + " ELSE " + months + " END)";
            return unit.equals("years") ? "CAST(" + adjusted + " / 12 AS numeric)" : "CAST(" + adjusted + " AS numeric)";
        }
        String seconds = c.type(0) == Type.DATETIME && !DAY_UNITS.contains(unit)
                ? "EXTRACT(EPOCH FROM (" + c.arg(0) + " - " + c.arg(1) + "))"
                : "EXTRACT(EPOCH FROM (" + later + " - " + earlier + "))";
        return "div(" + seconds + ", " + SECONDS.get(unit) + ")";
    }

    private static Object workdays(Object[] a, EvalContext ctx) {
        long start = DateTimes.dayNumber(DateTimes.local(a[0], ctx.zone()).toLocalDate());
        long end = DateTimes.dayNumber(DateTimes.local(a[1], ctx.zone()).toLocalDate());
        return Numeric.of(start <= end ? weekdaysBefore(end + 1) - weekdaysBefore(start)
                : -(weekdaysBefore(start + 1) - weekdaysBefore(end)));
    }

    /** Weekdays among the days numbered 0 (0001-01-01, a Monday) to n - 1. */
    private static long weekdaysBefore(long n) {
        return 5 * (n / 7) + Math.min(n % 7, 5);
    }

    private static String workdaysSql(SqlCall c) {
        String start = dayNumberSql(c, 0);
        String end = dayNumberSql(c, 1);
        return "CAST(CASE WHEN " + start + " <= " + end + " THEN " + before(end + " + 1") + " - " + before(start)
                + " ELSE -(" + before(start + " + 1") + " - " + before(end) + ") END AS numeric)";
    }

    private static String dayNumberSql(SqlCall c, int i) {
        String date = "CAST(" + DateTimes.localSql(c.arg(i), c.type(i), c) + " AS date)";
        return "(" + date + " - DATE '0001-01-01')";
    }

    private static String before(String n) {
        return "(5 * ((" + n + ") / 7) + LEAST(mod(" + n + ", 7), 5))";
    }

    private static Object parse(Object[] a, EvalContext ctx) {
        String text = (String) a[0];
        DateFormat format = DateFormat.of(a.length > 1 ? (String) a[1] : DateFormat.DATETIME);
        if (!format.javaPattern().matcher(text).matches()) {
            return Def.error("The text does not match the format");
        }
        Map<String, Integer> at = format.positions();
        int year = part(text, at, "YYYY", 1);
        int month = part(text, at, "MM", 1);
        int day = part(text, at, "DD", 1);
        int hour = part(text, at, "HH", 0);
        int minute = part(text, at, "mm", 0);
        int second = part(text, at, "ss", 0);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
            return Def.error("The text is not a valid date and time");
        }
        LocalDateTime local = LocalDateTime.of(1, 1, 1, 0, 0)
                .plusMonths((year - 1) * 12L + month - 1).plusDays(day - 1L)
                .plusSeconds(hour * 3600L + minute * 60L + second);
        return DateTimes.instant(local, ctx.zone());
    }

    private static int part(String text, Map<String, Integer> at, String token, int absent) {
        Integer position = at.get(token);
        return position == null ? absent : Integer.parseInt(Texts.substr(text, position, DateFormat.width(token)));
    }

    private static String parseSql(SqlCall c) {
        DateFormat format = DateFormat.of(c.size() > 1 ? (String) c.literal(1) : DateFormat.DATETIME);
        Map<String, Integer> at = format.positions();
        String interval = "make_interval(years => " + partSql(c, at, "YYYY", 1) + " - 1, months => " + partSql(c, at, "MM", 1)
                + " - 1, days => " + partSql(c, at, "DD", 1) + " - 1, hours => " + partSql(c, at, "HH", 0)
                + ", mins => " + partSql(c, at, "mm", 0) + ", secs => " + partSql(c, at, "ss", 0) + ")";
        String local = "(TIMESTAMP '0001-01-01 00:00:00' + " + interval + ")";
        return "(CASE WHEN " + c.arg(0) + " ~ " + c.text(format.sqlPattern()) + " THEN " + DateTimes.instantSql(local, c) + " END)";
    }

    private static String parseError(SqlCall c) {
        DateFormat format = DateFormat.of(c.size() > 1 ? (String) c.literal(1) : DateFormat.DATETIME);
        Map<String, Integer> at = format.positions();
        String valid = partSql(c, at, "YYYY", 1) + " >= 1 AND " + partSql(c, at, "MM", 1) + " BETWEEN 1 AND 12 AND "
                + partSql(c, at, "DD", 1) + " BETWEEN 1 AND 31 AND " + partSql(c, at, "HH", 0) + " <= 23 AND "
                + partSql(c, at, "mm", 0) + " <= 59 AND " + partSql(c, at, "ss", 0) + " <= 59";
        return "(NOT (CASE WHEN " + c.arg(0) + " ~ " + c.text(format.sqlPattern()) + " THEN " + valid + " ELSE FALSE END))";
    }

    private static String partSql(SqlCall c, Map<String, Integer> at, String token, int absent) {
        Integer position = at.get(token);
        return position == null ? String.valueOf(absent)
                : "CAST(substr(" + c.arg(0) + ", " + position + ", " + DateFormat.width(token) + ") AS integer)";
    }

}
