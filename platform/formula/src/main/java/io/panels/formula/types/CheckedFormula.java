package io.panels.formula.types;

import java.util.Set;

/**
 * A formula that parsed and type-checked against a column model.
 *
 * @param text           the formula as written
 * @param root           the typed tree both back ends compile
 * @param type           the type of its result
 * @param referencedKeys the keys of the columns it refers to directly
 * @param immutable      whether its value depends on the row alone (no NOW or TODAY, here or in a
 *                       formula column it reads), so that it may be a stored generated column
 */
public record CheckedFormula(String text, Node root, Type type, Set<String> referencedKeys, boolean immutable) {

    public CheckedFormula {
        referencedKeys = Set.copyOf(referencedKeys);
    }
}
