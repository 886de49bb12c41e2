package io.panels.formula.types;

import io.panels.formula.FormulaException;
import io.panels.formula.functions.CallSite;
import io.panels.formula.functions.FunctionDef;
import io.panels.formula.functions.FunctionRegistry;
import io.panels.formula.functions.Numeric;
import io.panels.formula.functions.Signature;
import io.panels.formula.functions.Texts;
import io.panels.formula.functions.TypeRule;
import io.panels.formula.parse.Expr;
import io.panels.formula.parse.FormulaSyntax;
import io.panels.formula.parse.Limits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves and types a formula against a column model: unknown functions and columns, wrong
 * argument types and reference cycles between formula columns are {@link FormulaException}s with
 * the position of the offending part.
 */
public final class TypeChecker {

    private final ColumnModel model;
    private final Limits limits;
    /** The formula columns whose formulas are being checked, outermost first. */
    private final Deque<Column> path = new ArrayDeque<>();
    /** Whether each formula column already checked is immutable. */
    private final Map<String, Boolean> immutability = new HashMap<>();
    private final String selfKey;

    private TypeChecker(ColumnModel model, Limits limits, String selfKey) {
        this.model = model;
        this.limits = limits;
        this.selfKey = selfKey;
    }

    /** Checks a formula that belongs to no column (a preview, a filter). */
    public static CheckedFormula check(String text, ColumnModel model) {
        return check(text, model, null, Limits.DEFAULT);
    }

    /** Checks the formula of column {@code selfKey}, which must not reach itself through other formulas. */
    public static CheckedFormula check(String text, ColumnModel model, String selfKey) {
        return check(text, model, selfKey, Limits.DEFAULT);
    }

    public static CheckedFormula check(String text, ColumnModel model, String selfKey, Limits limits) {
        return new TypeChecker(model, limits, selfKey).checkTop(text);
    }

    private CheckedFormula checkTop(String text) {
        Scope scope = new Scope(true);
        Node root = scope.resolve(FormulaSyntax.parse(text, limits));
        root = Signature.retype(root, Type.TEXT);
        return new CheckedFormula(text, root, root.type(), scope.referenced, scope.immutable);
    }

    /** Signals a cycle up to the formula being checked, which reports it where it starts. */
    private static final class CycleFound extends RuntimeException {
        final List<String> names;

        CycleFound(List<String> names) {
            super(null, null, false, false);
            this.names = names;
        }
    }

    private final class Scope {
        final boolean top;
        final Set<String> referenced = new LinkedHashSet<>();
        boolean immutable = true;

        Scope(boolean top) {
            this.top = top;
        }

        Node resolve(Expr expr) {
            return switch (expr) {
                case Expr.NumberLiteral n -> new Node.Const(Numeric.normalize(n.value()), Type.NUMBER, n.span());
                case Expr.TextLiteral t -> new Node.Const(Texts.blankIfEmpty(t.value()), Type.TEXT, t.span());
                case Expr.BooleanLiteral b -> new Node.Const(b.value(), Type.BOOLEAN, b.span());
                case Expr.ColumnRef ref -> column(ref);
                case Expr.Call call -> call(call);
            };
        }

        private Node column(Expr.ColumnRef ref) {
            Column column = model.resolve(ref.name()).orElseThrow(() -> new FormulaException(
                    "Unknown column {" + ref.name() + "}", ref.span().start(), ref.span().end()));
            if (top && column.key().equals(selfKey)) {
                throw new FormulaException("A formula cannot refer to its own column", ref.span().start(), ref.span().end());
            }
            referenced.add(column.key());
            if (column.isFormula()) {
                try {
                    immutable &= dependency(column);
                } catch (CycleFound cycle) {
                    if (!top) {
                        throw cycle;
                    }
                    throw new FormulaException("Circular reference: " + cycle.names.stream()
                            .map(n -> "{" + n + "}").collect(Collectors.joining(" → ")), ref.span().start(), ref.span().end());
                } catch (FormulaException invalid) {
                    if (!top) {
                        throw invalid;
                    }
                    throw new FormulaException("The formula of {" + column.name() + "} has an error: " + invalid.error().message(),
                            ref.span().start(), ref.span().end());
                }
            }
            return new Node.Ref(column, ref.span());
        }

        /** Checks the formula of a column this one reads; returns whether it is immutable. */
        private boolean dependency(Column column) {
            Boolean known = immutability.get(column.key());
            if (known != null) {
                return known;
            }
            boolean onPath = path.stream().anyMatch(c -> c.key().equals(column.key()));
            if (onPath || column.key().equals(selfKey)) {
                List<String> names = new ArrayList<>();
                if (!onPath) {
                    names.add(column.name());
                }
                boolean inCycle = !onPath;
                for (Column c : path) {
                    inCycle |= c.key().equals(column.key());
                    if (inCycle) {
                        names.add(c.name());
                    }
                }
                names.add(column.name());
                throw new CycleFound(names);
            }
            path.addLast(column);
            try {
                Scope nested = new Scope(false);
                nested.resolve(FormulaSyntax.parse(column.formula(), limits));
                immutability.put(column.key(), nested.immutable);
                return nested.immutable;
            } finally {
                path.removeLast();
            }
        }

        private Node call(Expr.Call call) {
            FunctionDef def = call.operator()
                    ? FunctionRegistry.operator(call.name())
                    : FunctionRegistry.function(call.name()).orElseThrow(() -> new FormulaException(
                            "Unknown function " + call.name(), call.nameSpan().start(), call.nameSpan().end()));
            List<Node> args = new ArrayList<>();
            for (Expr arg : call.args()) {
                args.add(resolve(arg));
            }
            TypeRule.Typed typed = def.typing().check(args, new CallSite(def.name(), call.nameSpan(), call.span()));
            immutable &= def.immutable();
            if (def.name().equals("BLANK") && !call.operator()) {
                return new Node.Const(null, Type.BLANK, call.span());
            }
            return new Node.Call(def, typed.args(), typed.type(), call.span());
        }
    }
}
