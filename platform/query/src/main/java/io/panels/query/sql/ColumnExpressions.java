package io.panels.query.sql;

import io.panels.formula.sql.SqlExpression;
import io.panels.query.schema.ColumnSchema;
import io.panels.query.schema.FormulaModel;
import io.panels.query.schema.TableSchema;
import io.panels.query.schema.ValueKind;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/** The SQL that reads each column: its quoted identifier, or a formula computed in the query. */
public final class ColumnExpressions {

    private final TableSchema table;
    private final FormulaModel formulas;
    private final Map<String, SqlFragment> compiled = new HashMap<>();

    public ColumnExpressions(TableSchema table, ZoneId zone) {
        this.table = table;
        this.formulas = new FormulaModel(table, zone);
    }

    public SqlFragment value(ColumnSchema column) {
        return compiled.computeIfAbsent(column.key(), key -> {
            if (column.sqlName() != null) {
                return SqlFragment.of(SqlExpression.identifier(column.sqlName()));
            }
            SqlExpression formula = formulas.compile(column);
            return new SqlFragment("(" + formula.sql() + ")", formula.parameters());
        });
    }

    /**
     * The value with every kind of blank made NULL: empty text, an empty option list, an empty JSON
     * document, an unchecked checkbox. Summaries and groups count on it so that blank means one thing.
     */
    public SqlFragment normalised(ColumnSchema column) {
        SqlFragment c = value(column);
        return switch (column.kind()) {
            case TEXT, USER, SINGLE_SELECT -> SqlFragment.of("NULLIF(").append(c).append(", '')");
            case MULTI_SELECT -> SqlFragment.of("CASE WHEN cardinality(").append(c).append(") > 0 THEN ").append(c).append(" END");
            case JSON -> SqlFragment.of("CASE WHEN ").append(JsonBlank.isEmpty(c)).append(" THEN NULL ELSE ").append(c).append(" END");
            case BOOLEAN -> SqlFragment.of("CASE WHEN ").append(c).append(" THEN TRUE END");
            case NUMBER, DATE, DATETIME -> c;
        };
    }

    public String table() {
        return SqlExpression.identifier(table.schemaName()) + "." + SqlExpression.identifier(table.tableName());
    }

    public String id() {
        return SqlExpression.identifier(table.idColumn());
    }

    public TableSchema schema() {
        return table;
    }

    public static boolean isTextual(ValueKind kind) {
        return kind == ValueKind.TEXT || kind == ValueKind.USER || kind == ValueKind.SINGLE_SELECT;
    }
}
