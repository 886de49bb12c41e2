package io.panels.formula.types;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The columns a formula may refer to. References are written by display name ({@code {Price}}) when
 * people type a formula, and by stable key when it is stored, so that a rename does not break it
 * ({@link io.panels.formula.FormulaRewriter} converts between the two).
 */
@FunctionalInterface
public interface ColumnModel {

    /** The column that the text inside {@code {...}} refers to, if any. */
    Optional<Column> resolve(String reference);

    static ColumnModel byName(Collection<Column> columns) {
        return index(columns, Column::name);
    }

    static ColumnModel byKey(Collection<Column> columns) {
        return index(columns, Column::key);
    }

    private static ColumnModel index(Collection<Column> columns, Function<Column, String> by) {
        Map<String, Column> index = new LinkedHashMap<>();
        for (Column column : columns) {
            if (index.putIfAbsent(by.apply(column), column) != null) {
                throw new IllegalArgumentException("two columns are called " + by.apply(column));
            }
        }
        return reference -> Optional.ofNullable(index.get(reference));
    }
}
