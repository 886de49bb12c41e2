package io.panels.formula;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.formula.eval.EvalContext;
import io.panels.formula.sql.SqlCompiler;
import io.panels.formula.types.CheckedFormula;
import io.panels.formula.types.Type;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random well-typed formulas over random rows (blanks, zeros, daylight-saving instants) in random
 * evaluation and session time zones: the evaluator and PostgreSQL give the same value, digit for
 * digit (numbers compare with their scale).
 */
class BackEndAgreementProperties {

    private static final List<String> ZONES = List.of("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata",
            "Australia/Lord_Howe", "Pacific/Chatham");
    private static Connection connection;
    private static FormulaSupport support;

    @BeforeContainer
    static void connect() throws Exception {
        connection = PgTestDatabase.connect();
        support = new FormulaSupport(connection);
    }

    @AfterContainer
    static void close() throws Exception {
        connection.close();
    }

    @Property(tries = 400)
    void evaluatorAndPostgresAgree(@ForAll long seed) throws Exception {
        Random random = new Random(seed);
        FormulaGenerator generator = new FormulaGenerator(random);
        Type type = FormulaGenerator.TYPES.get(random.nextInt(FormulaGenerator.TYPES.size()));
        String text = generator.formula(type, 4);
        Map<String, Object> row = generator.row();
        ZoneId zone = ZoneId.of(ZONES.get(random.nextInt(ZONES.size())));
        support.sessionZone(ZONES.get(random.nextInt(ZONES.size())));
        support.setRow(row);

        CheckedFormula formula = FormulaSupport.check(text);
        Assume.that(compilable(formula, zone));
        Object memory = FormulaSupport.memory(formula, row, new EvalContext(zone, Instant.now()));
        Object database;
        try {
            database = support.sql(formula, zone);
        } catch (java.sql.SQLException e) {
            throw new AssertionError("formula " + text + "\nsql " + SqlCompiler.compile(formula, zone).sql(), e);
        }
        assertEquals(memory, database, () -> "formula " + text + "\nrow " + row + "\nzone " + zone
                + "\nsql " + SqlCompiler.compile(formula, zone).sql());
    }

    /** Deeply nested guards can exceed the SQL size limit; such formulas are refused, not compared. */
    private static boolean compilable(CheckedFormula formula, ZoneId zone) {
        try {
            SqlCompiler.compile(formula, zone);
            return true;
        } catch (io.panels.formula.FormulaException tooComplex) {
            return false;
        }
    }

    /** Writes random formulas of a requested type; every one type-checks. */
    static final class FormulaGenerator {
        static final List<Type> TYPES = List.of(Type.NUMBER, Type.TEXT, Type.BOOLEAN, Type.DATE, Type.DATETIME);
        private static final List<String> NUMBERS = List.of("0", "1", "2", "3", "0.5", "2.25", "10", "7", "100", "0.001",
                "1.50", "12.345", "36");
        private static final List<String> TEXTS = List.of("\"\"", "\"a\"", "\"Hello World\"", "\"  padded  \"", "\"x'y\"",
                "\"héllo Ünï\"", "\"12.5\"", "\" -3 \"", "\"abc123def45\"", "\"2024-03-31 02:30:00\"", "\"2024-10-27 02:30:00\"",
                "\"2023-02-29 10:00:00\"", "\"a-b-c\"", "\"L\"", "\"l\"", "\"R&D \\\\1\"");
        private static final List<String> UNITS_ALL = List.of("\"seconds\"", "\"minutes\"", "\"hours\"", "\"days\"", "\"weeks\"",
                "\"months\"", "\"years\"");
        private static final List<String> UNITS_DAY = List.of("\"days\"", "\"weeks\"", "\"months\"", "\"years\"");
        private static final List<String> FORMATS = List.of("\"YYYY-MM-DD\"", "\"D/M/YY h:mm A\"", "\"[Week of] DD.MM.YYYY HH:mm:ss\"");
        private static final List<String> PATTERNS = List.of("\"[0-9]+\"", "\"l+\"", "\"\\\\s\"", "\"[a-c]\"", "\"\\\\w+$\"");

        private final Random random;

