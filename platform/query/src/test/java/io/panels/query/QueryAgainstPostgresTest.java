package io.panels.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.query.TestPanel.Row;
import io.panels.query.cursor.Cursor;
import io.panels.query.cursor.CursorCodec;
import io.panels.query.model.Query;
import io.panels.query.model.QueryJson;
import io.panels.query.schema.TableSchema;
import io.panels.query.sql.AggregateSql;
import io.panels.query.sql.CountSql;
import io.panels.query.sql.QueryCompiler;
import io.panels.query.sql.QueryContext;
import io.panels.query.sql.RowsSql;
import io.panels.query.validate.CheckedQuery;
import io.panels.query.validate.QueryValidator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Compiled queries run on the real PostgreSQL and give what the reference computes in Java. */
class QueryAgainstPostgresTest {

    private static final ZoneId ZONE = ZoneId.of("Europe/Paris");
    private static final Instant NOW = Instant.parse("2024-06-15T22:30:00Z");
    private static final QueryContext CONTEXT = new QueryContext(ZONE, NOW);
    private static final TableSchema SCHEMA = TestPanel.schema();
    private static final CursorCodec CODEC = new CursorCodec("a test key of thirty-two bytes or more".getBytes(StandardCharsets.UTF_8));

    private static Connection connection;
    private static List<Row> rows;

    @BeforeAll
    static void createPanel() throws SQLException {
        connection = PgTestDatabase.connect();
        rows = TestPanel.rows(400);
        TestPanel.create(connection, rows);
    }

    @AfterAll
    static void close() throws SQLException {
        connection.close();
    }

