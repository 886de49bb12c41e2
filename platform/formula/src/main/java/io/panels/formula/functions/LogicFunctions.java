package io.panels.formula.functions;

import static io.panels.formula.functions.Def.fn;
import static io.panels.formula.functions.Family.LOGIC;

import io.panels.formula.FormulaException;
import io.panels.formula.eval.ErrorValue;
import io.panels.formula.sql.Fragment;
import io.panels.formula.types.Node;
import io.panels.formula.types.Type;
import java.util.ArrayList;
import java.util.List;

final class LogicFunctions {

    private LogicFunctions() {}

    static List<FunctionDef> all() {
        return List.of(
                fn("IF", LOGIC).doc("IF(condition, value if true, [value if false])",
                                "The second argument when the condition is true, else the third (blank when left out). "
                                        + "A blank condition counts as false. Only the chosen branch is evaluated.")
                        .typing(LogicFunctions::typeIf)
                        .special((args, ctx) -> {
                            Object condition = args[0].get();
                            if (condition instanceof ErrorValue) {
                                return condition;
                            }
                            if (Special.truthy(condition)) {
                                return args[1].get();
                            }
                            return args.length > 2 ? args[2].get() : null;
                        }, call -> {
                            Fragment c = call.fragment(0);
                            Fragment a = call.fragment(1);
                            Fragment b = call.size() > 2 ? call.fragment(2) : Fragment.of("NULL");
                            String when = Special.truthySql(c.value());
                            String value = "(CASE WHEN " + when + " THEN " + a.value() + " ELSE " + b.value() + " END)";
                            String branchError = a.error() == null && b.error() == null ? null
                                    : "(CASE WHEN " + when + " THEN " + Special.orFalse(a.error()) + " ELSE "
                                    + Special.orFalse(b.error()) + " END)";
                            List<String> errors = new ArrayList<>();
                            if (c.error() != null) {
                                errors.add(c.error());
                            }
                            if (branchError != null) {
                                errors.add(branchError);
                            }
                            return new Fragment(value, Special.or(errors));
                        })
                        .example("IF(3 > 2, \"yes\", \"no\")", "yes"),

                fn("SWITCH", LOGIC).doc("SWITCH(value, pattern, result, [pattern, result]..., [default])",
                                "The result of the first pattern equal to the value (blank equals blank), "
                                        + "else the default (blank when left out).")
                        .typing(LogicFunctions::typeSwitch)
                        .special((args, ctx) -> {
                            Object value = args[0].get();
                            if (value instanceof ErrorValue) {
                                return value;
                            }
                            int i = 1;
                            for (; i + 1 < args.length; i += 2) {
                                Object pattern = args[i].get();
                                if (pattern instanceof ErrorValue) {
                                    return pattern;
                                }
                                if (Special.same(value, pattern)) {
                                    return args[i + 1].get();
                                }
                            }
                            return i < args.length ? args[i].get() : null;
                        }, call -> {
                            String subject = call.fragment(0).value();
                            StringBuilder value = new StringBuilder("(CASE");
                            StringBuilder error = new StringBuilder("(CASE");
                            boolean anyError = false;
                            if (call.fragment(0).error() != null) {
                                error.append(" WHEN ").append(call.fragment(0).error()).append(" THEN TRUE");
                                anyError = true;
                            }
                            int i = 1;
                            for (; i + 1 < call.size(); i += 2) {
                                Fragment pattern = call.fragment(i);
                                Fragment result = call.fragment(i + 1);
                                String match = "(" + subject + " IS NOT DISTINCT FROM " + pattern.value() + ")";
                                value.append(" WHEN ").append(match).append(" THEN ").append(result.value());
                                if (pattern.error() != null) {
                                    error.append(" WHEN ").append(pattern.error()).append(" THEN TRUE");
                                    anyError = true;
                                }
                                error.append(" WHEN ").append(match).append(" THEN ").append(Special.orFalse(result.error()));
                                anyError |= result.error() != null;
                            }
                            Fragment fallback = i < call.size() ? call.fragment(i) : Fragment.of("NULL");
                            value.append(" ELSE ").append(fallback.value()).append(" END)");
                            error.append(" ELSE ").append(Special.orFalse(fallback.error())).append(" END)");
                            anyError |= fallback.error() != null;
                            return new Fragment(value.toString(), anyError ? error.toString() : null);
                        })
                        .example("SWITCH(2, 1, \"one\", 2, \"two\", \"many\")", "two"),

                fn("AND", LOGIC).doc("AND(condition, ...)", "True when every argument is true; blanks count as false.")
                        .typing(Signature.of(Type.BOOLEAN, Param.of(Type.BOOLEAN).repeated()))
                        .special((args, ctx) -> logic(args, true),
                                call -> Special.withAllErrors(join(call, " AND "), call))
                        .example("AND(TRUE, 1 < 2)", "true"),

                fn("OR", LOGIC).doc("OR(condition, ...)", "True when at least one argument is true; blanks count as false.")
                        .typing(Signature.of(Type.BOOLEAN, Param.of(Type.BOOLEAN).repeated()))
                        .special((args, ctx) -> logic(args, false),
                                call -> Special.withAllErrors(join(call, " OR "), call))
                        .example("OR(FALSE, 1 > 2)", "false"),

                fn("XOR", LOGIC).doc("XOR(condition, ...)", "True when an odd number of arguments are true.")
                        .typing(Signature.of(Type.BOOLEAN, Param.of(Type.BOOLEAN).repeated()))
                        .special((args, ctx) -> {
                            Object[] values = Special.all(args);
                            ErrorValue error = Special.firstError(values);
                            if (error != null) {
                                return error;
                            }
                            boolean odd = false;
                            for (Object v : values) {
                                odd ^= Special.truthy(v);
                            }
                            return odd;
                        }, call -> {
                            List<String> terms = new ArrayList<>();
                            for (int i = 0; i < call.size(); i++) {
                                terms.add("(CASE WHEN " + Special.truthySql(call.fragment(i).value()) + " THEN 1 ELSE 0 END)");
                            }
                            return Special.withAllErrors("(mod(" + String.join(" + ", terms) + ", 2) = 1)", call);
                        })
                        .example("XOR(TRUE, TRUE, TRUE)", "true"),

                fn("NOT", LOGIC).doc("NOT(condition)", "True when the argument is false or blank.")
                        .typing(Signature.of(Type.BOOLEAN, Param.of(Type.BOOLEAN)))
                        .special((args, ctx) -> {
                            Object v = args[0].get();
                            return v instanceof ErrorValue ? v : !Special.truthy(v);
                        }, call -> Special.withAllErrors("(NOT " + Special.truthySql(call.fragment(0).value()) + ")", call))
                        .example("NOT(1 = 2)", "true"),

                fn("BLANK", LOGIC).doc("BLANK()", "A blank value, of whatever type its place needs.")
                        .typing(Signature.of(Type.BLANK))
                        .special((args, ctx) -> null, call -> Fragment.of("NULL"))
                        .example("IF(FALSE, 1, BLANK())", "(blank)"),

                fn("ISBLANK", LOGIC).doc("ISBLANK(value)", "True when the value is blank (empty text is blank).")
                        .typing(Signature.of(Type.BOOLEAN, Param.any()))
                        .special((args, ctx) -> {
                            Object v = args[0].get();
                            return v instanceof ErrorValue ? v : v == null;
                        }, call -> Special.withAllErrors("(" + call.fragment(0).value() + " IS NULL)", call))
                        .example("ISBLANK(\"\")", "true"),

                fn("ISERROR", LOGIC).doc("ISERROR(value)", "True when computing the value fails, for example on a division by zero.")
                        .typing(Signature.of(Type.BOOLEAN, Param.any()))
                        .special((args, ctx) -> args[0].get() instanceof ErrorValue,
                                call -> Fragment.of(Special.orFalse(call.fragment(0).error())))
                        .example("ISERROR(1 / 0)", "true"),

                fn("IFERROR", LOGIC).doc("IFERROR(value, value if error)", "The value, or the second argument when computing the value fails.")
                        .typing(Signature.typeOf(0, Param.any(), Param.any()).sameType())
                        .special((args, ctx) -> {
                            Object v = args[0].get();
                            return v instanceof ErrorValue ? args[1].get() : v;
                        }, call -> {
                            Fragment v = call.fragment(0);
                            Fragment fallback = call.fragment(1);
                            if (v.error() == null) {
                                return v;
                            }
                            String value = "(CASE WHEN " + v.error() + " THEN " + fallback.value() + " ELSE " + v.value() + " END)";
                            String error = fallback.error() == null ? null : "(" + v.error() + " AND " + fallback.error() + ")";
                            return new Fragment(value, error);
                        })
                        .example("IFERROR(10 / 0, -1)", "-1"));
    }

