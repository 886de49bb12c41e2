package io.panels.query.schema;

import io.panels.formula.sql.SqlCompiler;
import io.panels.formula.sql.SqlExpression;
import io.panels.formula.types.CheckedFormula;
import io.panels.formula.types.Column;
import io.panels.formula.types.ColumnModel;
import io.panels.formula.types.Type;
import io.panels.formula.types.TypeChecker;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The table's columns as the formula library sees them, so that formula columns can be checked and
 * compiled into a query. References are by key, as formulas are stored. A formula column with a
 * stored generated column is read from it; one computed in the query (NOW, TODAY) is read, where
 * another formula uses it, as its own expression with its values written as literals, because the
 * formula compiler takes a column's SQL as text without parameters.
 */
public final class FormulaModel {

    private final TableSchema table;
    private final ZoneId zone;
    private final Map<String, Column> resolved = new HashMap<>();
    private final Set<String> resolving = new HashSet<>();
    private final ColumnModel model = this::resolve;

    public FormulaModel(TableSchema table, ZoneId zone) {
        this.table = table;
        this.zone = zone;
    }

    /** @throws io.panels.formula.FormulaException when the formula does not check against the table */
    public CheckedFormula check(ColumnSchema column) {
        return TypeChecker.check(column.formula(), model, column.key());
    }

    /** The column's formula as one SQL expression with {@code ?} parameters. */
    public SqlExpression compile(ColumnSchema column) {
        CheckedFormula checked = check(column);
        if (checked.type() != column.resultType()) {
            throw new IllegalStateException("the formula of " + column.key() + " gives " + checked.type().displayName()
                    + ", the schema says " + column.resultType().displayName());
        }
        return SqlCompiler.compile(checked, zone);
    }

    private Optional<Column> resolve(String key) {
        Column known = resolved.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<ColumnSchema> found = table.column(key);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ColumnSchema column = found.get();
        Type type = formulaType(column);
        if (type == null) {
            return Optional.empty();
        }
        if (!column.isFormula()) {
            return Optional.of(remember(Column.data(column.name(), key, type, SqlExpression.identifier(column.sqlName()))));
        }
        if (column.sqlName() != null) {
            return Optional.of(remember(new Column(column.name(), key, type, SqlExpression.identifier(column.sqlName()), column.formula())));
        }
        if (!resolving.add(key)) {
            // A cycle: the checker finds it through the formula texts and reports it where it starts.
            return Optional.of(new Column(column.name(), key, type, "NULL", column.formula()));
        }
        try {
            String sql;
            try {
                sql = "(" + SqlCompiler.compileForDdl(TypeChecker.check(column.formula(), model, key), zone).sql() + ")";
            } catch (RuntimeException broken) {
                sql = "NULL";
            }
            return Optional.of(remember(new Column(column.name(), key, type, sql, column.formula())));
        } finally {
            resolving.remove(key);
        }
    }

    private Column remember(Column column) {
        resolved.put(column.key(), column);
        return column;
    }

    /** Formulas can read the columns whose values the formula language has a type for. */
    private static Type formulaType(ColumnSchema column) {
        return switch (column.kind()) {
            case TEXT, USER, SINGLE_SELECT -> Type.TEXT;
            case NUMBER -> Type.NUMBER;
            case BOOLEAN -> Type.BOOLEAN;
            case DATE -> Type.DATE;
            case DATETIME -> Type.DATETIME;
            case MULTI_SELECT, JSON -> null;
        };
    }
}