    static Stream<String> filters() {
        return Stream.of(
                // text
                "{\"column\":\"name\",\"op\":\"eq\",\"value\":\"alpha\"}",
                "{\"column\":\"name\",\"op\":\"neq\",\"value\":\"ALPHA\"}",
                "{\"column\":\"name\",\"op\":\"contains\",\"value\":\"ÉCLAIR\"}",
                "{\"column\":\"name\",\"op\":\"contains\",\"value\":\"%\"}",
                "{\"column\":\"name\",\"op\":\"contains\",\"value\":\"_\"}",
                "{\"column\":\"name\",\"op\":\"contains\",\"value\":\"\\\\\"}",
                "{\"column\":\"name\",\"op\":\"not_contains\",\"value\":\"a\"}",
                "{\"column\":\"name\",\"op\":\"starts_with\",\"value\":\"al\"}",
                "{\"column\":\"name\",\"op\":\"ends_with\",\"value\":\" 2\"}",
                "{\"column\":\"name\",\"op\":\"in\",\"value\":[\"beta\",\"Zeta 1\",\"O'Brien\"]}",
                "{\"column\":\"name\",\"op\":\"not_in\",\"value\":[\"beta\",\"zeta\"]}",
                "{\"column\":\"name\",\"op\":\"is_empty\"}",
                "{\"column\":\"notes\",\"op\":\"is_not_empty\"}",
                "{\"column\":\"owner\",\"op\":\"eq\",\"value\":\"user-1\"}",
                "{\"column\":\"owner\",\"op\":\"not_in\",\"value\":[\"user-1\",\"user-2\"]}",
                // numbers, a formula among them
                "{\"column\":\"price\",\"op\":\"eq\",\"value\":100.50}",
                "{\"column\":\"price\",\"op\":\"neq\",\"value\":0}",
                "{\"column\":\"price\",\"op\":\"lt\",\"value\":0}",
                "{\"column\":\"price\",\"op\":\"lte\",\"value\":12.25}",
                "{\"column\":\"price\",\"op\":\"gt\",\"value\":250}",
                "{\"column\":\"price\",\"op\":\"gte\",\"value\":-3.5}",
                "{\"column\":\"price\",\"op\":\"between\",\"value\":[10, 90.75]}",
                "{\"column\":\"rating\",\"op\":\"in\",\"value\":[1, 5]}",
                "{\"column\":\"rating\",\"op\":\"is_empty\"}",
                "{\"column\":\"total\",\"op\":\"gt\",\"value\":1000}",
                "{\"column\":\"total\",\"op\":\"is_empty\"}",
                // booleans
                "{\"column\":\"active\",\"op\":\"is_true\"}",
                "{\"column\":\"active\",\"op\":\"is_false\"}",
                // dates
                "{\"column\":\"due\",\"op\":\"eq\",\"value\":\"2024-06-15\"}",
                "{\"column\":\"due\",\"op\":\"before\",\"value\":\"2024-05-20\"}",
                "{\"column\":\"due\",\"op\":\"after\",\"value\":\"2024-07-01\"}",
                "{\"column\":\"due\",\"op\":\"on_or_before\",\"value\":\"2024-05-20\"}",
                "{\"column\":\"due\",\"op\":\"on_or_after\",\"value\":\"2024-07-01\"}",
                "{\"column\":\"due\",\"op\":\"between\",\"value\":[\"2024-06-01\",\"2024-06-10\"]}",
                "{\"column\":\"due\",\"op\":\"within\",\"value\":{\"range\":\"this_week\"}}",
                "{\"column\":\"due\",\"op\":\"within\",\"value\":{\"range\":\"last_n_days\",\"n\":10}}",
                "{\"column\":\"due\",\"op\":\"within\",\"value\":{\"range\":\"next_month\"}}",
                "{\"column\":\"due\",\"op\":\"is_empty\"}",
                "{\"column\":\"at\",\"op\":\"eq\",\"value\":\"2024-06-16\"}",
                "{\"column\":\"at\",\"op\":\"before\",\"value\":\"2024-06-01\"}",
                "{\"column\":\"at\",\"op\":\"after\",\"value\":\"2024-06-01\"}",
                "{\"column\":\"at\",\"op\":\"on_or_before\",\"value\":\"2024-06-01T12:00:00+02:00\"}",
                "{\"column\":\"at\",\"op\":\"after\",\"value\":\"2024-06-01T12:00:00Z\"}",
                "{\"column\":\"at\",\"op\":\"between\",\"value\":[\"2024-06-01\",\"2024-06-03T08:00:00Z\"]}",
                "{\"column\":\"at\",\"op\":\"within\",\"value\":{\"range\":\"today\"}}",
                "{\"column\":\"at\",\"op\":\"within\",\"value\":{\"range\":\"last_7_days\"}}",
                "{\"column\":\"at\",\"op\":\"within\",\"value\":{\"range\":\"this_month\"}}",
                "{\"column\":\"at\",\"op\":\"within\",\"value\":{\"range\":\"next_n_days\",\"n\":20}}",
                "{\"column\":\"at\",\"op\":\"is_not_empty\"}",
                // selects
                "{\"column\":\"status\",\"op\":\"is\",\"value\":\"done\"}",
                "{\"column\":\"status\",\"op\":\"is_not\",\"value\":\"done\"}",
                "{\"column\":\"status\",\"op\":\"is_any_of\",\"value\":[\"todo\",\"doing\"]}",
                "{\"column\":\"status\",\"op\":\"is_none_of\",\"value\":[\"todo\",\"doing\"]}",
                "{\"column\":\"status\",\"op\":\"is_empty\"}",
                "{\"column\":\"tags\",\"op\":\"has_any_of\",\"value\":[\"red\",\"blue\"]}",
                "{\"column\":\"tags\",\"op\":\"has_all_of\",\"value\":[\"red\",\"blue\"]}",
                "{\"column\":\"tags\",\"op\":\"has_none_of\",\"value\":[\"red\"]}",
                "{\"column\":\"tags\",\"op\":\"is_exactly\",\"value\":[\"green\",\"red\"]}",
                "{\"column\":\"tags\",\"op\":\"is_empty\"}",
                "{\"column\":\"tags\",\"op\":\"is_not_empty\"}",
                // json
                "{\"column\":\"meta\",\"op\":\"is_empty\"}",
                "{\"column\":\"meta\",\"op\":\"is_not_empty\"}",
                // groups
                "{\"conjunction\":\"or\",\"conditions\":[{\"column\":\"price\",\"op\":\"gt\",\"value\":300},"
                        + "{\"conjunction\":\"and\",\"conditions\":[{\"column\":\"status\",\"op\":\"is\",\"value\":\"todo\"},"
                        + "{\"column\":\"active\",\"op\":\"is_false\"}]}]}",
                "{\"conjunction\":\"or\",\"conditions\":[]}",
                // injection attempts in values
                "{\"column\":\"name\",\"op\":\"eq\",\"value\":\"' OR '1'='1\"}",
                "{\"column\":\"name\",\"op\":\"contains\",\"value\":\"'); DROP TABLE q_rows; --\"}",
                "{\"column\":\"status\",\"op\":\"is_not\",\"value\":\"done\"}");
    }

