package io.panels.formula.eval;

import io.panels.formula.functions.FunctionDef;
import io.panels.formula.functions.Numeric;
import io.panels.formula.functions.Semantics;
import io.panels.formula.types.CheckedFormula;
import io.panels.formula.types.Column;
import io.panels.formula.types.Node;
import io.panels.formula.types.Type;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The in-memory back end: compiles a checked formula once into a tree of small closures, then
 * evaluates it row after row. Results are {@link BigDecimal}, {@link String}, {@link Boolean},
 * {@link LocalDate}, {@link Instant}, null for blank, or an {@link ErrorValue}.
 */
public final class Evaluator {

    /** One compiled node. */
    @FunctionalInterface
    private interface Op {
        Object eval(RowValues row, EvalContext ctx);
    }

    private final Op root;
    private final Type type;

    private Evaluator(Op root, Type type) {
        this.root = root;
        this.type = type;
    }

    public static Evaluator compile(CheckedFormula formula) {
        return new Evaluator(compile(formula.root()), formula.type());
    }

    /** Whether a node reads no column and calls only immutable functions. */
    public static boolean isConstant(Node node) {
        return switch (node) {
            case Node.Const c -> true;
            case Node.Ref r -> false;
            case Node.Call call -> call.function().immutable() && call.args().stream().allMatch(Evaluator::isConstant);
        };
    }

    /** The value of a constant node (see {@link #isConstant}). */
    public static Object constant(Node node, EvalContext ctx) {
        return compile(node).eval(name -> null, ctx);
    }

    public Type type() {
        return type;
    }

    /** The value, null for blank, or an {@link ErrorValue}. */
    public Object evaluate(RowValues row, EvalContext ctx) {
        return root.eval(row, ctx);
    }

    /** The value as a column shows it: errors read as blank, like the SQL back end. */
    public Object evaluateOrBlank(RowValues row, EvalContext ctx) {
        Object value = root.eval(row, ctx);
        return value instanceof ErrorValue ? null : value;
    }

    private static Op compile(Node node) {
        return switch (node) {
            case Node.Const c -> {
                Object value = c.value();
                yield (row, ctx) -> value;
            }
            case Node.Ref r -> {
                Column column = r.column();
                String key = column.key();
                Type type = column.type();
                yield (row, ctx) -> coerce(row.get(key), type, column);
            }
            case Node.Call call -> call(call);
        };
    }

    private static Op call(Node.Call call) {
        FunctionDef def = call.function();
        int n = call.args().size();
        Op[] args = new Op[n];
        Object[] blankAs = new Object[n];
        for (int i = 0; i < n; i++) {
            args[i] = compile(call.args().get(i));
            blankAs[i] = def.blankAs(i);
        }
        return switch (def.semantics()) {
            case Semantics.Strict strict -> {
                Semantics.StrictEval fn = strict.eval();
                yield (row, ctx) -> {
                    Object[] values = new Object[n];
                    boolean blank = false;
                    for (int i = 0; i < n; i++) {
                        Object v = args[i].eval(row, ctx);
                        if (v instanceof ErrorValue) {
                            return v;
                        }
                        if (v == null) {
                            v = blankAs[i];
                            blank |= v == null;
                        }
                        values[i] = v;
                    }
                    return blank ? null : normalize(fn.apply(values, ctx));
                };
            }
            case Semantics.Special special -> {
                Semantics.SpecialEval fn = special.eval();
                yield (row, ctx) -> {
                    Thunk[] thunks = new Thunk[n];
                    for (int i = 0; i < n; i++) {
                        Op arg = args[i];
                        thunks[i] = () -> arg.eval(row, ctx);
                    }
                    return normalize(fn.apply(thunks, ctx));
                };
            }
        };
    }

    private static Object normalize(Object value) {
        return value instanceof String s && s.isEmpty() ? null : value;
    }

    /** A row value as the formula sees it; a value of the wrong kind is the caller's bug. */
    private static Object coerce(Object value, Type type, Column column) {
        if (value == null || value instanceof ErrorValue) {
            return value;
        }
        Object coerced = switch (type) {
            case NUMBER -> switch (value) {
                case BigDecimal d -> Numeric.normalize(d);
                case Integer i -> BigDecimal.valueOf(i);
                case Long l -> BigDecimal.valueOf(l);
                case Short s -> BigDecimal.valueOf(s);
                default -> null;
            };
            case TEXT -> value instanceof String s ? (s.isEmpty() ? null : s) : null;
            case BOOLEAN -> value instanceof Boolean ? value : null;
            case DATE -> switch (value) {
                case LocalDate d -> d;
                case java.sql.Date d -> d.toLocalDate();
                default -> null;
            };
            case DATETIME -> switch (value) {
                case Instant i -> i.truncatedTo(ChronoUnit.MICROS);
                case OffsetDateTime o -> o.toInstant().truncatedTo(ChronoUnit.MICROS);
                case ZonedDateTime z -> z.toInstant().truncatedTo(ChronoUnit.MICROS);
                case Timestamp t -> t.toInstant().truncatedTo(ChronoUnit.MICROS);
                default -> null;
            };
            case BLANK -> null;
        };
        if (coerced == null && !(type == Type.TEXT && value instanceof String)) {
            throw new IllegalArgumentException("column " + column.key() + " holds a " + value.getClass().getSimpleName()
                    + ", not a " + type.displayName());
        }
        return coerced;
    }
}
