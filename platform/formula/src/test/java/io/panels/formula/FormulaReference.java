package io.panels.formula;

import io.panels.formula.functions.Family;
import io.panels.formula.functions.FunctionDef;
import io.panels.formula.functions.FunctionRegistry;

/** Prints the function reference of docs/formulas.md from the registry (test scope, run by hand). */
public final class FormulaReference {

    private FormulaReference() {}

    public static void main(String[] args) {
        StringBuilder out = new StringBuilder();
        for (Family family : Family.values()) {
            if (family == Family.OPERATOR) {
                continue;
            }
            out.append("\n## Functions: ").append(family.title()).append("\n");
            for (FunctionDef def : FunctionRegistry.functions()) {
                if (def.family() != family) {
                    continue;
                }
                out.append("\n### ").append(def.name()).append("\n\n`").append(def.usage()).append("`: ")
                        .append(def.description()).append("\n\n| Example | Result |\n| --- | --- |\n| `")
                        .append(def.example().replace("|", "\\|")).append("` | `").append(def.result()).append("` |\n");
            }
        }
        System.out.print(out);
    }
}
