package io.panels.formula.functions;

import io.panels.formula.types.Node;
import io.panels.formula.types.Type;
import java.util.List;

/** Checks the arguments of a call and gives its result type (and the arguments with blanks typed). */
@FunctionalInterface
public interface TypeRule {

    Typed check(List<Node> args, CallSite site);

    record Typed(Type type, List<Node> args) {}
}
