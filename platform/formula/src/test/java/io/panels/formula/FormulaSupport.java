package io.panels.formula;

import io.panels.formula.eval.EvalContext;
import io.panels.formula.eval.Evaluator;
import io.panels.formula.eval.RowValues;
import io.panels.formula.sql.SqlCompiler;
import io.panels.formula.sql.SqlExpression;
import io.panels.formula.types.CheckedFormula;
import io.panels.formula.types.Column;
import io.panels.formula.types.ColumnModel;
import io.panels.formula.types.Type;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** A temporary table with one column of each type, and both back ends run on its one row. */
final class FormulaSupport {

    static final List<Column> COLUMNS = List.of(
            Column.data("Amount", "n1", Type.NUMBER, "\"n1\""),
            Column.data("Rate", "n2", Type.NUMBER, "\"n2\""),
            Column.data("Name", "t1", Type.TEXT, "\"t1\""),
            Column.data("Code", "t2", Type.TEXT, "\"t2\""),
            Column.data("Done", "b1", Type.BOOLEAN, "\"b1\""),
            Column.data("Due", "d1", Type.DATE, "\"d1\""),
            Column.data("Seen", "ts1", Type.DATETIME, "\"ts1\""));
    static final ColumnModel MODEL = ColumnModel.byName(COLUMNS);

    private final Connection connection;

    FormulaSupport(Connection connection) throws SQLException {
        this.connection = connection;
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS formula_row (n1 numeric, n2 numeric, t1 text, t2 text, b1 boolean,"
                    + " d1 date, ts1 timestamptz)");
        }
    }

    void setRow(Map<String, Object> row) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("TRUNCATE formula_row");
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO formula_row (n1, n2, t1, t2, b1, d1, ts1) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int i = 1;
            for (String key : List.of("n1", "n2", "t1", "t2", "b1", "d1", "ts1")) {
                insert.setObject(i++, PgTestDatabase.sqlValue(row.get(key)));
            }
            insert.executeUpdate();
        }
    }

    void sessionZone(String zone) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SET TIME ZONE " + io.panels.formula.sql.SqlExpression.quote(zone));
        }
    }

    Object sql(CheckedFormula formula, ZoneId zone) throws SQLException {
        SqlExpression expression = SqlCompiler.compile(formula, zone);
        try (PreparedStatement select = connection.prepareStatement("SELECT " + expression.sql() + " FROM formula_row")) {
            PgTestDatabase.bind(select, expression, 0);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return PgTestDatabase.read(rs, formula.type());
            }
        }
    }

    static Object memory(CheckedFormula formula, Map<String, Object> row, EvalContext ctx) {
        return Evaluator.compile(formula).evaluateOrBlank(RowValues.of(row), ctx);
    }

    static CheckedFormula check(String text) {
        return io.panels.formula.types.TypeChecker.check(text, MODEL);
    }
}
