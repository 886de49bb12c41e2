package io.panels.data.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.panels.data.TestApi;
import io.panels.data.TestPanels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST .../rows:stream gives exactly the rows, values and cursors of /query's pages, in one answer;
 * it resumes after a cursor and refuses what /query refuses.
 */
@QuarkusTest
class RowStreamResourceTest {

    /** Numbers compared with their scale: 12.50 is not 12.5. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();
    private static final String[] STATUS = {"todo", "doing", "done"};
    private static final int ROWS = 40;

    @Inject
    Pool pool;

    TestApi api;
    UUID panelId;
    String query;
    String stream;

    @BeforeEach
    void fortyRowsOfEveryType() {
        api = TestApi.newTenant();
        panelId = TestPanels.createPanel(pool, api.tenant.id(), TestPanels.standardColumns());
        query = "/api/v1/panels/" + panelId + "/query";
        stream = "/api/v1/panels/" + panelId + "/rows:stream";
        StringBuilder batch = new StringBuilder("{\"rows\": [");
        for (int i = 1; i <= ROWS; i++) {
            // Every fifth row leaves most columns blank; prices keep their two decimals (12.50).
            String values = i % 5 == 0
                    ? "{\"name\": \"Blank %d\"}".formatted(i)
                    : """
                    {"name": "Row %d", "price": %d.%d0, "qty": %d, "done": %b, "due": "2024-01-%02d", "status": "%s",
                     "tags": %s, "email": "r%d@example.com", "site": "https://example.com/%d", "meta": {"n": %d, "s": "x\\"y"}}"""
                    .formatted(i, i, i % 10, i % 4, i % 2 == 0, i % 28 + 1, STATUS[i % 3],
                            i % 3 == 0 ? "[\"red\", \"green\"]" : "[\"green\"]", i, i, i);
            batch.append(i == 1 ? "" : ",").append("{\"values\": ").append(values).append('}');
        }
        api.asEditor().body(batch.append("]}").toString()).post("/api/v1/panels/" + panelId + "/rows/batch-create")
                .then().statusCode(201);
    }

    @Test
    void theStreamHoldsExactlyTheRowsValuesAndCursorsOfQueryPages() {
        String filtered = """
                {"filter": {"conjunction": "and", "conditions": [{"column": "qty", "op": "gte", "value": 1}]},
                 "search": "row", "sorts": [{"column": "status"}, {"column": "price", "direction": "desc"}]}""";
        List<String> columns = List.of("name", "price", "total", "age", "tags", "meta", "due", "done", "status", "number");
        assertSameAsPages(filtered, columns, 7);
        // No query and no columns: every column in panel order, rows in id order.
        assertSameAsPages("{}", List.of(), 6);
        // One page exactly: a checkpoint after the last row too.
        assertSameAsPages("{\"sorts\": [{\"column\": \"due\", \"direction\": \"desc\", \"nulls\": \"first\"}]}", List.of("due"), ROWS);
    }

    @Test
    void afterResumesExactlyAfterTheRowOfTheCursor() {
        String sorted = "{\"sorts\": [{\"column\": \"price\", \"nulls\": \"first\"}, {\"column\": \"name\", \"direction\": \"desc\"}]}";
        Lines whole = stream(body(sorted, List.of("name", "price"), null, 5));
        assertEquals(ROWS, whole.rows().size());
        for (int checkpoint : List.of(0, 3, 7)) {
            String after = whole.checkpoints().get(checkpoint);
            Lines rest = stream(body(sorted, List.of("name", "price"), after, 5));
            assertEquals(whole.rows().subList(5 * (checkpoint + 1), ROWS), rest.rows(), "after checkpoint " + checkpoint);
            assertEquals(ROWS - 5 * (checkpoint + 1), rest.end().get("rows").asLong());
        }
        // A /query cursor is a stream cursor too.
        String page = api.asViewer().urlEncodingEnabled(false).body("{\"query\": " + sorted + ", \"columns\": [\"name\", \"price\"], \"limit\": 12, \"count\": \"none\"}")
                .post(query).then().statusCode(200).extract().path("nextCursor");
        assertEquals(whole.rows().subList(12, ROWS), stream(body(sorted, List.of("name", "price"), page, 5)).rows());
        // After the last row: nothing more, and the same cursor to come back with.
        Lines none = stream(body(sorted, List.of("name", "price"), whole.end().get("cursor").asText(), 5));
        assertTrue(none.rows().isEmpty());
        assertEquals(0, none.end().get("rows").asLong());
        assertEquals(whole.end().get("cursor"), none.end().get("cursor"));
    }

    @Test
    void viewersAndTrustedCallersOnlyAndAnotherTenantsPanelIsNotFound() {
        api.asViewer().urlEncodingEnabled(false).body("{}").post(stream).then().statusCode(200)
                .header("Content-Type", startsWith("application/x-ndjson"));
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body("{}").post(stream).then().statusCode(401);
        TestApi other = TestApi.newTenant();
        other.asViewer().urlEncodingEnabled(false).body("{}").post(stream).then().statusCode(404).contentType("application/problem+json");
        other.asEditor().urlEncodingEnabled(false).body("{}").post(stream).then().statusCode(404);
        api.asViewer().urlEncodingEnabled(false).body("{}").post("/api/v1/panels/" + UUID.randomUUID() + "/rows:stream").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aBadQueryColumnCursorOrCheckpointIsA400NamingWhere() {
        api.asViewer().urlEncodingEnabled(false).body("{\"query\": {\"filter\": {\"conditions\": [{\"column\": \"nope\", \"op\": \"eq\", \"value\": 1}]}}}").post(stream).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", startsWith("query.filter.conditions[0]"));
        api.asViewer().urlEncodingEnabled(false).body("{\"query\": {\"condtions\": []}}").post(stream).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", startsWith("query"));
        api.asViewer().urlEncodingEnabled(false).body("{\"columns\": [\"name\", \"nope\", \"_version\"]}").post(stream).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("columns[1]", "columns[2]")));
        api.asViewer().urlEncodingEnabled(false).body("{\"after\": \"forged.cursor\"}").post(stream).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("after"));
        // A cursor of another sort order.
        String byPrice = stream(body("{\"sorts\": [{\"column\": \"price\"}]}", List.of("name"), null, 5)).checkpoints().get(0);
        api.asViewer().urlEncodingEnabled(false).body(body("{}", List.of("name"), byPrice, 5)).post(stream).then().statusCode(400)
                .body("errors[0].field", equalTo("after"));
        api.asViewer().urlEncodingEnabled(false).body("{\"checkpointEvery\": 0}").post(stream).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("checkpointEvery"));
        api.asViewer().urlEncodingEnabled(false).body("{\"checkpointEvery\": 10001}").post(stream).then().statusCode(400);
    }

    /** The stream equals the /query pages of the same size: rows, values (as JSON, numbers with their scale), cursors. */
    private void assertSameAsPages(String queryJson, List<String> columns, int pageSize) {
        List<JsonNode> pageRows = new ArrayList<>();
        List<String> nextCursors = new ArrayList<>();
        List<String> keys = null;
        String cursor = null;
        do {
            String page = api.asViewer().urlEncodingEnabled(false).body("{\"query\": " + queryJson + ", \"columns\": " + array(columns) + ", \"limit\": " + pageSize
                            + ", \"count\": \"none\"" + (cursor == null ? "" : ", \"cursor\": \"" + cursor + "\"") + "}")
                    .post(query).then().statusCode(200).extract().asString();
            JsonNode tree = read(page);
            for (JsonNode row : tree.get("rows")) {
                if (keys == null) {
                    keys = new ArrayList<>();
                    row.get("values").fieldNames().forEachRemaining(keys::add);
                }
                ArrayNode values = JSON.createArrayNode();
                for (String key : keys) {
                    values.add(row.get("values").get(key));
                }
                pageRows.add(values);
            }
            cursor = tree.get("nextCursor").isNull() ? null : tree.get("nextCursor").asText();
            if (cursor != null) {
                nextCursors.add(cursor);
            }
        } while (cursor != null);

        Lines lines = stream(body(queryJson, columns, null, pageSize));
        assertEquals(keys, lines.columns(), "the columns line names the columns in /query's order");
        assertFalse(pageRows.isEmpty());
        assertEquals(pageRows, lines.rows());
        int checkpoints = (pageRows.size() + pageSize - 1) / pageSize;
        assertEquals(checkpoints, lines.checkpoints().size());
        assertEquals(nextCursors, lines.checkpoints().subList(0, checkpoints - 1), "checkpoint cursors are /query's next cursors");
        assertEquals(pageRows.size(), lines.end().get("rows").asLong());
        assertEquals(lines.checkpoints().getLast(), lines.end().get("cursor").asText());
    }