        FormulaGenerator(Random random) {
            this.random = random;
        }

        private String pick(List<String> options) {
            return options.get(random.nextInt(options.size()));
        }

        String formula(Type type, int depth) {
            if (depth <= 0 || random.nextInt(4) == 0) {
                return leaf(type);
            }
            int d = depth - 1;
            return switch (type) {
                case NUMBER -> number(d);
                case TEXT -> text(d);
                case BOOLEAN -> bool(d);
                case DATE -> date(d);
                case DATETIME -> datetime(d);
                case BLANK -> "BLANK()";
            };
        }

        private String leaf(Type type) {
            return switch (type) {
                case NUMBER -> pick(List.of("{Amount}", "{Rate}", pick(NUMBERS), "-" + pick(NUMBERS), "BLANK()"));
                case TEXT -> pick(List.of("{Name}", "{Code}", pick(TEXTS)));
                case BOOLEAN -> pick(List.of("{Done}", "TRUE", "FALSE"));
                case DATE -> pick(List.of("{Due}", "DATE(2024, 2, 29)", "DATE(2023, 12, 31)"));
                case DATETIME -> pick(List.of("{Seen}", "DATETIME_PARSE(\"2024-03-31 02:30:00\")"));
                case BLANK -> "BLANK()";
            };
        }

        private String any(int d) {
            return formula(TYPES.get(random.nextInt(TYPES.size())), d);
        }

        private String number(int d) {
            String a = formula(Type.NUMBER, d);
            String b = formula(Type.NUMBER, d);
            return switch (random.nextInt(36)) {
                case 0 -> "(" + a + " + " + b + ")";
                case 1 -> "(" + a + " - " + b + ")";
                case 2 -> "(" + a + " * " + b + ")";
                case 3, 4 -> "(" + a + " / " + b + ")";
                case 5 -> "(" + a + " % " + b + ")";
                case 6 -> "ROUND(" + a + ", " + pick(List.of("0", "1", "2", "-1")) + ")";
                case 7 -> "ROUNDUP(" + a + ", " + pick(List.of("0", "1", "3", "-1")) + ")";
                case 8 -> "ROUNDDOWN(" + a + (random.nextBoolean() ? ", 1" : "") + ")";
                case 9 -> "CEILING(" + a + (random.nextBoolean() ? ", " + b : "") + ")";
                case 10 -> "FLOOR(" + a + (random.nextBoolean() ? ", " + b : "") + ")";
                case 11 -> "ABS(" + a + ")";
                case 12 -> "MOD(" + a + ", " + b + ")";
                case 13 -> "INT(" + a + ")";
                case 14 -> "SIGN(" + a + ")";
                case 15 -> pick(List.of("MIN", "MAX", "SUM", "AVERAGE")) + "(" + a + ", " + b + ", " + formula(Type.NUMBER, d) + ")";
                case 16 -> "VALUE(" + formula(Type.TEXT, d) + ")";
                case 17 -> "LEN(" + formula(Type.TEXT, d) + ")";
                case 18 -> pick(List.of("FIND", "SEARCH")) + "(" + formula(Type.TEXT, d) + ", " + formula(Type.TEXT, d)
                        + (random.nextBoolean() ? ", " + a : "") + ")";
                case 19 -> pick(List.of("YEAR", "MONTH", "DAY", "WEEKDAY", "WEEKNUM")) + "(" + formula(random.nextBoolean() ? Type.DATE : Type.DATETIME, d) + ")";
                case 20 -> pick(List.of("HOUR", "MINUTE", "SECOND")) + "(" + formula(Type.DATETIME, d) + ")";
                case 21 -> {
                    Type t = random.nextBoolean() ? Type.DATE : Type.DATETIME;
                    yield "DATETIME_DIFF(" + formula(t, d) + ", " + formula(t, d) + ", " + pick(UNITS_ALL) + ")";
                }
                case 22 -> "WORKDAY_DIFF(" + formula(Type.DATE, d) + ", " + formula(random.nextBoolean() ? Type.DATE : Type.DATETIME, d) + ")";
                case 23 -> "IF(" + formula(Type.BOOLEAN, d) + ", " + a + (random.nextBoolean() ? ", " + b : "") + ")";
                case 24 -> "SWITCH(" + a + ", 1, " + b + ", 2, " + formula(Type.NUMBER, d) + (random.nextBoolean() ? ", 0" : "") + ")";
                case 25 -> "IFERROR(" + a + ", " + b + ")";
                case 26 -> "NUMBER(" + formula(random.nextBoolean() ? Type.BOOLEAN : Type.TEXT, d) + ")";
                case 27 -> "SQRT(" + a + ")";
                case 28 -> "POWER(" + a + ", " + pick(List.of("2", "3", "0.5", "-1", "0")) + ")";
                case 29 -> "(" + a + " ^ " + pick(List.of("2", "-2", "0")) + ")";
                case 30 -> "-(" + a + ")";
                case 31 -> "LN(" + a + ")";
                case 32 -> "LOG(" + a + (random.nextBoolean() ? ", " + pick(List.of("2", "10", "1")) : "") + ")";
                case 33 -> "EXP(" + pick(List.of("0", "1", "-1", "2.5", "701", "-800")) + ")";
                case 34 -> "SUM(" + a + ")";
                default -> "PI()";
            };
        }

