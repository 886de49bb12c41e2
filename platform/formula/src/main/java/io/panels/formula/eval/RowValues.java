package io.panels.formula.eval;

import java.util.Map;

/** The values of one row, by column key. Blanks are null or absent. */
@FunctionalInterface
public interface RowValues {

    Object get(String columnKey);

    static RowValues of(Map<String, ?> values) {
        return values::get;
    }
}
