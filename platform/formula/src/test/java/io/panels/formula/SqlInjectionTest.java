package io.panels.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.formula.eval.EvalContext;
import io.panels.formula.sql.SqlCompiler;
import io.panels.formula.sql.SqlExpression;
import io.panels.formula.types.CheckedFormula;
import io.panels.formula.types.Column;
import io.panels.formula.types.ColumnModel;
import io.panels.formula.types.Type;
import io.panels.formula.types.TypeChecker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A formula reaches its row's values and nothing else, whatever its strings and column names say. */
class SqlInjectionTest {

    private static final String NASTY = "x'); DROP TABLE victim; --\" \\ $$ ? :p";

    @Test
    void stringsAndColumnNamesNeverEnterTheSqlText() throws Exception {
        String name = "Name\"; DROP TABLE victim; --";
        List<Column> columns = List.of(Column.data(name, "c1", Type.TEXT, SqlExpression.identifier("odd \"col\"")));
        String formula = "CONCAT(" + io.panels.formula.parse.FormulaSyntax.columnReference(name) + ", \"" + NASTY.replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\", SUBSTITUTE(\"'\", \"'\", \"''\"), REGEX_REPLACE(\"a\", \"a\", \"$1 \\\\1 &\"))";
        CheckedFormula checked = TypeChecker.check(formula, ColumnModel.byName(columns));
        SqlExpression sql = SqlCompiler.compile(checked, ZoneId.of("Europe/Paris"));

        assertFalse(sql.sql().contains("DROP"), sql.sql());
        assertFalse(sql.sql().contains(name), sql.sql());
        assertTrue(sql.parameters().contains(NASTY));

        try (Connection connection = PgTestDatabase.connect(); Statement s = connection.createStatement()) {
            s.execute("CREATE TEMP TABLE victim (id int)");
            s.execute("CREATE TEMP TABLE formula_injection (\"odd \"\"col\"\"\" text)");
            s.execute("INSERT INTO formula_injection VALUES ('v''); DROP TABLE victim; --')");
            Object expected = io.panels.formula.eval.Evaluator.compile(checked).evaluateOrBlank(
                    io.panels.formula.eval.RowValues.of(Map.of("c1", "v'); DROP TABLE victim; --")),
                    new EvalContext(ZoneId.of("Europe/Paris"), Instant.now()));
            try (PreparedStatement select = connection.prepareStatement("SELECT " + sql.sql() + " FROM formula_injection")) {
                PgTestDatabase.bind(select, sql, 0);
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                    assertEquals(expected, rs.getString(1));
                }
            }
            SqlExpression ddl = SqlCompiler.compileForDdl(checked, ZoneId.of("Europe/Paris"));
            s.execute("ALTER TABLE formula_injection ADD COLUMN f text GENERATED ALWAYS AS (" + ddl.sql() + ") STORED");
            try (ResultSet rs = s.executeQuery("SELECT f FROM formula_injection")) {
                rs.next();
                assertEquals(expected, rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM victim")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the victim table is still there");
            }
        }
    }

    @Test
    void aFormulaCannotNameAnythingButColumnsAndFunctions() {
        for (String attempt : List.of("pg_sleep(10)", "{Name}; SELECT 1", "current_user", "\"a\"::regclass", "(SELECT 1)",
                "ROUND(1) FROM victim", "version()", "lower({Name}) -- comment")) {
            assertThrows(FormulaException.class, () -> FormulaSupport.check(attempt), attempt);
        }
    }

    @Test
    void columnSqlWithPlaceholdersIsRefused() {
        List<Column> columns = List.of(Column.data("J", "j", Type.BOOLEAN, "\"doc\" ? 'k'"));
        CheckedFormula checked = TypeChecker.check("NOT({J})", ColumnModel.byName(columns));
        assertThrows(IllegalArgumentException.class, () -> SqlCompiler.compile(checked, ZoneId.of("UTC")));
    }
}
