package io.panels.formula.functions;

import static io.panels.formula.functions.Def.fn;
import static io.panels.formula.functions.Def.num;
import static io.panels.formula.functions.Family.NUMBER;

import io.panels.formula.eval.ErrorValue;
import io.panels.formula.eval.EvalContext;
import io.panels.formula.eval.Thunk;
import io.panels.formula.sql.SqlCall;
import io.panels.formula.types.Type;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

final class NumberFunctions {

    private static final Param N = Param.of(Type.NUMBER);
    private static final String NUMBER_TEXT = "^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)$";
    private static final Pattern NUMBER_PATTERN = Pattern.compile(NUMBER_TEXT);
    private static final BigDecimal PI = new BigDecimal("3.14159265358979");
    private static final BigDecimal EXP_LIMIT = BigDecimal.valueOf(700);

    private NumberFunctions() {}

    static List<FunctionDef> all() {
        return List.of(
                rounding("ROUND", RoundingMode.HALF_UP, "rounded to the given number of decimals (0 when left out), halves away from zero")
                        .example("ROUND(2.345, 2)", "2.35"),
                rounding("ROUNDUP", RoundingMode.UP, "rounded away from zero to the given number of decimals")
                        .example("ROUNDUP(2.301, 1)", "2.4"),
                rounding("ROUNDDOWN", RoundingMode.DOWN, "rounded towards zero to the given number of decimals")
                        .example("ROUNDDOWN(-2.399, 2)", "-2.39"),
                multiple("CEILING", RoundingMode.CEILING, "ceil", "up").example("CEILING(7, 5)", "10"),
                multiple("FLOOR", RoundingMode.FLOOR, "floor", "down").example("FLOOR(2.7)", "2"),
                fn("ABS", NUMBER).doc("ABS(number)", "The number without its sign.")
                        .typing(Signature.of(Type.NUMBER, N))
                        .strict((a, ctx) -> num(a, 0).abs(), c -> "abs(" + c.arg(0) + ")")
                        .example("ABS(-4.5)", "4.5"),
                fn("MOD", NUMBER).doc("MOD(number, divisor)", "The remainder of the division, with the sign of the number; "
                                + "a zero divisor is an error.")
                        .typing(Signature.of(Type.NUMBER, N, N))
                        .strict((a, ctx) -> num(a, 1).signum() == 0 ? Def.error("Division by zero") : Numeric.mod(num(a, 0), num(a, 1)),
                                c -> "mod(" + c.arg(0) + ", NULLIF(" + c.arg(1) + ", 0))",
                                c -> "(" + c.arg(1) + " = 0)")
                        .example("MOD(10, 3)", "1"),
                fn("POWER", NUMBER).doc("POWER(base, exponent)", "The base raised to the exponent, computed in double precision "
                                + "and kept to 15 significant digits. 0 to a negative power, a negative base to a fractional "
                                + "power, or a result above about 1e304 is an error.")
                        .typing(Signature.of(Type.NUMBER, N, N))
                        .strict(NumberFunctions::power, NumberFunctions::powerSql, NumberFunctions::powerError)
                        .example("POWER(2, 0.5)", "1.4142135623731"),
                fn("SQRT", NUMBER).doc("SQRT(number)", "The square root (15 significant digits); negative numbers are an error.")
                        .typing(Signature.of(Type.NUMBER, N))
                        .strict((a, ctx) -> num(a, 0).signum() < 0 || Numeric.tooLargeForFloat(num(a, 0)) ? Def.error("No square root")
                                        : Numeric.fromDouble(Math.sqrt(Numeric.toDouble(num(a, 0)))),
                                c -> floatCall("sqrt", c.arg(0), sqrtInvalid(c.arg(0))),
                                c -> sqrtInvalid(c.arg(0)))
                        .example("SQRT(16)", "4"),
                fn("EXP", NUMBER).doc("EXP(number)", "e raised to the number (15 significant digits); above 700 is an error, "
                                + "below -700 gives 0.")
                        .typing(Signature.of(Type.NUMBER, N))
                        .strict((a, ctx) -> num(a, 0).compareTo(EXP_LIMIT) > 0 ? Def.error("Number too large")
                                        : num(a, 0).compareTo(EXP_LIMIT.negate()) < 0 ? BigDecimal.ZERO
                                        : Numeric.fromDouble(Math.exp(Numeric.toDouble(num(a, 0)))),
                                c -> "(CASE WHEN " + c.arg(0) + " < -700 THEN 0 WHEN " + c.arg(0) + " > 700 THEN NULL ELSE CAST(exp("
                                        + Numeric.toDoubleSql(c.arg(0)) + ") AS numeric) END)",
                                c -> "(" + c.arg(0) + " > 700)")
                        .example("EXP(1)", "2.71828182845905"),
                fn("LOG", NUMBER).doc("LOG(number, [base])", "The logarithm in the base (10 when left out), 15 significant digits; "
                                + "a number or base that is not positive, or a base of 1, is an error.")
                        .typing(Signature.of(Type.NUMBER, N, N.optional()))
                        .strict((a, ctx) -> {
                            if (notPositive(num(a, 0)) || (a.length > 1 && (notPositive(num(a, 1)) || Numeric.toDouble(num(a, 1)) == 1))) {
                                return Def.error("No logarithm");
                            }
                            // Base 10 too is ln(x) / ln(10), as in SQL: the JVM's log10 and the C library's
                            // differ in the last bit often enough to change the 15th digit (82 of 20,000
                            // values), their ln almost never (1 of 20,000 after rounding).
                            double base = a.length == 1 ? 10 : Numeric.toDouble(num(a, 1));
                            return Numeric.fromDouble(Math.log(Numeric.toDouble(num(a, 0))) / Math.log(base));
                        }, c -> "(CASE WHEN " + logInvalid(c) + " THEN NULL ELSE CAST(ln(" + Numeric.toDoubleSql(c.arg(0))
                                        + ") / ln(" + (c.size() == 1 ? "CAST(10 AS double precision)" : Numeric.toDoubleSql(c.arg(1)))
                                        + ") AS numeric) END)",
                                NumberFunctions::logInvalid)
                        .example("LOG(1000)", "3"),
                fn("LN", NUMBER).doc("LN(number)", "The natural logarithm (15 significant digits); a number that is not positive is an error.")
                        .typing(Signature.of(Type.NUMBER, N))
                        .strict((a, ctx) -> notPositive(num(a, 0)) ? Def.error("No logarithm")
                                        : Numeric.fromDouble(Math.log(Numeric.toDouble(num(a, 0)))),
                                c -> floatCall("ln", c.arg(0), notPositive(c.arg(0))),
                                c -> notPositive(c.arg(0)))
                        .example("LN(1)", "0"),
                fn("INT", NUMBER).doc("INT(number)", "The largest integer not above the number.")
                        .typing(Signature.of(Type.NUMBER, N))
                        .strict((a, ctx) -> num(a, 0).setScale(0, RoundingMode.FLOOR), c -> "floor(" + c.arg(0) + ")")
                        .example("INT(-2.5)", "-3"),
                fn("SIGN", NUMBER).doc("SIGN(number)", "-1, 0 or 1 by the sign of the number.")
                        .typing(Signature.of(Type.NUMBER, N))
                        .strict((a, ctx) -> BigDecimal.valueOf(num(a, 0).signum()), c -> "sign(" + c.arg(0) + ")")
                        .example("SIGN(-0.5)", "-1"),
                fn("PI", NUMBER).doc("PI()", "π to 15 significant digits.")
                        .typing(Signature.of(Type.NUMBER))
                        .strict((a, ctx) -> PI, c -> "CAST(pi() AS numeric)")
                        .example("PI()", "3.14159265358979"),
                fn("MIN", NUMBER).doc("MIN(number, ...)", "The smallest of the numbers, skipping blanks; blank when all are blank.")
                        .typing(Signature.of(Type.NUMBER, N.repeated()))
                        .special((args, ctx) -> extreme(args, -1), c -> Special.withAllErrors(list("LEAST", c), c))
                        .example("MIN(4, 2, 8)", "2"),
                fn("MAX", NUMBER).doc("MAX(number, ...)", "The largest of the numbers, skipping blanks; blank when all are blank.")
                        .typing(Signature.of(Type.NUMBER, N.repeated()))
                        .special((args, ctx) -> extreme(args, 1), c -> Special.withAllErrors(list("GREATEST", c), c))
                        .example("MAX(4, 2, 8)", "8"),
                fn("SUM", NUMBER).doc("SUM(number, ...)", "The sum of the numbers, skipping blanks (0 when all are blank).")
                        .typing(Signature.of(Type.NUMBER, N.repeated()))
                        .special((args, ctx) -> {
                            Object[] values = Special.all(args);
                            ErrorValue error = Special.firstError(values);
                            if (error != null) {
                                return error;
                            }
                            BigDecimal sum = BigDecimal.ZERO;
                            for (Object v : values) {
                                if (v != null) {
                                    sum = sum.add((BigDecimal) v);
                                }
                            }
                            return sum;
                        }, c -> Special.withAllErrors(sumSql(c), c))
                        .example("SUM(1, 2.5, BLANK())", "3.5"),
                fn("AVERAGE", NUMBER).doc("AVERAGE(number, ...)", "The mean of the numbers that are not blank; blank when all are blank.")
                        .typing(Signature.of(Type.NUMBER, N.repeated()))
                        .special((args, ctx) -> {
                            Object[] values = Special.all(args);
                            ErrorValue error = Special.firstError(values);
                            if (error != null) {
                                return error;
                            }
                            BigDecimal sum = BigDecimal.ZERO;
                            int count = 0;
                            for (Object v : values) {
                                if (v != null) {
                                    sum = sum.add((BigDecimal) v);
                                    count++;
                                }
                            }
                            return count == 0 ? null : Numeric.divide(sum, BigDecimal.valueOf(count));
                        }, c -> {
                            List<String> counts = new ArrayList<>();
                            for (int i = 0; i < c.size(); i++) {
                                counts.add("(CASE WHEN " + c.fragment(i).value() + " IS NULL THEN 0 ELSE 1 END)");
                            }
                            return Special.withAllErrors("(" + sumSql(c) + " / NULLIF(" + String.join(" + ", counts) + ", 0))", c);
                        })
                        .example("AVERAGE(1, 2, 4)", "2.3333333333333333"),
                fn("VALUE", NUMBER).doc("VALUE(text)", "The number written in the text (digits, an optional sign and decimal point, "
                                + "spaces around); any other text is an error.")
                        .typing(Signature.of(Type.NUMBER, Param.of(Type.TEXT)))
                        .strict((a, ctx) -> parse(Def.str(a, 0)), NumberFunctions::parseSql, NumberFunctions::parseError)
                        .example("VALUE(\" 12.50 \")", "12.50"));
    }