    @ParameterizedTest
    @MethodSource("filters")
    void aFilterSelectsTheRowsTheReferenceSelects(String filter) throws SQLException {
        String json = filter.startsWith("{\"conjunction\"") ? "{\"filter\":" + filter + "}"
                : "{\"filter\":{\"conjunction\":\"and\",\"conditions\":[" + filter + "]}}";
        assertSameRows(json);
    }

    static Stream<String> searches() {
        return Stream.of("alpha", "ALPHA beta", "%", "_", "\\", "café", "call monday", "'; DROP TABLE q_rows; --", "zzz");
    }

    @ParameterizedTest
    @MethodSource("searches")
    void searchFindsEveryWordInSomeTextColumn(String search) throws SQLException {
        assertSameRows(QueryJson.write(Query.all().withSearch(search)));
        assertEquals(rows.size(), count("SELECT count(*) FROM " + TestPanel.TABLE), "the table is intact");
    }

    static Stream<String> orders() {
        return Stream.of(
                "[{\"column\":\"price\"}]",
                "[{\"column\":\"price\",\"direction\":\"desc\",\"nulls\":\"first\"}]",
                "[{\"column\":\"name\",\"direction\":\"desc\",\"nulls\":\"first\"},{\"column\":\"due\"}]",
                "[{\"column\":\"status\"},{\"column\":\"active\",\"direction\":\"desc\"},{\"column\":\"at\",\"nulls\":\"first\"}]",
                "[{\"column\":\"total\",\"direction\":\"desc\"},{\"column\":\"rating\",\"nulls\":\"first\"}]",
                "[{\"column\":\"at\",\"direction\":\"desc\"}]",
                "[]");
    }

