package io.panels.formula.functions;

import static io.panels.formula.functions.Def.fn;
import static io.panels.formula.functions.Def.num;
import static io.panels.formula.functions.Family.OPERATOR;

import io.panels.formula.FormulaException;
import io.panels.formula.eval.ErrorValue;
import io.panels.formula.types.Type;
import java.util.List;
import java.util.Set;

/** The operators, defined like functions so that both back ends take them from one place. */
final class Operators {

    private static final Set<Type> ORDERED = Set.of(Type.NUMBER, Type.TEXT, Type.DATE, Type.DATETIME);

    private Operators() {}

    static List<FunctionDef> all() {
        Param number = Param.of(Type.NUMBER);
        return List.of(
                fn("+", OPERATOR).doc("a + b", "Addition; blank if either side is blank.")
                        .typing(Signature.of(Type.NUMBER, number, number))
                        .strict((a, ctx) -> num(a, 0).add(num(a, 1)), c -> "(" + c.arg(0) + " + " + c.arg(1) + ")")
                        .example("1.5 + 2", "3.5"),
                fn("-", OPERATOR).doc("a - b", "Subtraction; blank if either side is blank.")
                        .typing(Signature.of(Type.NUMBER, number, number))
                        .strict((a, ctx) -> num(a, 0).subtract(num(a, 1)), c -> "(" + c.arg(0) + " - " + c.arg(1) + ")")
                        .example("10 - 2.25", "7.75"),
                fn("*", OPERATOR).doc("a * b", "Multiplication; exact, the scales add up.")
                        .typing(Signature.of(Type.NUMBER, number, number))
                        .strict((a, ctx) -> num(a, 0).multiply(num(a, 1)), c -> "(" + c.arg(0) + " * " + c.arg(1) + ")")
                        .example("1.5 * 1.5", "2.25"),
                fn("/", OPERATOR).doc("a / b", "Division with at least 16 significant digits; dividing by zero is an error.")
                        .typing(Signature.of(Type.NUMBER, number, number))
                        .strict((a, ctx) -> num(a, 1).signum() == 0 ? Def.error("Division by zero") : Numeric.divide(num(a, 0), num(a, 1)),
                                c -> "(" + c.arg(0) + " / NULLIF(" + c.arg(1) + ", 0))",
                                c -> "(" + c.arg(1) + " = 0)")
                        .example("1 / 4", "0.25000000000000000000"),
                fn("%", OPERATOR).doc("a % b", "Remainder of a division (like MOD); its sign is the sign of a.")
                        .typing(Signature.of(Type.NUMBER, number, number))
                        .strict((a, ctx) -> num(a, 1).signum() == 0 ? Def.error("Division by zero") : Numeric.mod(num(a, 0), num(a, 1)),
                                c -> "mod(" + c.arg(0) + ", NULLIF(" + c.arg(1) + ", 0))",
                                c -> "(" + c.arg(1) + " = 0)")
                        .example("-7 % 3", "-1"),
                fn("^", OPERATOR).doc("a ^ b", "Power, like POWER(a, b).")
                        .typing(Signature.of(Type.NUMBER, number, number))
                        .strict(NumberFunctions::power, NumberFunctions::powerSql, NumberFunctions::powerError)
                        .example("2 ^ 10", "1024"),
                fn("u-", OPERATOR).doc("-a", "Negation.")
                        .typing(Signature.of(Type.NUMBER, number))
                        .strict((a, ctx) -> num(a, 0).negate(), c -> "(-" + c.arg(0) + ")")
                        .example("-(2 - 5)", "3"),
                fn("u+", OPERATOR).doc("+a", "The number itself.")
                        .typing(Signature.of(Type.NUMBER, number))
                        .strict((a, ctx) -> num(a, 0), c -> c.arg(0))
                        .example("+4", "4"),
                fn("&", OPERATOR).doc("a & b", "Joins two values as text; blanks count as empty text.")
                        .typing(Signature.of(Type.TEXT, Param.any(), Param.any()))
                        .special((args, ctx) -> TextFunctions.concat(args, ctx), TextFunctions::concatSql)
                        .example("\"Q\" & 3", "Q3"),
                equality("=", false).example("\"a\" = \"a\"", "true"),
                equality("!=", true).example("1 != 2", "true"),
                ordering("<").example("2 < 10", "true"),
                ordering("<=").example("\"b\" <= \"a\"", "false"),
                ordering(">").example("DATE(2024, 1, 2) > DATE(2024, 1, 1)", "true"),
                ordering(">=").example("3 >= 3", "true"));
    }

    private static Def equality(String op, boolean negate) {
        return fn(op, OPERATOR).doc("a " + op + " b", (negate ? "Inequality" : "Equality")
                        + " of two values of one type; blank equals blank (and empty text), and never a value.")
                .typing(Signature.of(Type.BOOLEAN, Param.any(), Param.any()).sameType())
                .special((args, ctx) -> {
                    Object a = args[0].get();
                    Object b = args[1].get();
                    if (a instanceof ErrorValue) {
                        return a;
                    }
                    if (b instanceof ErrorValue) {
                        return b;
                    }
                    return Special.same(a, b) != negate;
                }, call -> Special.withAllErrors("(" + call.fragment(0).value()
                        + (negate ? " IS DISTINCT FROM " : " IS NOT DISTINCT FROM ") + call.fragment(1).value() + ")", call));
    }

    static Def ordering(String op) {
        return fn(op, OPERATOR).doc("a " + op + " b", "Ordering of two numbers, texts (by character code), dates or datetimes; "
                        + "false when either side is blank.")
                .typing(Signature.of(Type.BOOLEAN, Param.any(), Param.any()).sameType().check((args, site) -> {
                    if (args.getFirst().type() != Type.BLANK && !ORDERED.contains(args.getFirst().type())) {
                        throw new FormulaException(site.name() + " cannot order " + args.getFirst().type().displayName() + " values",
                                site.span().start(), site.span().end());
                    }
                }))
                .special((args, ctx) -> compare(op, args[0].get(), args[1].get()),
                        call -> Special.withAllErrors(Special.compareSql(call.fragment(0).value(), op,
                                call.fragment(1).value(), call.type(0)), call));
    }

    static Object compare(String op, Object a, Object b) {
        if (a instanceof ErrorValue) {
            return a;
        }
        if (b instanceof ErrorValue) {
            return b;
        }
        if (a == null || b == null) {
            return false;
        }
        int c = Special.compare(a, b);
        return switch (op) {
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            default -> throw new IllegalArgumentException(op);
        };
    }

}