        private String text(int d) {
            String a = formula(Type.TEXT, d);
            String n = formula(Type.NUMBER, d);
            return switch (random.nextInt(22)) {
                case 0, 1 -> "(" + any(d) + " & " + any(d) + ")";
                case 2 -> "CONCAT(" + any(d) + ", " + any(d) + ", " + any(d) + ")";
                case 3 -> "LOWER(" + a + ")";
                case 4 -> "UPPER(" + a + ")";
                case 5 -> "TRIM(" + a + ")";
                case 6 -> "LEFT(" + a + (random.nextBoolean() ? ", " + n : "") + ")";
                case 7 -> "RIGHT(" + a + (random.nextBoolean() ? ", " + n : "") + ")";
                case 8 -> "MID(" + a + ", " + n + ", " + formula(Type.NUMBER, d) + ")";
                case 9 -> "SUBSTITUTE(" + a + ", " + formula(Type.TEXT, d) + ", " + formula(Type.TEXT, d) + ")";
                case 10 -> "REPLACE(" + a + ", " + n + ", " + formula(Type.NUMBER, d) + ", " + formula(Type.TEXT, d) + ")";
                case 11 -> "REPT(" + a + ", " + pick(List.of("0", "2", "3")) + ")";
                case 12 -> "T(" + any(d) + ")";
                case 13 -> "REGEX_EXTRACT(" + a + ", " + pick(PATTERNS) + ")";
                case 14 -> "REGEX_REPLACE(" + a + ", " + pick(PATTERNS) + ", " + formula(Type.TEXT, d) + ")";
                case 15, 16 -> "TEXT(" + any(d) + ")";
                case 17 -> "DATESTR(" + formula(random.nextBoolean() ? Type.DATE : Type.DATETIME, d) + ")";
                case 18 -> "DATETIME_FORMAT(" + formula(random.nextBoolean() ? Type.DATE : Type.DATETIME, d)
                        + (random.nextBoolean() ? ", " + pick(FORMATS) : "") + ")";
                case 19 -> "IF(" + formula(Type.BOOLEAN, d) + ", " + a + ", " + formula(Type.TEXT, d) + ")";
                case 20 -> "IFERROR(" + a + ", \"fallback\")";
                default -> "SWITCH(" + a + ", \"a\", \"was a\", " + formula(Type.TEXT, d) + ")";
            };
        }