    /** Every page after the previous page's cursor: together, exactly the full order, nothing twice, nothing missed. */
    @ParameterizedTest
    @MethodSource("orders")
    void keysetPagesVisitEveryRowOnceInOrder(String sorts) throws SQLException {
        String json = "{\"filter\":{\"conditions\":[{\"column\":\"price\",\"op\":\"neq\",\"value\":13}]},\"sorts\":" + sorts + "}";
        CheckedQuery query = QueryValidator.check(QueryJson.parse(json), SCHEMA);
        Reference reference = new Reference(ZONE, NOW);
        List<String> expected = rows.stream().filter(r -> reference.matches(query, r))
                .sorted(Reference.order(query)).map(Row::idText).toList();

        List<String> visited = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            QueryCompiler compiler = new QueryCompiler(query, CONTEXT);
            Cursor after = token == null ? null : CODEC.decode(token, compiler.orderSignature());
            RowsSql page = compiler.rows(List.of("name", "total"), after, 17);
            List<Object> lastKeys = null;
            try (PreparedStatement statement = PgTestDatabase.prepare(connection, page.statement());
                 ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    visited.add(rs.getString("_id"));
                    lastKeys = new ArrayList<>();
                    for (var key : page.keys()) {
                        lastKeys.add(rs.getObject(key.alias()));
                    }
                }
            }
            token = lastKeys == null ? null : CODEC.encode(compiler.cursorAfter(lastKeys), compiler.orderSignature());
            pages++;
        } while (token != null && pages < 100);
        assertEquals(expected, visited);
        assertEquals(visited.size(), new HashSet<>(visited).size());
    }

    @Test
    void groupsAndSummariesAgreeWithTheReference() throws SQLException {
        CheckedQuery query = QueryValidator.check(QueryJson.parse("""
                {"filter": {"conditions": [{"column": "rating", "op": "is_not_empty"}]},
                 "groupBy": [{"column": "status"}, {"column": "active", "direction": "desc"}],
                 "summaries": [{"column": "price", "function": "sum"}, {"column": "price", "function": "avg"},
                               {"column": "due", "function": "min"}, {"column": "at", "function": "max"},
                               {"column": "name", "function": "filled"}, {"column": "name", "function": "empty"},
                               {"column": "status", "function": "unique"}, {"column": "name", "function": "percent_filled"},
                               {"column": "tags", "function": "filled"}, {"column": "meta", "function": "empty"},
                               {"column": "total", "function": "max"}, {"column": "name", "function": "count"}]}
                """), SCHEMA);
        Reference reference = new Reference(ZONE, NOW);
        List<Row> matching = rows.stream().filter(r -> reference.matches(query, r)).toList();
        AggregateSql sql = new QueryCompiler(query, CONTEXT).aggregates();

        List<String> order = new ArrayList<>();
        try (PreparedStatement statement = PgTestDatabase.prepare(connection, sql.statement());
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                int level = rs.getInt("_level");
                String status = rs.getString("_g0");
                Boolean active = rs.getObject("_g1") == null ? null : rs.getBoolean("_g1");
                List<Row> group = matching.stream()
                        .filter(r -> level < 1 || Objects.equals(blankToNull(r.status()), status))
                        .filter(r -> level < 2 || Boolean.TRUE.equals(r.active()) == active)
                        .toList();
                order.add(level + ":" + status + ":" + (level < 2 ? "" : active));
                assertEquals(group.size(), rs.getLong("_count"), order.getLast());
                Map<String, Object> expected = summaries(group);
                for (AggregateSql.SummaryColumn column : sql.summaries()) {
                    Object actual = rs.getObject(column.alias());
                    assertEquals(normal(expected.get(column.column() + "." + column.function().jsonName())), normal(actual),
                            order.getLast() + " " + column);
                }
            }
        }
        assertEquals("0:null:", order.getFirst(), "the whole result first");
        List<String> statusOrder = order.stream().filter(o -> o.startsWith("1:")).toList();
        assertEquals(List.of("1:done:", "1:todo:", "1:doing:", "1:null:"), statusOrder, "groups in option order, blank last");
        assertTrue(order.indexOf("2:done:true") > order.indexOf("1:done:") && order.indexOf("2:done:false") > order.indexOf("2:done:true"));
    }

    @Test
    void countsExactAndEstimated() throws SQLException {
        CheckedQuery filtered = QueryValidator.check(QueryJson.parse(
                "{\"filter\":{\"conditions\":[{\"column\":\"price\",\"op\":\"gt\",\"value\":100}]}}"), SCHEMA);
        QueryCompiler compiler = new QueryCompiler(filtered, CONTEXT);
        long exact = single(compiler.exactCount().statement());
        assertEquals(rows.stream().filter(r -> r.price() != null && r.price().compareTo(BigDecimal.valueOf(100)) > 0).count(), exact);

        CountSql estimate = compiler.estimatedCount();
        assertEquals(CountSql.Kind.PLAN_ESTIMATE, estimate.kind());
        try (PreparedStatement statement = PgTestDatabase.prepare(connection, estimate.statement());
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            long planned = CountSql.planRows(rs.getString(1));
            assertTrue(planned > exact / 3 && planned < exact * 3, "planned " + planned + ", exact " + exact);
        }

        CountSql whole = new QueryCompiler(QueryValidator.check(Query.all(), SCHEMA), CONTEXT).estimatedCount();
        assertEquals(CountSql.Kind.TABLE_ESTIMATE, whole.kind());
        assertEquals(rows.size(), single(whole.statement()));
    }

    /** How many rows each filter case selected, to check the cases discriminate at all. */
    private static final Map<String, Integer> SELECTED = new java.util.concurrent.ConcurrentHashMap<>();

    @AfterAll
    static void theFilterCasesAreNotVacuous() {
        long discriminating = SELECTED.values().stream().filter(n -> n > 0 && n < rows.size()).count();
        assertTrue(discriminating >= SELECTED.size() * 8 / 10,
                "most filter cases must select some rows but not all (" + discriminating + " of " + SELECTED.size()
                        + " do): a case that selects nothing in SQL and in the reference proves little");
    }

    private void assertSameRows(String json) throws SQLException {
        CheckedQuery query = QueryValidator.check(QueryJson.parse(json), SCHEMA);
        Reference reference = new Reference(ZONE, NOW);
        Set<String> expected = new HashSet<>();
        rows.stream().filter(r -> reference.matches(query, r)).forEach(r -> expected.add(r.idText()));
        Set<String> actual = new HashSet<>();
        RowsSql page = new QueryCompiler(query, CONTEXT).rows(List.of(), null, QueryCompiler.MAX_PAGE_SIZE);
        try (PreparedStatement statement = PgTestDatabase.prepare(connection, page.statement());
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                actual.add(rs.getString("_id"));
            }
        }
        assertEquals(expected, actual, json + "\n" + page.statement().sql());
        SELECTED.put(json, actual.size());
    }

    private static Map<String, Object> summaries(List<Row> group) {
        Map<String, Object> s = new LinkedHashMap<>();
        List<BigDecimal> prices = group.stream().map(Row::price).filter(Objects::nonNull).toList();
        s.put("price.sum", prices.stream().reduce(BigDecimal.ZERO, BigDecimal::add));
        s.put("price.avg", prices.isEmpty() ? null
                : prices.stream().reduce(BigDecimal.ZERO, BigDecimal::add).divide(BigDecimal.valueOf(prices.size()), 6, RoundingMode.HALF_UP));
        s.put("due.min", group.stream().map(Row::due).filter(Objects::nonNull).min(Comparable::compareTo).orElse(null));
        s.put("at.max", group.stream().map(Row::at).filter(Objects::nonNull).max(Comparable::compareTo).orElse(null));
        long filled = group.stream().filter(r -> r.name() != null && !r.name().isEmpty()).count();
        s.put("name.filled", filled);
        s.put("name.empty", group.size() - filled);
        s.put("status.unique", group.stream().map(r -> blankToNull(r.status())).filter(Objects::nonNull).distinct().count());
        s.put("name.percent_filled", group.isEmpty() ? null
                : BigDecimal.valueOf(filled * 100).divide(BigDecimal.valueOf(group.size()), 2, RoundingMode.HALF_UP));
        s.put("tags.filled", group.stream().filter(r -> r.tags() != null && !r.tags().isEmpty()).count());
        s.put("meta.empty", group.stream().filter(r -> Reference.jsonBlank(r.meta())).count());
        s.put("total.max", group.stream().map(Row::total).filter(Objects::nonNull).max(Comparable::compareTo).orElse(null));
        s.put("name.count", (long) group.size());
        return s;
    }

    /** Values as comparable text: numbers to six decimals, instants and dates in ISO form. */
    private static String normal(Object value) {
        return switch (value) {
            case null -> null;
            case BigDecimal n -> n.setScale(6, RoundingMode.HALF_UP).toPlainString();
            case Number n -> new BigDecimal(n.toString()).setScale(6, RoundingMode.HALF_UP).toPlainString();
            case java.sql.Date d -> d.toLocalDate().toString();
            case java.sql.Timestamp t -> t.toInstant().toString();
            case java.time.OffsetDateTime t -> t.toInstant().toString();
            default -> value.toString();
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private long single(io.panels.query.sql.SqlFragment sql) throws SQLException {
        try (PreparedStatement statement = PgTestDatabase.prepare(connection, sql); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long count(String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
