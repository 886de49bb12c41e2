package io.panels.formula.sql;

import io.panels.formula.FormulaException;
import io.panels.formula.functions.FunctionDef;
import io.panels.formula.functions.Semantics;
import io.panels.formula.types.CheckedFormula;
import io.panels.formula.types.Column;
import io.panels.formula.types.Node;
import io.panels.formula.types.Type;
import io.panels.formula.eval.ErrorValue;
import io.panels.formula.eval.EvalContext;
import io.panels.formula.eval.Evaluator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL back end: compiles a checked formula into one PostgreSQL expression over the row. The
 * SQL text holds only what this compiler writes (operators, function names, casts, constants of
 * its own) and the column SQL of the caller's model; every value from the formula is a bound
 * parameter. Errors (division by zero...) become NULL, as blanks, exactly where the evaluator gives
 * an error value.
 */
public final class SqlCompiler {

    /** Beyond this the expression is refused: PostgreSQL would spend more planning it than it is worth. */
    public static final int MAX_SQL_LENGTH = 200_000;

    private static final char MARK = '\u0001';

    private SqlCompiler() {}

    /**
     * @param zone the evaluation time zone: the one given to the evaluator for the same results
     */
    public static SqlExpression compile(CheckedFormula formula, ZoneId zone) {
        return compile(formula, zone, false);
    }

    /**
     * The expression for DDL (a stored generated column, an index): no parameters, every value a
     * quoted literal, and every part that reads no column computed here, with the evaluator, because
     * PostgreSQL folds such parts before it assigns their collation and then refuses them.
     */
    public static SqlExpression compileForDdl(CheckedFormula formula, ZoneId zone) {
        SqlExpression expression = compile(formula, zone, true);
        return new SqlExpression(expression.inlined(), List.of(), expression.type(), expression.immutable());
    }

