package io.panels.panel.api;

import io.panels.common.testing.Concurrently;
import static io.panels.panel.TestApi.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.panel.TestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ColumnResourceTest {

    static final String EVERY_TYPE = """
            [{"name":"Title","type":"text","required":true,"unique":true},
             {"name":"Notes","type":"long_text","defaultValue":"none yet"},
             {"name":"Quantity","type":"number","settings":{"precision":2},"defaultValue":1},
             {"name":"Price","type":"currency","settings":{"currency":"EUR"}},
             {"name":"Discount","type":"percent"},
             {"name":"Paid","type":"boolean","defaultValue":false},
             {"name":"Due","type":"date","defaultValue":"2026-12-31"},
             {"name":"Meeting","type":"datetime","settings":{"timeZone":"Europe/Paris"}},
             {"name":"Effort","type":"duration"},
             {"name":"Stage","type":"single_select","settings":{"options":[{"id":"open","name":"Open"},{"name":"Won","colour":"green"}]},"defaultValue":"open"},
             {"name":"Tags","type":"multi_select","settings":{"options":[{"name":"A"},{"name":"B"}]}},
             {"name":"Contact","type":"email"},
             {"name":"Site","type":"url"},
             {"name":"Phone","type":"phone"},
             {"name":"Score","type":"rating","settings":{"max":10}},
             {"name":"Raw","type":"json","defaultValue":{"any":["json"]}},
             {"name":"Created","type":"created_time"},
             {"name":"Modified","type":"last_modified_time"},
             {"name":"Author","type":"created_by"},
             {"name":"Editor","type":"last_modified_by"},
             {"name":"Number","type":"autonumber"}]""";

    @Test
    void everyTypeIsAcceptedWithItsSettingsFilledIn() {
        TestApi api = TestApi.newTenant(false);
        Response panel = api.createPanel("{\"name\":\"Everything\",\"columns\":" + EVERY_TYPE + "}");
        panel.then().body("columns", hasSize(21))
                .body("columns.type", contains("text", "long_text", "number", "currency", "percent", "boolean", "date",
                        "datetime", "duration", "single_select", "multi_select", "email", "url", "phone", "rating", "json",
                        "created_time", "last_modified_time", "created_by", "last_modified_by", "autonumber"))
                .body("columns[0].key", equalTo("title")).body("columns[0].unique", equalTo(true))
                .body("columns[2].settings.precision", equalTo(2))
                .body("columns[3].settings.precision", equalTo(2)).body("columns[3].settings.currency", equalTo("EUR"))
                .body("columns[4].settings.precision", equalTo(0))
                .body("columns[7].settings.timeZone", equalTo("Europe/Paris"))
                .body("columns[8].settings.durationFormat", equalTo("h:mm"))
                .body("columns[9].settings.options.id", contains(equalTo("open"), startsWith("opt_")))
                .body("columns[9].settings.options.colour", contains("gray", "green"))
                .body("columns[9].defaultValue", equalTo("open"))
                .body("columns[14].settings.max", equalTo(10))
                .body("columns[15].defaultValue.any", contains("json"));
    }

    @Test
    void columnsAreAddedRenamedReorderedAndDeletedWithTheirKeysKept() {
        TestApi api = TestApi.newTenant(true);
        String panelId = api.createPanel("{\"name\":\"Tasks\",\"columns\":[{\"name\":\"Title\",\"type\":\"text\"}]}").path("id");
        String columns = "/api/v1/panels/" + panelId + "/columns";

        Response added = api.asAdmin().body("{\"name\":\"Due date\",\"type\":\"date\",\"position\":0}").post(columns)
                .then().statusCode(201).header("ETag", "\"2\"").body("key", equalTo("due_date")).body("position", equalTo(0))
                .extract().response();
        String dueId = added.path("id");
        api.getPanel(panelId).then().body("columns.key", contains("due_date", "title")).body("columns.position", contains(0, 1));
        as(api.viewer).get(columns + "/" + dueId).then().statusCode(200).body("name", equalTo("Due date"));

        as(api.editor).body("{\"name\":\"X\",\"type\":\"text\"}").post(columns).then().statusCode(403);

        api.asAdmin().header("If-Match", "\"2\"").body("{\"name\":\"Deadline\",\"type\":\"date\"}").put(columns + "/" + dueId)
                .then().statusCode(200).header("ETag", "\"3\"").body("name", equalTo("Deadline")).body("key", equalTo("due_date"));
        api.asAdmin().header("If-Match", "\"3\"").body("{\"name\":\"Deadline\",\"key\":\"deadline\",\"type\":\"date\"}")
                .put(columns + "/" + dueId).then().statusCode(400).body("errors.field", contains("key"));

        String titleId = api.getPanel(panelId).<List<String>>path("columns.id").get(1);
        api.asAdmin().header("If-Match", "\"3\"").body("{\"columnIds\":[\"" + titleId + "\",\"" + dueId + "\"]}")
                .put(columns + "/order").then().statusCode(200).body("columns.key", contains("title", "due_date"));
        api.asAdmin().header("If-Match", "\"4\"").body("{\"columnIds\":[\"" + titleId + "\"]}")
                .put(columns + "/order").then().statusCode(400).body("errors.field", contains("columnIds"));

        api.asAdmin().delete(columns + "/" + titleId).then().statusCode(204).header("ETag", "\"5\"");
        api.getPanel(panelId).then().body("columns.key", contains("due_date")).body("columns.position", contains(0));
        api.asAdmin().get(columns + "/" + titleId).then().statusCode(404);
        String key = UUID.randomUUID().toString();
        String readded = api.asAdmin().header("Idempotency-Key", key).body("{\"name\":\"Title\",\"type\":\"text\"}").post(columns)
                .then().statusCode(201).body("key", equalTo("title")).extract().path("id");
        api.asAdmin().header("Idempotency-Key", key).body("{\"name\":\"Title\",\"type\":\"text\"}").post(columns)
                .then().statusCode(201).header("Idempotent-Replayed", "true").header("ETag", "\"6\"").body("id", equalTo(readded));
        api.getPanel(panelId).then().body("columns.key", contains("due_date", "title")).body("version", equalTo(6));
    }

    @Test
    void invalidColumnsAreProblemsAndChangeNothing() {
        TestApi api = TestApi.newTenant(false);
        String panelId = api.createPanel("{\"name\":\"Strict\",\"columns\":[{\"name\":\"Title\",\"type\":\"text\"}]}").path("id");
        String columns = "/api/v1/panels/" + panelId + "/columns";
        Map<String, String> invalid = Map.of(
                "{\"name\":\"Price\",\"type\":\"currency\"}", "settings.currency",
                "{\"name\":\"Flag\",\"type\":\"boolean\",\"unique\":true}", "unique",
                "{\"name\":\"When\",\"type\":\"created_time\",\"required\":true}", "required",
                "{\"name\":\"N\",\"type\":\"number\",\"defaultValue\":\"seven\"}", "defaultValue",
                "{\"name\":\"S\",\"type\":\"single_select\",\"settings\":{\"options\":[{\"name\":\"a\"}]},\"defaultValue\":\"zzz\"}", "defaultValue",
                "{\"name\":\"T\",\"type\":\"text\",\"settings\":{\"precision\":2}}", "settings.precision",
                "{\"name\":\"Id\",\"key\":\"id\",\"type\":\"text\"}", "key",
                "{\"name\":\"title\",\"type\":\"text\"}", "name",
                "{\"name\":\"Z\",\"type\":\"datetime\",\"settings\":{\"timeZone\":\"Mars/Olympus\"}}", "settings.timeZone",
                "{\"name\":\"\",\"type\":\"text\"}", "name");
        invalid.forEach((body, field) -> api.asAdmin().body(body).post(columns).then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", contains(field)));
        api.getPanel(panelId).then().body("version", equalTo(1)).body("columns", hasSize(1));

        api.asAdmin().header("If-Match", "\"1\"").body("{\"name\":\"T\",\"type\":\"text\"}")
                .put(columns + "/" + UUID.randomUUID()).then().statusCode(404);
        String titleId = api.getPanel(panelId).<List<String>>path("columns.id").get(0);
        api.asAdmin().body("{\"name\":\"Renamed\",\"type\":\"text\"}").put(columns + "/" + titleId).then().statusCode(428);
    }

    @Test
    void aLossyTypeChangeIsDeclaredAndNeedsConfirmation() {
        TestApi api = TestApi.newTenant(false);
        String panelId = api.createPanel("""
                {"name":"Conversions","columns":[{"name":"Amount","type":"text"},
                 {"name":"Stage","type":"single_select","settings":{"options":[{"id":"a","name":"A"},{"id":"b","name":"B"}]}}]}""")
                .path("id");
        List<String> ids = api.getPanel(panelId).path("columns.id");
        String amount = "/api/v1/panels/" + panelId + "/columns/" + ids.get(0);

        api.asAdmin().header("If-Match", "\"1\"").body("{\"name\":\"Amount\",\"type\":\"number\"}").put(amount)
                .then().statusCode(409).body("type", equalTo("https://panels.io/problems/lossy-change-unconfirmed"))
                .body("detail", containsString("cleared")).body("errors.field", contains("confirmLoss"));
        api.getPanel(panelId).then().body("columns[0].type", equalTo("text")).body("version", equalTo(1));
        api.asAdmin().header("If-Match", "\"1\"").queryParam("confirmLoss", true)
                .body("{\"name\":\"Amount\",\"type\":\"number\",\"settings\":{\"precision\":2}}").put(amount)
                .then().statusCode(200).body("type", equalTo("number"));
        // number -> text keeps every value: no confirmation needed
        api.asAdmin().header("If-Match", "\"2\"").body("{\"name\":\"Amount\",\"type\":\"text\"}").put(amount)
                .then().statusCode(200).body("type", equalTo("text"));

        String stage = "/api/v1/panels/" + panelId + "/columns/" + ids.get(1);
        // renaming an option keeps its id: nothing is lost
        api.asAdmin().header("If-Match", "\"3\"").body("""
                {"name":"Stage","type":"single_select","settings":{"options":[{"id":"a","name":"Alpha"},{"id":"b","name":"B"}]}}""")
                .put(stage).then().statusCode(200).body("settings.options.name", contains("Alpha", "B"));
        // removing one loses the values holding it
        api.asAdmin().header("If-Match", "\"4\"").body("""
                {"name":"Stage","type":"single_select","settings":{"options":[{"id":"a","name":"Alpha"}]}}""")
                .put(stage).then().statusCode(409).body("detail", containsString("removed"));
    }

    @Test
    void thePanelListCountsColumnsThroughAddsDeletesAndCopies() {
        TestApi api = TestApi.newTenant(false);
        TestApi other = TestApi.newTenant(false);
        String panelId = api.createPanel("{\"name\":\"Counted\",\"columns\":[{\"name\":\"A\",\"type\":\"text\"},"
                + "{\"name\":\"B\",\"type\":\"number\"},{\"name\":\"C\",\"type\":\"date\"}]}").path("id");
        api.createPanelNamed("Counted empty");
        String columns = "/api/v1/panels/" + panelId + "/columns";
        other.createPanel("{\"name\":\"Counted elsewhere\",\"columns\":[{\"name\":\"A\",\"type\":\"text\"}]}");
        assertEquals(Map.of("Counted", 3, "Counted empty", 0), columnCounts(api));

        api.asAdmin().body("{\"name\":\"D\",\"type\":\"text\"}").post(columns).then().statusCode(201);
        assertEquals(Map.of("Counted", 4, "Counted empty", 0), columnCounts(api));

        String first = api.getPanel(panelId).<List<String>>path("columns.id").get(0);
        api.asAdmin().delete(columns + "/" + first).then().statusCode(204);
        api.asAdmin().body("{\"name\":\"E\",\"type\":\"no such type\"}").post(columns).then().statusCode(400);
        assertEquals(Map.of("Counted", 3, "Counted empty", 0), columnCounts(api));

        api.asAdmin().post("/api/v1/panels/" + panelId + "/duplicate").then().statusCode(201);
        assertEquals(Map.of("Counted", 3, "Counted (copy)", 3, "Counted empty", 0), columnCounts(api));
        assertEquals(Map.of("Counted elsewhere", 1), columnCounts(other));
    }

    private static Map<String, Integer> columnCounts(TestApi api) {
        Response page = api.asAdmin().get("/api/v1/panels?search=Counted&limit=10").then().statusCode(200).extract().response();
        List<String> names = page.path("items.name");
        List<Integer> counts = page.path("items.columnCount");
        return IntStream.range(0, names.size()).boxed().collect(Collectors.toMap(names::get, counts::get));
    }

    @Test
    void otherTenantsColumnsAreNotFound() {
        TestApi owner = TestApi.newTenant(false);
        TestApi other = TestApi.newTenant(false);
        String panelId = owner.createPanel("{\"name\":\"Mine\",\"columns\":[{\"name\":\"A\",\"type\":\"text\"}]}").path("id");
        String columnId = owner.getPanel(panelId).<List<String>>path("columns.id").get(0);
        String columns = "/api/v1/panels/" + panelId + "/columns";
        other.asAdmin().get(columns + "/" + columnId).then().statusCode(404);
        other.asAdmin().body("{\"name\":\"B\",\"type\":\"text\"}").post(columns).then().statusCode(404);
        other.asAdmin().header("If-Match", "\"1\"").body("{\"name\":\"B\",\"type\":\"text\"}").put(columns + "/" + columnId).then().statusCode(404);
        other.asAdmin().delete(columns + "/" + columnId).then().statusCode(404);
        other.asAdmin().header("If-Match", "\"1\"").body("{\"columnIds\":[\"" + columnId + "\"]}").put(columns + "/order").then().statusCode(404);
        owner.getPanel(panelId).then().body("version", equalTo(1)).body("columns.name", contains("A"));
    }

    @Test
    void concurrentColumnChangesFromTheSameVersionOneIsStale() throws Exception {
        TestApi api = TestApi.newTenant(false);
        String panelId = api.createPanel("{\"name\":\"Race\",\"columns\":[{\"name\":\"A\",\"type\":\"text\"}]}").path("id");
        String columnId = api.getPanel(panelId).<List<String>>path("columns.id").get(0);
        List<Integer> statuses = Concurrently.run(2, i -> api.asAdmin().header("If-Match", "\"1\"")
                .body("{\"name\":\"A" + i + "\",\"type\":\"text\"}").put("/api/v1/panels/" + panelId + "/columns/" + columnId)
                .statusCode());
        assertEquals(List.of(200, 412), statuses.stream().sorted().toList());

        List<Integer> adds = Concurrently.run(3, i -> api.asAdmin().header("If-Match", "\"2\"")
                .body("{\"name\":\"New " + i + "\",\"type\":\"text\"}").post("/api/v1/panels/" + panelId + "/columns").statusCode());
        assertEquals(List.of(201, 412, 412), adds.stream().sorted().toList());
    }

    @Test
    void aPanelHoldsAtMost500Columns() {
        TestApi api = TestApi.newTenant(false);
        String many = IntStream.range(0, 500).mapToObj(i -> "{\"name\":\"C" + i + "\",\"type\":\"number\"}")
                .collect(Collectors.joining(",", "[", "]"));
        String panelId = api.createPanel("{\"name\":\"Wide\",\"columns\":" + many + "}").path("id");
        api.asAdmin().body("{\"name\":\"One more\",\"type\":\"text\"}").post("/api/v1/panels/" + panelId + "/columns")
                .then().statusCode(409).body("type", equalTo("https://panels.io/problems/column-limit-reached"));
        String tooMany = IntStream.range(0, 501).mapToObj(i -> "{\"name\":\"C" + i + "\",\"type\":\"number\"}")
                .collect(Collectors.joining(",", "[", "]"));
        api.asAdmin().body("{\"name\":\"Wider\",\"columns\":" + tooMany + "}").post("/api/v1/panels").then().statusCode(400)
                .body("errors.field", contains("columns")).body("traceId", notNullValue());
    }
}