        private String bool(int d) {
            Type t = TYPES.get(random.nextInt(TYPES.size()));
            return switch (random.nextInt(12)) {
                case 0, 1 -> {
                    String op = t == Type.BOOLEAN ? pick(List.of("=", "!=")) : pick(List.of("=", "!=", "<", "<=", ">", ">="));
                    yield "(" + formula(t, d) + " " + op + " " + formula(t, d) + ")";
                }
                case 2 -> pick(List.of("AND", "OR", "XOR")) + "(" + formula(Type.BOOLEAN, d) + ", " + formula(Type.BOOLEAN, d) + ")";
                case 3 -> "NOT(" + formula(Type.BOOLEAN, d) + ")";
                case 4 -> "ISBLANK(" + any(d) + ")";
                case 5, 6 -> "ISERROR(" + any(d) + ")";
                case 7 -> "REGEX_MATCH(" + formula(Type.TEXT, d) + ", " + pick(List.of("\"^[A-Z]\"", "\"l|x\"", "\"(ab)+\"", "\"[0-9]{2}\"")) + ")";
                case 8 -> {
                    Type dt = random.nextBoolean() ? Type.DATE : Type.DATETIME;
                    yield pick(List.of("IS_BEFORE", "IS_AFTER")) + "(" + formula(dt, d) + ", " + formula(dt, d) + ")";
                }
                case 9 -> "IF(" + formula(Type.BOOLEAN, d) + ", " + formula(Type.BOOLEAN, d) + ")";
                default -> "IFERROR(" + formula(Type.BOOLEAN, d) + ", TRUE)";
            };
        }

        private String date(int d) {
            return switch (random.nextInt(6)) {
                case 0 -> "DATE(" + pick(List.of("2024", "1999", "0", "{Amount}")) + ", " + formula(Type.NUMBER, d) + ", "
                        + formula(Type.NUMBER, d) + ")";
                case 1, 2 -> "DATEADD(" + formula(Type.DATE, d) + ", " + formula(Type.NUMBER, d) + ", " + pick(UNITS_DAY) + ")";
                case 3 -> "TO_DATE(" + formula(Type.DATETIME, d) + ")";
                case 4 -> "IF(" + formula(Type.BOOLEAN, d) + ", " + formula(Type.DATE, d) + ")";
                default -> "IFERROR(" + formula(Type.DATE, d) + ", DATE(2000, 1, 1))";
            };
        }

        private String datetime(int d) {
            return switch (random.nextInt(5)) {
                case 0 -> "DATETIME_PARSE(" + formula(Type.TEXT, d) + ")";
                case 1 -> "DATETIME_PARSE(" + pick(List.of("\"31.12.2024 23:59\"", "\"2024-13-01 00:00\"", "{Name}"))
                        + ", \"DD.MM.YYYY HH:mm\")";
                case 2, 3 -> "DATEADD(" + formula(Type.DATETIME, d) + ", " + formula(Type.NUMBER, d) + ", " + pick(UNITS_ALL) + ")";
                default -> "TO_DATETIME(" + formula(Type.DATE, d) + ")";
            };
        }

        Map<String, Object> row() {
            Map<String, Object> row = new HashMap<>();
            row.put("n1", number());
            row.put("n2", number());
            row.put("t1", pickText());
            row.put("t2", pickText());
            row.put("b1", random.nextInt(3) == 0 ? null : random.nextBoolean());
            row.put("d1", random.nextInt(5) == 0 ? null : LocalDate.of(1990, 1, 1).plusDays(random.nextInt(20_000)));
            row.put("ts1", instant());
            return row;
        }

        private BigDecimal number() {
            return switch (random.nextInt(6)) {
                case 0 -> null;
                case 1 -> BigDecimal.ZERO;
                case 2 -> new BigDecimal(pick(NUMBERS));
                default -> BigDecimal.valueOf(random.nextInt(2_000_001) - 1_000_000, random.nextInt(5));
            };
        }

        private String pickText() {
            if (random.nextInt(5) == 0) {
                return null;
            }
            String literal = pick(TEXTS);
            return literal.substring(1, literal.length() - 1);
        }

        private Instant instant() {
            return switch (random.nextInt(5)) {
                case 0 -> null;
                case 1 -> Instant.parse(pick(List.of("2024-03-31T00:59:59Z", "2024-03-31T01:00:00Z", "2024-10-27T00:30:00Z",
                        "2024-10-27T01:30:00Z", "2024-03-10T07:00:00Z", "2024-11-03T06:30:00Z", "2024-04-06T15:00:00Z")));
                default -> Instant.ofEpochSecond(631_152_000L + random.nextInt(1_600_000_000), random.nextInt(3) == 0 ? 123_456_000 : 0);
            };
        }
    }
}
