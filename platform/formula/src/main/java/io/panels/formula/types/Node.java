package io.panels.formula.types;

import io.panels.formula.functions.FunctionDef;
import io.panels.formula.parse.Span;
import java.util.List;

/** A checked formula: every node knows its type, every reference its column, every call its function. */
public sealed interface Node {

    Type type();

    Span span();

    /** A literal; {@code value} is null for a blank of the given type. */
    record Const(Object value, Type type, Span span) implements Node {}

    record Ref(Column column, Span span) implements Node {
        @Override
        public Type type() {
            return column.type();
        }
    }

    record Call(FunctionDef function, List<Node> args, Type type, Span span) implements Node {
        public Call {
            args = List.copyOf(args);
        }
    }
}
