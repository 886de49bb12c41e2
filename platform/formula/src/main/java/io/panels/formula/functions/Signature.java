package io.panels.formula.functions;

import io.panels.formula.FormulaException;
import io.panels.formula.types.Node;
import io.panels.formula.types.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The usual {@link TypeRule}: a list of parameters (the last may repeat), a result type that may
 * depend on the argument types, optionally "all arguments of one type", and extra checks on
 * literal arguments.
 */
public final class Signature implements TypeRule {

    /** A check beyond types, typically on a literal argument; throws a {@link FormulaException}. */
    @FunctionalInterface
    public interface Check {
        void check(List<Node> args, CallSite site);
    }

    private final List<Param> params;
    private final Function<List<Type>, Type> result;
    private final boolean sameType;
    private final Check check;

    private Signature(List<Param> params, Function<List<Type>, Type> result, boolean sameType, Check check) {
        this.params = List.copyOf(params);
        this.result = result;
        this.sameType = sameType;
        this.check = check;
    }

    public static Signature of(Type result, Param... params) {
        return new Signature(List.of(params), types -> result, false, (args, site) -> {});
    }

    /** The result has the type of argument {@code index}. */
    public static Signature typeOf(int index, Param... params) {
        return new Signature(List.of(params), types -> types.get(index), false, (args, site) -> {});
    }

    /** All arguments must have one type (or be blank). */
    public Signature sameType() {
        return new Signature(params, result, true, check);
    }

    public Signature check(Check extra) {
        return new Signature(params, result, sameType, extra);
    }

    Object blankAs(int index) {
        return params.isEmpty() ? null : param(index).blankAs();
    }

    private Param param(int index) {
        return params.get(Math.min(index, params.size() - 1));
    }

    @Override
    public Typed check(List<Node> args, CallSite site) {
        int required = (int) params.stream().filter(p -> !p.isOptional()).count();
        boolean repeats = !params.isEmpty() && params.getLast().isRepeated();
        if (args.size() < required || (!repeats && args.size() > params.size())) {
            throw new FormulaException(site.name() + " takes " + arity(required, repeats) + ", not " + args.size(),
                    site.span().start(), site.span().end());
        }
        List<Node> typed = new ArrayList<>(args);
        for (int i = 0; i < args.size(); i++) {
            Node arg = args.get(i);
            Param p = param(i);
            if (p.mustBeLiteral() && !(arg instanceof Node.Const)) {
                throw new FormulaException(site.name() + " needs its " + ordinal(i) + " argument written out as a literal",
                        arg.span().start(), arg.span().end());
            }
            if (arg.type() == Type.BLANK) {
                if (p.types().size() == 1) {
                    typed.set(i, retype(arg, p.types().iterator().next()));
                }
            } else if (!p.types().contains(arg.type())) {
                throw new FormulaException(site.name() + " expects " + article(p.describe()) + " as its " + ordinal(i)
                        + " argument, not " + article(arg.type().displayName()), arg.span().start(), arg.span().end());
            }
        }
        if (sameType) {
            unify(typed, site);
        }
        check.check(typed, site);
        List<Type> types = typed.stream().map(Node::type).toList();
        return new Typed(result.apply(types), typed);
    }

    /** Gives every blank argument the type of the others, and refuses mixed types. */
    static void unify(List<Node> args, CallSite site) {
        Type common = Type.BLANK;
        for (Node arg : args) {
            if (arg.type() == Type.BLANK) {
                continue;
            }
            if (common == Type.BLANK) {
                common = arg.type();
            } else if (arg.type() != common) {
                throw new FormulaException(site.name() + " needs values of one type here, not " + article(common.displayName())
                        + " and " + article(arg.type().displayName()) + "; convert one of them first",
                        arg.span().start(), arg.span().end());
            }
        }
        if (common == Type.BLANK) {
            return;
        }
        for (int i = 0; i < args.size(); i++) {
            args.set(i, retype(args.get(i), common));
        }
    }

    /**
     * Gives an expression that is always blank (BLANK(), or IF and SWITCH whose results are all
     * blank) the type its place needs.
     */
    public static Node retype(Node node, Type type) {
        if (node.type() != Type.BLANK) {
            return node;
        }
        return switch (node) {
            case Node.Const c -> new Node.Const(null, type, c.span());
            case Node.Call call -> new Node.Call(call.function(),
                    call.args().stream().map(arg -> retype(arg, type)).toList(), type, call.span());
            case Node.Ref ref -> ref;
        };
    }

    private String arity(int required, boolean repeats) {
        if (repeats) {
            return "at least " + plural(Math.max(required, 1));
        }
        if (required == params.size()) {
            return plural(required);
        }
        return required + " to " + plural(params.size());
    }

    private static String plural(int n) {
        return n + (n == 1 ? " argument" : " arguments");
    }

    static String ordinal(int index) {
        return switch (index) {
            case 0 -> "1st";
            case 1 -> "2nd";
            case 2 -> "3rd";
            default -> (index + 1) + "th";
        };
    }

    static String article(String noun) {
        return noun.startsWith("any") ? noun : ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }
}