    private static Object logic(io.panels.formula.eval.Thunk[] args, boolean and) {
        Object[] values = Special.all(args);
        ErrorValue error = Special.firstError(values);
        if (error != null) {
            return error;
        }
        for (Object v : values) {
            if (Special.truthy(v) != and) {
                return !and;
            }
        }
        return and;
    }

    private static String join(io.panels.formula.sql.SqlCall call, String op) {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < call.size(); i++) {
            terms.add(Special.truthySql(call.fragment(i).value()));
        }
        return "(" + String.join(op, terms) + ")";
    }

    private static TypeRule.Typed typeIf(List<Node> args, CallSite site) {
        if (args.size() < 2 || args.size() > 3) {
            throw new FormulaException("IF takes 2 or 3 arguments, not " + args.size(), site.span().start(), site.span().end());
        }
        List<Node> typed = new ArrayList<>(args);
        Node condition = args.getFirst();
        if (condition.type() == Type.BLANK) {
            typed.set(0, new Node.Const(null, Type.BOOLEAN, condition.span()));
        } else if (condition.type() != Type.BOOLEAN) {
            throw new FormulaException("IF expects a boolean condition, not " + condition.type().displayName()
                    + "; compare it, for example {x} > 0", condition.span().start(), condition.span().end());
        }
        List<Node> branches = new ArrayList<>(typed.subList(1, typed.size()));
        Signature.unify(branches, new CallSite("IF", site.nameSpan(), site.span()));
        for (int i = 0; i < branches.size(); i++) {
            typed.set(i + 1, branches.get(i));
        }
        return new TypeRule.Typed(branches.getFirst().type(), typed);
    }

    private static TypeRule.Typed typeSwitch(List<Node> args, CallSite site) {
        if (args.size() < 3) {
            throw new FormulaException("SWITCH takes a value and at least one pattern and result",
                    site.span().start(), site.span().end());
        }
        List<Node> typed = new ArrayList<>(args);
        List<Integer> patternAt = new ArrayList<>(List.of(0));
        List<Integer> resultAt = new ArrayList<>();
        int i = 1;
        for (; i + 1 < args.size(); i += 2) {
            patternAt.add(i);
            resultAt.add(i + 1);
        }
        if (i < args.size()) {
            resultAt.add(i);
        }
        unifyAt(typed, patternAt, site);
        unifyAt(typed, resultAt, site);
        return new TypeRule.Typed(typed.get(resultAt.getFirst()).type(), typed);
    }

    private static void unifyAt(List<Node> typed, List<Integer> positions, CallSite site) {
        List<Node> group = new ArrayList<>();
        for (int p : positions) {
            group.add(typed.get(p));
        }
        Signature.unify(group, site);
        for (int k = 0; k < positions.size(); k++) {
            typed.set(positions.get(k), group.get(k));
        }
    }
}
