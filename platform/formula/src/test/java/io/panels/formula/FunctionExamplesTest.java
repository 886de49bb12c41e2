package io.panels.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.formula.eval.EvalContext;
import io.panels.formula.functions.FunctionDef;
import io.panels.formula.functions.FunctionRegistry;
import io.panels.formula.sql.SqlCompiler;
import io.panels.formula.sql.SqlExpression;
import io.panels.formula.types.CheckedFormula;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every documented example gives its documented result in memory and in PostgreSQL, the immutable
 * ones can be stored generated columns, and docs/formulas.md shows each of them.
 */
class FunctionExamplesTest {

    private static final ZoneId ZONE = ZoneId.of("UTC");
    private static Connection connection;
    private static FormulaSupport support;

    @BeforeAll
    static void connect() throws Exception {
        connection = PgTestDatabase.connect();
        support = new FormulaSupport(connection);
        support.setRow(Map.of());
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    private static Stream<FunctionDef> all() {
        return Stream.concat(FunctionRegistry.functions().stream(), FunctionRegistry.operators().stream());
    }

    @Test
    void theLanguageHasAtLeastSixtyFunctions() {
        assertTrue(FunctionRegistry.functions().size() >= 60, "functions: " + FunctionRegistry.functions().size());
    }

    @TestFactory
    Stream<DynamicTest> examplesGiveTheirResultInBothBackEnds() {
        return all().map(def -> DynamicTest.dynamicTest(def.name() + ": " + def.example(), () -> {
            CheckedFormula formula = FormulaSupport.check(def.example());
            Object memory = FormulaSupport.memory(formula, Map.of(), new EvalContext(ZONE, Instant.now()));
            assertEquals(def.result(), display(memory), "in memory");
            assertEquals(def.result(), display(support.sql(formula, ZONE)), "in PostgreSQL");
        }));
    }

    @TestFactory
    Stream<DynamicTest> immutableExamplesAreStoredGeneratedColumns() {
        return all().map(def -> DynamicTest.dynamicTest(def.name(), () -> {
            CheckedFormula formula = FormulaSupport.check(def.example());
            SqlExpression expression = SqlCompiler.compileForDdl(formula, ZoneId.of("Europe/Paris"));
            assertEquals(def.immutable(), expression.immutable());
            if (!expression.immutable()) {
                return;
            }
            try (Statement s = connection.createStatement()) {
                s.execute("DROP TABLE IF EXISTS formula_generated");
                s.execute("CREATE TEMP TABLE formula_generated (id int, n1 numeric, n2 numeric, t1 text, t2 text, b1 boolean,"
                        + " d1 date, ts1 timestamptz, f " + formula.type().sqlType() + " GENERATED ALWAYS AS ("
                        + expression.sql() + ") STORED)");
                s.execute("INSERT INTO formula_generated (id) VALUES (1)");
                try (ResultSet rs = s.executeQuery("SELECT f FROM formula_generated")) {
                    rs.next();
                    assertEquals(def.result(), display(PgTestDatabase.read(rs, formula.type())));
                }
            }
        }));
    }

    @Test
    void nowAndTodayAreNotImmutable() {
        assertFalse(FormulaSupport.check("YEAR(TODAY())").immutable());
        assertFalse(FormulaSupport.check("DATEADD(NOW(), 1, \"days\")").immutable());
        assertTrue(FormulaSupport.check("DATEADD({Seen}, 1, \"days\")").immutable());
    }

    @Test
    void theReferenceDocumentsEveryFunctionWithItsExample() throws Exception {
        String docs = Files.readString(Path.of("../../docs/formulas.md"));
        List<String> missing = new ArrayList<>();
        for (FunctionDef def : FunctionRegistry.functions()) {
            String line = "| `" + def.example().replace("|", "\\|") + "` | `" + def.result() + "` |";
            if (!docs.contains("### " + def.name()) || !docs.contains(line)) {
                missing.add(def.name());
            }
        }
        assertEquals(List.of(), missing, "functions missing from docs/formulas.md (run FormulaReference.main)");
    }

    static String display(Object value) {
        return switch (value) {
            case null -> "(blank)";
            case BigDecimal n -> n.toPlainString();
            default -> value.toString();
        };
    }
}