    private static Def rounding(String name, RoundingMode mode, String what) {
        return fn(name, NUMBER).doc(name + "(number, [digits])", "The number " + what + ". Negative digits round to tens, hundreds...")
                .typing(Signature.of(Type.NUMBER, N, N.optional()))
                .strict((a, ctx) -> Numeric.round(num(a, 0), a.length > 1 ? Numeric.clamp(num(a, 1), -50, 50) : 0, mode),
                        c -> {
                            String x = c.arg(0);
                            String digits = c.size() > 1 ? Numeric.clampSql(c.arg(1), -50, 50) : "0";
                            return switch (mode) {
                                case HALF_UP -> "round(" + x + ", " + digits + ")";
                                case DOWN -> "trunc(" + x + ", " + digits + ")";
                                default -> "(CASE WHEN trunc(" + x + ", " + digits + ") = " + x + " THEN trunc(" + x + ", " + digits
                                        + ") ELSE trunc(" + x + ", " + digits + ") + sign(" + x + ") * CAST('1e' || CAST(-"
                                        + digits + " AS text) AS numeric) END)";
                            };
                        });
    }

    private static Def multiple(String name, RoundingMode mode, String sqlFunction, String direction) {
        return fn(name, NUMBER).doc(name + "(number, [significance])", "The number rounded " + direction
                        + " to a multiple of the significance (1 when left out); a zero significance is an error.")
                .typing(Signature.of(Type.NUMBER, N, N.optional()))
                .strict((a, ctx) -> {
                    if (a.length == 1) {
                        return num(a, 0).setScale(0, mode);
                    }
                    BigDecimal step = num(a, 1);
                    if (step.signum() == 0) {
                        return Def.error("Division by zero");
                    }
                    return Numeric.divide(num(a, 0), step).setScale(0, mode).multiply(step);
                }, c -> c.size() == 1
                        ? sqlFunction + "(" + c.arg(0) + ")"
                        : "(" + sqlFunction + "(" + c.arg(0) + " / NULLIF(" + c.arg(1) + ", 0)) * " + c.arg(1) + ")",
                        c -> c.size() == 1 ? null : "(" + c.arg(1) + " = 0)");
    }

