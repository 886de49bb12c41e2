package io.panels.formula.sql;

import io.panels.formula.types.Node;
import io.panels.formula.types.Type;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a function's SQL definition works with: its compiled arguments and a way to bind values.
 * Values never enter the SQL text: {@link #text}, {@link #number} and {@link #zone} add bound
 * parameters and return their placeholder.
 */
public final class SqlCall {

    private final List<Node> nodes;
    private final List<Fragment> fragments;
    private final List<String> args;
    private final SqlCompiler.Session session;

    SqlCall(List<Node> nodes, List<Fragment> fragments, List<String> args, SqlCompiler.Session session) {
        this.nodes = nodes;
        this.fragments = fragments;
        this.args = args;
        this.session = session;
    }

    public int size() {
        return nodes.size();
    }

    /** The SQL value of argument {@code i} (for strict functions, with its blank stand-in applied). */
    public String arg(int i) {
        return args.get(i);
    }

    /** Argument {@code i} with its error condition, for functions that handle errors themselves. */
    public Fragment fragment(int i) {
        return fragments.get(i);
    }

    public Type type(int i) {
        return nodes.get(i).type();
    }

    /** The value of a literal argument (a unit, a format, a pattern): the type checker made sure it is one. */
    public Object literal(int i) {
        return ((Node.Const) nodes.get(i)).value();
    }

    public String text(String value) {
        return "CAST(" + session.bind(Type.TEXT, value) + " AS text)";
    }

    public String number(BigDecimal value) {
        return "CAST(" + session.bind(Type.NUMBER, value) + " AS numeric)";
    }

    /** The evaluation time zone, as a text parameter. */
    public String zone() {
        return text(session.zone());
    }
}
