package io.panels.view.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.view.DataServiceProcess;
import io.panels.view.TestApi;
import io.panels.view.TestPanels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** GET /api/v1/views/{id}/rows renders a view through a real data-service, with the caller's token. */
@QuarkusTest
@QuarkusTestResource(DataServiceProcess.class)
class ViewRowsResourceTest {

    static final String[] STATUS = {"todo", "doing", "done"};

    TestApi api;
    UUID panelId;
    String viewId;

    @BeforeEach
    void thirtyRowsAndAView() {
        api = TestApi.newTenant();
        panelId = TestPanels.createPanel(api.tenant.id(), api.editorUser.id(), TestPanels.standardColumns(), api.viewer, api.editor);
        TestPanels.insertRows(panelId, api.editor, rows(30));
        viewId = api.asEditor().body("""
                {"panelId": "%s", "name": "Expensive by status",
                 "columns": [{"key": "price", "visible": true}, {"key": "name", "visible": true}, {"key": "status", "visible": true}],
                 "query": {"filter": {"conditions": [{"column": "price", "op": "gt", "value": 10}]},
                           "sorts": [{"column": "price", "direction": "desc"}],
                           "groupBy": [{"column": "status"}],
                           "summaries": [{"column": "price", "function": "sum"}, {"column": "name", "function": "count"}]},
                 "settings": {"pageSize": 5}}""".formatted(panelId))
                .post("/api/v1/views").then().statusCode(201).extract().path("id");
    }

    static String rows(int n) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 1; i <= n; i++) {
            json.append(i == 1 ? "" : ",").append("""
                    {"values": {"name": "Row %d", "price": %d, "status": "%s", "due": "2024-01-%02d", "secret": "hush-%d",
                     "notes": "note %d"}}""".formatted(i, i, STATUS[i % 3], i, i, i));
        }
        return json.append("]").toString();
    }

    @Test
    void rendersVisibleColumnsInOrderWithGroupsSummariesAndCursorPages() {
        Response first = api.asViewer().get("/api/v1/views/" + viewId + "/rows").then().statusCode(200)
                .body("view.name", equalTo("Expensive by status"))
                .body("columns.key", contains("price", "name", "status"))
                .body("rows", hasSize(5))
                .body("rows[0].values.price", equalTo(30))
                .body("rows[0].values.name", equalTo("Row 30"))
                .body("rows[0].values.secret", nullValue())
                .body("count.value", equalTo(20)).body("count.exact", equalTo(true))
                .body("groups", hasSize(3))
                .body("groups[0].columns", contains("status"))
                .body("summaries.column", contains("price", "name"))
                .body("summaries[0].value", equalTo(410))
                .body("summaries[1].value", equalTo(20))
                .body("nextCursor", notNullValue())
                .extract().response();
        Map<String, Object> values = first.path("rows[0].values");
        assertEquals(List.of("price", "name", "status"), new ArrayList<>(values.keySet()));
        int grouped = first.<List<Integer>>path("groups.count").stream().mapToInt(Integer::intValue).sum();
        assertEquals(20, grouped);

        List<Integer> prices = new ArrayList<>(first.<List<Integer>>path("rows.values.price"));
        String cursor = first.path("nextCursor");
        while (cursor != null) {
            Response page = api.asViewer().queryParam("cursor", cursor).get("/api/v1/views/" + viewId + "/rows")
                    .then().statusCode(200).extract().response();
            prices.addAll(page.path("rows.values.price"));
            cursor = page.path("nextCursor");
        }
        assertEquals(20, prices.size());
        assertEquals(11, prices.getLast());
    }

    @Test
    void adHocFilterAndSearchNarrowTheViewAndAdHocSortsReplaceItsOwn() {
        api.asViewer().queryParam("filter", "{\"conditions\": [{\"column\": \"status\", \"op\": \"is\", \"value\": \"todo\"}]}")
                .queryParam("limit", 100)
                .get("/api/v1/views/" + viewId + "/rows").then().statusCode(200)
                .body("count.value", equalTo(7))
                .body("rows.values.status", org.hamcrest.Matchers.everyItem(equalTo("todo")));
        api.asViewer().queryParam("search", "row 2").queryParam("limit", 100)
                .get("/api/v1/views/" + viewId + "/rows").then().statusCode(200).body("count.value", equalTo(11));
        api.asViewer().queryParam("sorts", "[{\"column\": \"price\", \"direction\": \"asc\"}]")
                .get("/api/v1/views/" + viewId + "/rows").then().statusCode(200)
                .body("rows.values.price", contains(11, 12, 13, 14, 15));
        // A member may filter on a column the view hides: hiding is a display choice, not a permission.
        api.asViewer().queryParam("filter", "{\"conditions\": [{\"column\": \"secret\", \"op\": \"eq\", \"value\": \"hush-12\"}]}")
                .get("/api/v1/views/" + viewId + "/rows").then().statusCode(200).body("rows.values.name", contains("Row 12"));
    }

    @Test
    void invalidAdditionsAre400AndNothingIsRead() {
        api.asViewer().queryParam("filter", "{\"conditions\": [{\"column\": \"ghost\", \"op\": \"eq\", \"value\": 1}]}")
                .get("/api/v1/views/" + viewId + "/rows").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("filter.conditions[0].column"));
        api.asViewer().queryParam("filter", "{not json").get("/api/v1/views/" + viewId + "/rows").then().statusCode(400)
                .body("errors.field", contains("filter"));
        api.asViewer().queryParam("limit", 0).get("/api/v1/views/" + viewId + "/rows").then().statusCode(400)
                .body("errors.field", contains("limit"));
        api.asViewer().queryParam("cursor", "forged.cursor").get("/api/v1/views/" + viewId + "/rows").then().statusCode(400);
    }

    @Test
    void otherTenantsAndOtherUsersPersonalViewsAreNotFound() {
        TestApi other = TestApi.newTenant();
        other.asViewer().get("/api/v1/views/" + viewId + "/rows").then().statusCode(404);
        String personal = api.asEditor().body("{\"panelId\": \"%s\", \"name\": \"Mine\", \"visibility\": \"personal\"}"
                .formatted(panelId)).post("/api/v1/views").then().statusCode(201).extract().path("id");
        api.asEditor().get("/api/v1/views/" + personal + "/rows").then().statusCode(200).body("rows", hasSize(30));
        api.asViewer().get("/api/v1/views/" + personal + "/rows").then().statusCode(404);
        api.asViewer().get("/api/v1/views/" + UUID.randomUUID() + "/rows").then().statusCode(404);
        io.restassured.RestAssured.given().get("/api/v1/views/" + viewId + "/rows").then().statusCode(401);
    }

    @Test
    void aKanbanViewGroupsByItsColumn() {
        String kanban = api.asEditor().body(("{\"panelId\": \"%s\", \"name\": \"Board\", \"type\": \"kanban\","
                        + " \"settings\": {\"kanbanColumn\": \"status\"}}").formatted(panelId))
                .post("/api/v1/views").then().statusCode(201).extract().path("id");
        api.asViewer().get("/api/v1/views/" + kanban + "/rows").then().statusCode(200)
                .body("groups.columns", org.hamcrest.Matchers.everyItem(contains("status")))
                .body("groups.count", contains(10, 10, 10));
    }
}
