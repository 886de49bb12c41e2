package io.panels.data.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.data.TestApi;
import io.panels.data.TestPanels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** POST .../query and GET .../rows run the platform/query model on the panel's real table. */
@QuarkusTest
class QueryResourceTest {

    private static final String[] STATUS = {"todo", "doing", "done"};

    @Inject
    Pool pool;

    TestApi api;
    String query;
    String rows;
    List<String> ids;

    @BeforeEach
    void thirtyRows() {
        api = TestApi.newTenant();
        UUID panelId = TestPanels.createPanel(pool, api.tenant.id(), TestPanels.standardColumns());
        query = "/api/v1/panels/" + panelId + "/query";
        rows = "/api/v1/panels/" + panelId + "/rows";
        StringBuilder batch = new StringBuilder("{\"rows\": [");
        for (int i = 1; i <= 30; i++) {
            batch.append(i == 1 ? "" : ",").append("""
                    {"values": {"name": "Row %d", "price": %d, "qty": %d, "status": "%s", "due": "2024-01-%02d",
                     "email": "r%d@example.com"}}""".formatted(i, i, i % 3, STATUS[i % 3], i, i));
        }
        ids = api.asEditor().body(batch.append("]}").toString()).post(rows + "/batch-create").then().statusCode(201)
                .extract().path("rows.id");
    }

    @Test
    void filtersSortsAndPagesWithCursorsAndAnExactCountWhenSmall() {
        String body = """
                {"query": {"filter": {"conjunction": "and", "conditions": [
                   {"column": "price", "op": "gt", "value": 10},
                   {"column": "status", "op": "is", "value": "todo"}]},
                 "sorts": [{"column": "price", "direction": "desc"}]},
                 "columns": ["name", "price", "total"], "limit": 3%s}""";
        List<Integer> prices = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.asViewer().body(body.formatted(cursor == null ? "" : ", \"cursor\": \"" + cursor + "\""))
                    .post(query).then().statusCode(200).body("count.value", equalTo(7)).body("count.exact", equalTo(true))
                    .extract().response();
            prices.addAll(page.path("rows.values.price"));
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(List.of(30, 27, 24, 21, 18, 15, 12), prices);
        assertEquals(3, pages);

        api.asViewer().body("{\"query\": {\"filter\": {\"conditions\": [{\"column\": \"total\", \"op\": \"gte\", \"value\": 50}]},"
                        + " \"sorts\": [{\"column\": \"total\"}]},"
                        + " \"columns\": [\"total\"], \"count\": \"none\", \"limit\": 100}")
                .post(query).then().statusCode(200).body("count", nullValue())
                .body("rows.values.total", everyItem(org.hamcrest.Matchers.greaterThanOrEqualTo(50)))
                .body("rows.values.total", equalTo(List.of(52, 58)));
    }

    @Test
    void groupsAndSummariesAndSearch() {
        api.asViewer().body("""
                        {"query": {"groupBy": [{"column": "status"}],
                          "summaries": [{"column": "price", "function": "sum"}, {"column": "name", "function": "filled"}]},
                         "limit": 1}""")
                .post(query).then().statusCode(200)
                .body("summaries", equalTo(List.of(465, 30)))
                .body("groups", hasSize(3))
                .body("groups.count", everyItem(equalTo(10)))
                .body("groups.values.flatten()", equalTo(List.of("todo", "doing", "done")));

        api.asViewer().body("{\"query\": {\"search\": \"row 1\"}, \"count\": \"exact\", \"limit\": 100}")
                .post(query).then().statusCode(200).body("count.value", equalTo(12)).body("rows", hasSize(12));
    }

    @Test
    void aBadQueryOrCursorIsA400NamingWhere() {
        api.asViewer().body("{\"query\": {\"filter\": {\"conditions\": [{\"column\": \"nope\", \"op\": \"eq\", \"value\": 1}]}}}")
                .post(query).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", startsWith("query.filter.conditions[0]"));
        api.asViewer().body("{\"query\": {\"condtions\": []}}").post(query).then().statusCode(400)
                .body("errors[0].field", startsWith("query"));
        api.asViewer().body("{\"cursor\": \"forged.cursor\"}").post(query).then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
        api.asViewer().body("{\"limit\": 1001}").post(query).then().statusCode(400);
        // Values reach SQL only as parameters: a quote in a filter value is just a character.
        api.asViewer().body("{\"query\": {\"filter\": {\"conditions\": [{\"column\": \"name\", \"op\": \"eq\","
                        + " \"value\": \"x'); drop table data.panel_table; --\"}]}}, \"count\": \"exact\"}")
                .post(query).then().statusCode(200).body("count.value", equalTo(0));
    }

    @Test
    void listingPagesVisitEveryRowOnceWhileRowsAreAdded() {
        Set<String> seen = new HashSet<>();
        String cursor = null;
        do {
            Response page = api.asViewer().queryParam("limit", 7).queryParam("cursor", cursor == null ? "" : cursor)
                    .get(rows).then().statusCode(200).body("rows[0].id", notNullValue()).extract().response();
            List<String> pageIds = page.path("rows.id");
            for (String id : pageIds) {
                assertTrue(seen.add(id), "row " + id + " came twice");
            }
            api.asEditor().body("{\"values\": {\"name\": \"Late\", \"email\": \"late-" + UUID.randomUUID() + "@example.com\"}}")
                    .post(rows).then().statusCode(201);
            cursor = page.path("nextCursor");
        } while (cursor != null);
        assertTrue(seen.containsAll(ids));
        api.asViewer().queryParam("query", "{\"sorts\": [{\"column\": \"price\"}]}").queryParam("limit", 1)
                .get(rows).then().statusCode(200).body("rows[0].values.price", equalTo(1))
                .body("rows[0].values.name", equalTo("Row 1"));
    }
}
