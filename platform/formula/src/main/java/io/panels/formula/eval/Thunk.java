package io.panels.formula.eval;

/** An argument that a lazy function evaluates only if it needs it (IF evaluates one branch). */
@FunctionalInterface
public interface Thunk {
    Object get();
}
