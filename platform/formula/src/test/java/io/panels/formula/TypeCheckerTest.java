package io.panels.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.panels.formula.parse.Limits;
import io.panels.formula.types.CheckedFormula;
import io.panels.formula.types.Column;
import io.panels.formula.types.ColumnModel;
import io.panels.formula.types.Type;
import io.panels.formula.types.TypeChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TypeCheckerTest {

    private static FormulaError error(String formula) {
        return assertThrows(FormulaException.class, () -> FormulaSupport.check(formula)).error();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1 + |                     The formula ends too early|                                     3| 3
            (1 + 2|                   The formula ends too early|                                     6| 6
            1 + * 2|                  Unexpected '*'|                                                 4| 5
            "abc|                     Text is not closed: add the closing "|                           0| 1
            {Amount + 1|              Column reference is not closed: add the closing }|              0| 1
            1 # 2|                    Unexpected character '#'|                                       2| 3
            FOO(1)|                   Unknown function FOO|                                           0| 3
            {Price} * 2|              Unknown column {Price}|                                         0| 7
            ROUND("a", 1)|            ROUND expects a number as its 1st argument, not a text|         6| 9
            LEFT({Name}, {Done})|     LEFT expects a number as its 2nd argument, not a boolean|       13| 19
            IF({Amount}, 1, 2)|       IF expects a boolean condition, not number; compare it, for example {x} > 0| 3| 11
            IF(TRUE, 1, "a")|         IF needs values of one type here, not a number and a text; convert one of them first| 12| 15
            {Due} < {Seen}|           < needs values of one type here, not a date and a datetime; convert one of them first| 8| 14
            ROUND()|                  ROUND takes 1 to 2 arguments, not 0|                            0| 7
            DATEADD({Due}, 1, "hours")| A date moves by years, months, weeks or days; use TO_DATETIME for hours| 18| 25
            DATEADD({Due}, 1, {Name})| DATEADD needs its 3rd argument written out as a literal|        18| 24
            REGEX_EXTRACT({Name}, "(ab)+")| Pattern not supported: a repeated group is not supported here, only in REGEX_MATCH| 22| 29
            DATETIME_FORMAT({Due}, "[x")| Invalid format: close every [ with ]|                        23| 27
            """)
    void errorsSayWhatAndWhere(String formula, String message, int start, int end) {
        assertEquals(new FormulaError(message, start, end), error(formula));
    }

    @Test
    void everyExpressionHasAResultType() {
        assertEquals(Type.NUMBER, FormulaSupport.check("{Amount} * 2").type());
        assertEquals(Type.TEXT, FormulaSupport.check("{Name} & {Amount}").type());
        assertEquals(Type.BOOLEAN, FormulaSupport.check("{Amount} > 2").type());
        assertEquals(Type.DATE, FormulaSupport.check("DATEADD({Due}, 1, \"days\")").type());
        assertEquals(Type.DATETIME, FormulaSupport.check("DATEADD({Seen}, 1, \"hours\")").type());
        assertEquals(Type.TEXT, FormulaSupport.check("BLANK()").type());
        assertEquals(Type.TEXT, FormulaSupport.check("LEFT(\"abc\", IF(TRUE, BLANK()))").type());
    }

    @Test
    void theCheckerReportsTheReferencedColumnKeys() {
        CheckedFormula formula = FormulaSupport.check("IF({Done}, {Amount} * {Rate}, {Amount})");
        assertEquals(Set.of("b1", "n1", "n2"), formula.referencedKeys());
    }

    @Test
    void referenceCyclesBetweenFormulaColumnsAreErrors() {
        List<Column> columns = List.of(
                Column.data("Price", "p", Type.NUMBER, "\"p\""),
                new Column("Net", "net", Type.NUMBER, "\"net\"", "{Gross} / 1.2"),
                new Column("Gross", "gross", Type.NUMBER, "\"gross\"", "{Total} - 1"),
                new Column("Total", "total", Type.NUMBER, "\"total\"", "{Net} * 2 + {Price}"));
        ColumnModel model = ColumnModel.byName(columns);

        FormulaError cycle = assertThrows(FormulaException.class,
                () -> TypeChecker.check("{Net} * 2 + {Price}", model, "total")).error();
        assertEquals(new FormulaError("Circular reference: {Total} → {Net} → {Gross} → {Total}", 0, 5), cycle);

        FormulaError self = assertThrows(FormulaException.class, () -> TypeChecker.check("{Price} + 1", model, "p")).error();
        assertEquals(new FormulaError("A formula cannot refer to its own column", 0, 7), self);

        FormulaError loop = assertThrows(FormulaException.class, () -> TypeChecker.check("1 + {Net}", model)).error();
        assertEquals(4, loop.start());
    }

    @Test
    void aFormulaReadingAVolatileFormulaIsNotImmutable() {
        List<Column> columns = List.of(
                new Column("Age", "age", Type.NUMBER, "\"age\"", "DATETIME_DIFF(NOW(), {Born}, \"years\")"),
                Column.data("Born", "born", Type.DATETIME, "\"born\""));
        CheckedFormula formula = TypeChecker.check("{Age} + 1", ColumnModel.byName(columns));
        assertEquals(false, formula.immutable());
    }

    @Test
    void sizeAndDepthAreLimited() {
        String deep = "(".repeat(40) + "1" + ")".repeat(40);
        assertEquals("The formula is nested deeper than 32 levels", error(deep).message());

        String signs = "-".repeat(40) + "1";
        assertEquals("Too many signs in a row", error(signs).message());

        List<String> terms = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            terms.add("1");
        }
        assertEquals("The formula has more than 1000 parts", error(String.join("+", terms)).message());

        assertEquals("The formula is longer than 4000 characters", error("1+" + " ".repeat(4000) + "1").message());

        String nested = "ABS(".repeat(33) + "1" + ")".repeat(33);
        assertEquals("The formula is nested deeper than 32 levels", error(nested).message());

        Limits small = new Limits(100, 100, 5, 10);
        assertThrows(FormulaException.class, () -> TypeChecker.check("1+1+1+1+1+1+1+1+1+1+1", FormulaSupport.MODEL, null, small));
    }

    @Test
    void renamesRewriteReferencesAndNothingElse() {
        String typed = "IF({Amount} > 0, \"{Amount}\" & {Name}, {Odd \\} name})";
        String stored = FormulaRewriter.rewrite(typed, name -> switch (name) {
            case "Amount" -> "n1";
            case "Name" -> "t1";
            case "Odd } name" -> "x9";
            default -> null;
        });
        assertEquals("IF({n1} > 0, \"{Amount}\" & {t1}, {x9})", stored);
        String shown = FormulaRewriter.rewrite(stored, key -> key.equals("x9") ? "Odd } name" : key);
        assertEquals("IF({n1} > 0, \"{Amount}\" & {t1}, {Odd \\} name})", shown);
    }
}