    static String body(String queryJson, List<String> columns, String after, int checkpointEvery) {
        return "{\"query\": " + queryJson + ", \"columns\": " + array(columns) + ", \"checkpointEvery\": " + checkpointEvery
                + (after == null ? "" : ", \"after\": \"" + after + "\"") + "}";
    }

    private Lines stream(String body) {
        String text = api.asViewer().urlEncodingEnabled(false).body(body).post(stream).then().statusCode(200)
                .header("Content-Type", startsWith("application/x-ndjson")).extract().asString();
        return Lines.parse(text);
    }

    static String array(List<String> keys) {
        return keys.stream().map(k -> "\"" + k + "\"").toList().toString();
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** A stream's body, line by line: the columns line first, the end line last, every other line a row or a checkpoint. */
    record Lines(List<String> columns, List<JsonNode> rows, List<String> checkpoints, JsonNode end) {

        static Lines parse(String text) {
            assertTrue(text.endsWith("\n"), "every line ends with a line feed");
            String[] lines = text.split("\n", -1);
            JsonNode header = read(lines[0]);
            List<String> columns = new ArrayList<>();
            header.get("columns").forEach(c -> columns.add(c.asText()));
            List<JsonNode> rows = new ArrayList<>();
            List<String> checkpoints = new ArrayList<>();
            JsonNode end = null;
            for (int i = 1; i < lines.length - 1; i++) {
                assertNull(end, "nothing after the end line");
                JsonNode line = read(lines[i]);
                if (line.isArray()) {
                    assertEquals(columns.size(), line.size(), lines[i]);
                    rows.add(line);
                } else if (line.path("end").asBoolean()) {
                    end = line;
                } else {
                    assertEquals(rows.size(), line.get("rows").asLong(), "a checkpoint counts the rows before it");
                    checkpoints.add(line.get("cursor").asText());
                }
            }
            assertTrue(end != null, "the stream ends with its end line");
            return new Lines(columns, rows, checkpoints, end);
        }
    }
}
