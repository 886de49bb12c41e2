package io.panels.formula.functions;

/**
 * One function (or operator) of the language: its typing, what it computes in memory and in SQL,
 * and its documentation. Adding a function is adding one of these to {@link FunctionRegistry}.
 *
 * @param immutable false when the value depends on more than the arguments (NOW, TODAY)
 * @param example   a formula using it, and {@code result} what that formula gives (tests check both
 *                  back ends against it, and the docs show it)
 */
public record FunctionDef(String name, Family family, String usage, String description, TypeRule typing,
                          Semantics semantics, boolean immutable, String example, String result) {

    /** The stand-in for a blank argument {@code index}, or null when a blank argument makes the result blank. */
    public Object blankAs(int index) {
        return typing instanceof Signature signature ? signature.blankAs(index) : null;
    }
}