    private static SqlExpression compile(CheckedFormula formula, ZoneId zone, boolean fold) {
        Session session = new Session(zoneName(zone), fold ? zone : null);
        Fragment root = session.compile(formula.root());
        String value = root.error() == null ? root.value()
                : "CASE WHEN " + root.error() + " THEN NULL ELSE " + root.value() + " END";
        String marked = "CAST(" + value + " AS " + formula.type().sqlType() + ")";
        if (marked.length() > MAX_SQL_LENGTH) {
            throw new FormulaException("The formula is too complex to compute in the database; split it into several columns",
                    0, formula.text().length());
        }
        StringBuilder sql = new StringBuilder(marked.length());
        List<Object> parameters = new ArrayList<>();
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            if (c == MARK) {
                int end = marked.indexOf(MARK, i + 1);
                parameters.add(session.values.get(Integer.parseInt(marked.substring(i + 1, end))));
                sql.append('?');
                i = end;
            } else {
                sql.append(c);
            }
        }
        return new SqlExpression(sql.toString(), parameters, formula.type(), formula.immutable());
    }

    /**
     * PostgreSQL reads a bare '+02:00' as a POSIX zone, east and west swapped, so fixed offsets are
     * written as the equivalent Etc/GMT zone.
     */
    static String zoneName(ZoneId zone) {
        if (zone instanceof ZoneOffset offset) {
            int seconds = offset.getTotalSeconds();
            if (seconds == 0) {
                return "UTC";
            }
            if (seconds % 3600 != 0) {
                throw new IllegalArgumentException("use a region time zone instead of the offset " + offset);
            }
            int hours = seconds / 3600;
            return "Etc/GMT" + (hours > 0 ? "-" : "+") + Math.abs(hours);
        }
        return zone.normalized() instanceof ZoneOffset offset && offset.getTotalSeconds() == 0 ? "UTC" : zone.getId();
    }

    /** One compilation: the values bound so far, referred to from the SQL by markers until the end. */
    static final class Session {
        private final String zone;
        /** Set when constant parts are computed here rather than in the database. */
        private final ZoneId foldIn;
        private final List<Object> values = new ArrayList<>();

        Session(String zone, ZoneId foldIn) {
            this.zone = zone;
            this.foldIn = foldIn;
        }

        String zone() {
            return zone;
        }

        String bind(Type type, Object value) {
            values.add(value);
            return MARK + Integer.toString(values.size() - 1) + MARK;
        }

        Fragment compile(Node node) {
            return switch (node) {
                case Node.Const c -> Fragment.of(constant(c));
                case Node.Ref r -> Fragment.of(column(r.column()));
                case Node.Call call when foldIn != null && Evaluator.isConstant(call) -> folded(call);
                case Node.Call call -> call(call);
            };
        }

        private Fragment folded(Node.Call call) {
            Object value = Evaluator.constant(call, new EvalContext(foldIn, Instant.EPOCH));
            String type = call.type().sqlType();
            return switch (value) {
                case ErrorValue e -> new Fragment("CAST(NULL AS " + type + ")", "TRUE");
                case LocalDate d -> Fragment.of("CAST(" + bind(Type.TEXT, d.toString()) + " AS date)");
                case Instant i -> Fragment.of("CAST(" + bind(Type.TEXT, i.toString()) + " AS timestamptz)");
                case null, default -> Fragment.of(constant(new Node.Const(value, call.type(), call.span())));
            };
        }

        private String constant(Node.Const c) {
            if (c.value() == null) {
                return "CAST(NULL AS " + c.type().sqlType() + ")";
            }
            return switch (c.value()) {
                case BigDecimal n -> "CAST(" + bind(Type.NUMBER, n) + " AS numeric)";
                case String s -> "CAST(" + bind(Type.TEXT, s) + " AS text)";
                case Boolean b -> b ? "TRUE" : "FALSE";
                default -> throw new IllegalStateException("no literal of " + c.value().getClass());
            };
        }

        private static String column(Column column) {
            if (column.sql().indexOf('?') >= 0) {
                throw new IllegalArgumentException("the SQL of column " + column.key() + " must not contain '?'");
            }
            String cast = "CAST((" + column.sql() + ") AS " + column.type().sqlType() + ")";
            return column.type() == Type.TEXT ? "NULLIF(" + cast + ", '')" : cast;
        }

        private Fragment call(Node.Call call) {
            FunctionDef def = call.function();
            List<Fragment> fragments = new ArrayList<>();
            List<String> args = new ArrayList<>();
            for (int i = 0; i < call.args().size(); i++) {
                Fragment f = compile(call.args().get(i));
                fragments.add(f);
                Object blankAs = def.blankAs(i);
                args.add(blankAs == null ? f.value()
                        : "COALESCE(" + f.value() + ", " + constant(new Node.Const(blankAs, call.args().get(i).type(), call.span())) + ")");
            }
            SqlCall sqlCall = new SqlCall(call.args(), fragments, args, this);
            return switch (def.semantics()) {
                case Semantics.Special special -> special.sql().sql(sqlCall);
                case Semantics.Strict strict -> {
                    String value = strict.sql().sql(sqlCall);
                    if (call.type() == Type.TEXT) {
                        value = "NULLIF(" + value + ", '')";
                    }
                    List<String> errors = new ArrayList<>();
                    for (Fragment f : fragments) {
                        if (f.error() != null) {
                            errors.add(f.error());
                        }
                    }
                    String own = strict.errorWhen() == null ? null : strict.errorWhen().sql(sqlCall);
                    if (own != null) {
                        errors.add(ownError(own, args, call));
                    }
                    yield new Fragment(value, errors.isEmpty() ? null
                            : errors.size() == 1 ? errors.getFirst() : "(" + String.join(" OR ", errors) + ")");
                }
            };
        }

        /** A function's own error applies only when no argument is blank, as in the evaluator. */
        private static String ownError(String condition, List<String> args, Node.Call call) {
            List<String> terms = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                if (!(call.args().get(i) instanceof Node.Const c && c.value() != null)) {
                    terms.add(args.get(i) + " IS NOT NULL");
                }
            }
            terms.add(condition);
            return "COALESCE(" + String.join(" AND ", terms) + ", FALSE)";
        }
    }
}