    static Object power(Object[] a, EvalContext ctx) {
        BigDecimal base = num(a, 0);
        BigDecimal exponent = num(a, 1);
        if (Numeric.tooLargeForFloat(base) || Numeric.tooLargeForFloat(exponent)) {
            return Def.error("Number too large");
        }
        double b = Numeric.toDouble(base);
        double e = Numeric.toDouble(exponent);
        if (b == 0) {
            if (exponent.signum() < 0) {
                return Def.error("Zero to a negative power");
            }
            return exponent.signum() == 0 ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (b < 0 && exponent.stripTrailingZeros().scale() > 0) {
            return Def.error("Negative number to a fractional power");
        }
        double magnitude = e * Math.log(Math.abs(b));
        if (magnitude > 700) {
            return Def.error("Number too large");
        }
        return magnitude < -700 ? BigDecimal.ZERO : Numeric.fromDouble(Math.pow(b, e));
    }

    /*
     * The SQL functions below only ever see arguments on which they cannot fail, and every guard is
     * a CASE branch: the planner may fold a call on constants, but it drops a CASE branch whose
     * condition folds to false before it looks inside.
     */
    static String powerSql(SqlCall c) {
        String b = Numeric.toDoubleSql(c.arg(0));
        String e = Numeric.toDoubleSql(c.arg(1));
        return "(CASE WHEN " + powerError(c) + " THEN NULL"
                + " WHEN " + b + " = 0 THEN (CASE WHEN " + c.arg(1) + " = 0 THEN 1 WHEN " + c.arg(1) + " <> 0 THEN 0 END)"
                + " WHEN " + e + " * ln(abs(" + b + ")) < -700 THEN 0"
                + " ELSE CAST(power(" + b + ", " + e + ") AS numeric) END)";
    }

    static String powerError(SqlCall c) {
        String b = Numeric.toDoubleSql(c.arg(0));
        String e = Numeric.toDoubleSql(c.arg(1));
        return "(CASE WHEN " + Numeric.tooLargeSql(c.arg(0)) + " OR " + Numeric.tooLargeSql(c.arg(1)) + " THEN TRUE"
                + " WHEN " + b + " = 0 THEN " + c.arg(1) + " < 0"
                + " WHEN " + b + " < 0 AND " + c.arg(1) + " <> trunc(" + c.arg(1) + ") THEN TRUE"
                + " ELSE " + e + " * ln(abs(" + b + ")) > 700 END)";
    }

    private static String floatCall(String function, String x, String invalid) {
        return "(CASE WHEN " + invalid + " THEN NULL ELSE CAST(" + function + "(" + Numeric.toDoubleSql(x) + ") AS numeric) END)";
    }

    private static String sqrtInvalid(String x) {
        return "(" + x + " < 0 OR " + Numeric.tooLargeSql(x) + ")";
    }

    /** Not positive once rounded to 300 decimals, or beyond the float range: what LN and LOG refuse. */
    private static String notPositive(String x) {
        return "(" + Numeric.tooLargeSql(x) + " OR round(" + x + ", 300) <= 0)";
    }

    private static boolean notPositive(BigDecimal x) {
        return Numeric.tooLargeForFloat(x) || Numeric.toDouble(x) <= 0;
    }

    private static String logInvalid(SqlCall c) {
        if (c.size() == 1) {
            return notPositive(c.arg(0));
        }
        return "(" + notPositive(c.arg(0)) + " OR " + notPositive(c.arg(1)) + " OR (CASE WHEN " + notPositive(c.arg(1))
                + " THEN FALSE ELSE " + Numeric.toDoubleSql(c.arg(1)) + " = 1 END))";
    }

    private static Object extreme(Thunk[] args, int direction) {
        Object[] values = Special.all(args);
        ErrorValue error = Special.firstError(values);
        if (error != null) {
            return error;
        }
        BigDecimal best = null;
        for (Object v : values) {
            if (v != null && (best == null || ((BigDecimal) v).compareTo(best) * direction > 0)) {
                best = (BigDecimal) v;
            }
        }
        return best;
    }

    private static String list(String function, SqlCall c) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            args.add(c.fragment(i).value());
        }
        return function + "(" + String.join(", ", args) + ")";
    }

    private static String sumSql(SqlCall c) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            terms.add("COALESCE(" + c.fragment(i).value() + ", 0)");
        }
        return "(" + String.join(" + ", terms) + ")";
    }

    static Object parse(String text) {
        String trimmed = Texts.trimSpaces(text);
        if (!NUMBER_PATTERN.matcher(trimmed).matches()) {
            return Def.error("Not a number: " + text);
        }
        return Numeric.normalize(new BigDecimal(trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed));
    }

    static String parseSql(SqlCall c) {
        String trimmed = "btrim(" + c.arg(0) + ", ' ')";
        return "(CASE WHEN " + trimmed + " ~ " + c.text(NUMBER_TEXT) + " THEN CAST(" + trimmed + " AS numeric) END)";
    }

    static String parseError(SqlCall c) {
        return "(NOT (btrim(" + c.arg(0) + ", ' ') ~ " + c.text(NUMBER_TEXT) + "))";
    }
}
