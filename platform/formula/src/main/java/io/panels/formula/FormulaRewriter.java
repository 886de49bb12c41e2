package io.panels.formula;

import io.panels.formula.parse.FormulaSyntax;
import java.util.List;
import java.util.function.Function;

/**
 * Rewrites the column references of a formula, leaving every other character as written. Stored
 * formulas refer to columns by stable key, so that renaming a column does not break them:
 * {@code rewrite(typed, nameToKey)} before storing, {@code rewrite(stored, keyToName)} to show.
 */
public final class FormulaRewriter {

    private FormulaRewriter() {}

    /** @param mapping the new reference for each reference; null leaves a reference as it is */
    public static String rewrite(String formula, Function<String, String> mapping) {
        List<FormulaSyntax.ColumnToken> refs = FormulaSyntax.columnReferences(formula);
        StringBuilder out = new StringBuilder(formula.length());
        int at = 0;
        for (FormulaSyntax.ColumnToken ref : refs) {
            String replacement = mapping.apply(ref.name());
            if (replacement == null) {
                continue;
            }
            out.append(formula, at, ref.span().start()).append(FormulaSyntax.columnReference(replacement));
            at = ref.span().end();
        }
        return out.append(formula.substring(at)).toString();
    }
}
