package io.panels.view.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.common.testing.Concurrently;
import io.panels.view.DataServiceProcess;
import io.panels.view.TestApi;
import io.panels.view.TestPanels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The views API: CRUD, validation, visibility, roles, locks, versions, duplicate and reorder. */
@QuarkusTest
@QuarkusTestResource(DataServiceProcess.class)
class ViewResourceTest {

    TestApi api;
    UUID panelId;

    @BeforeEach
    void panel() {
        api = TestApi.newTenant();
        panelId = TestPanels.createPanel(api.tenant.id(), api.editorUser.id(), TestPanels.standardColumns(), api.viewer, null);
    }

    private String create(String token, String body) {
        return TestApi.as(token).body(body.replace("PANEL", panelId.toString())).post("/api/v1/views")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void createsReadsListsUpdatesAndDeletesACollaborativeView() {
        Response created = api.asEditor().body("""
                {"panelId": "%s", "name": "Open deals", "type": "grid",
                 "columns": [{"key": "price", "visible": true, "width": 120}, {"key": "name", "visible": true}],
                 "query": {"filter": {"conditions": [{"column": "price", "op": "gt", "value": 10}]},
                           "sorts": [{"column": "price", "direction": "desc"}], "groupBy": [{"column": "status"}],
                           "summaries": [{"column": "price", "function": "sum"}]},
                 "settings": {"pageSize": 50}}""".formatted(panelId))
                .post("/api/v1/views").then().statusCode(201)
                .header("ETag", "\"1\"")
                .body("visibility", equalTo("collaborative"))
                .body("ownerId", equalTo(api.editorUser.id()))
                .body("position", equalTo(1))
                .body("columns.key", contains("price", "name", "status", "due", "secret", "notes"))
                .body("columns.visible", contains(true, true, false, false, false, false))
                .body("query.sorts[0].nulls", equalTo("last"))
                .extract().response();
        String id = created.path("id");
        api.asViewer().get("/api/v1/views/" + id).then().statusCode(200).header("ETag", "\"1\"").body("name", equalTo("Open deals"));
        api.asViewer().queryParam("panelId", panelId).get("/api/v1/views").then().statusCode(200)
                .body("views.name", contains("Grid view", "Open deals"));

        api.asEditor().header("If-Match", "\"1\"").body("{\"name\": \"Big deals\", \"settings\": {\"pageSize\": 25}}")
                .patch("/api/v1/views/" + id).then().statusCode(200).header("ETag", "\"2\"")
                .body("name", equalTo("Big deals")).body("settings.pageSize", equalTo(25))
                .body("query.filter.conditions[0].column", equalTo("price"));

        api.asEditor().header("If-Match", "\"2\"").delete("/api/v1/views/" + id).then().statusCode(204);
        api.asEditor().get("/api/v1/views/" + id).then().statusCode(404).body("type", equalTo("https://panels.io/problems/not-found"));
    }

    @Test
    void invalidViewsAreRefusedWithEveryErrorAndChangeNothing() {
        api.asEditor().body("""
                {"panelId": "%s", "name": "", "type": "kanban",
                 "columns": [{"key": "nope", "visible": true}, {"key": "name", "visible": true, "width": 5}],
                 "query": {"filter": {"conditions": [{"column": "price", "op": "contains", "value": "x"}]},
                           "sorts": [{"column": "ghost"}]},
                 "settings": {"pageSize": 0, "colour": "red", "kanbanColumn": "name"}}""".formatted(panelId))
                .post("/api/v1/views").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/validation"))
                .body("errors.field", containsInAnyOrder("name", "columns[0].key", "columns[1].width",
                        "query.filter.conditions[0].op", "query.sorts[0].column", "settings.pageSize", "settings.colour",
                        "settings.kanbanColumn", "settings.kanbanColumn"));
        api.asEditor().body("{\"panelId\": \"%s\", \"name\": \"x\", \"query\": {\"condtions\": []}}".formatted(panelId))
                .post("/api/v1/views").then().statusCode(400).body("errors.field", hasItem("query.condtions"));
        api.asEditor().body("{\"panelId\": \"%s\", \"name\": \"x\", \"type\": \"table\"}".formatted(panelId))
                .post("/api/v1/views").then().statusCode(400).body("errors.field", contains("type"));
        api.asEditor().body("{\"name\": \"x\"}").post("/api/v1/views").then().statusCode(400);
        api.asViewer().queryParam("panelId", panelId).get("/api/v1/views").then().statusCode(200).body("views", hasSize(1));
    }

    @Test
    void unknownViewsAndPanelsAreNotFound() {
        api.asViewer().get("/api/v1/views/" + UUID.randomUUID()).then().statusCode(404);
        api.asViewer().queryParam("panelId", UUID.randomUUID()).get("/api/v1/views").then().statusCode(404);
        api.asEditor().body("{\"panelId\": \"%s\", \"name\": \"x\"}".formatted(UUID.randomUUID()))
                .post("/api/v1/views").then().statusCode(404);
        api.asEditor().body("{}").patch("/api/v1/views/" + UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void anotherTenantSeesNothingAndChangesNothing() {
        String id = create(api.editor, "{\"panelId\": \"PANEL\", \"name\": \"Mine\"}");
        TestApi other = TestApi.newTenant();
        other.asViewer().get("/api/v1/views/" + id).then().statusCode(404);
        other.asViewer().queryParam("panelId", panelId).get("/api/v1/views").then().statusCode(404);
        other.asEditor().body("{\"name\": \"Theirs\"}").patch("/api/v1/views/" + id).then().statusCode(404);
        other.asEditor().delete("/api/v1/views/" + id).then().statusCode(404);
        other.asEditor().post("/api/v1/views/" + id + "/lock").then().statusCode(404);
        other.asEditor().body("{\"panelId\": \"%s\", \"name\": \"x\"}".formatted(panelId)).post("/api/v1/views").then().statusCode(404);
        api.asViewer().get("/api/v1/views/" + id).then().statusCode(200).body("name", equalTo("Mine")).body("version", equalTo(1));
    }

    @Test
    void viewersKeepPersonalViewsThatOnlyTheySee() {
        api.asViewer().body("{\"panelId\": \"%s\", \"name\": \"Team\"}".formatted(panelId)).post("/api/v1/views")
                .then().statusCode(403).body("type", equalTo("https://panels.io/problems/insufficient-role"));
        String personal = create(api.viewer, "{\"panelId\": \"PANEL\", \"name\": \"My own\", \"visibility\": \"personal\"}");
        api.asViewer().body("{\"name\": \"Still mine\"}").patch("/api/v1/views/" + personal).then().statusCode(200);
        api.asViewer().queryParam("panelId", panelId).get("/api/v1/views").then().body("views.name", hasItem("Still mine"));

        TestApi.as(api.otherViewer).get("/api/v1/views/" + personal).then().statusCode(404);
        api.asEditor().get("/api/v1/views/" + personal).then().statusCode(404);
        TestApi.as(api.admin).delete("/api/v1/views/" + personal).then().statusCode(404);
        TestApi.as(api.otherViewer).queryParam("panelId", panelId).get("/api/v1/views").then()
                .body("views.name", not(hasItem("Still mine")));

        String team = create(api.editor, "{\"panelId\": \"PANEL\", \"name\": \"Team\"}");
        api.asViewer().get("/api/v1/views/" + team).then().statusCode(200);
        api.asViewer().body("{\"name\": \"Hijack\"}").patch("/api/v1/views/" + team).then().statusCode(403);
        api.asViewer().delete("/api/v1/views/" + team).then().statusCode(403);
        api.asViewer().body("{\"visibility\": \"collaborative\"}").post("/api/v1/views/" + personal + "/duplicate").then().statusCode(403);
        api.asViewer().body("{}").post("/api/v1/views/" + team + "/duplicate").then().statusCode(403);
        api.asViewer().body("{\"visibility\": \"personal\"}").post("/api/v1/views/" + team + "/duplicate").then().statusCode(201)
                .body("name", equalTo("Team (copy)")).body("ownerId", equalTo(api.viewerUser.id()));
    }

    @Test
    void aLockedViewRefusesChangesUntilUnlocked() {
        String id = create(api.editor, "{\"panelId\": \"PANEL\", \"name\": \"Board\"}");
        api.asViewer().post("/api/v1/views/" + id + "/lock").then().statusCode(403);
        api.asEditor().post("/api/v1/views/" + id + "/lock").then().statusCode(200).body("locked", equalTo(true)).header("ETag", "\"2\"");
        api.asEditor().body("{\"name\": \"Changed\"}").patch("/api/v1/views/" + id).then().statusCode(409)
                .body("type", equalTo("https://panels.io/problems/view-locked"));
        TestApi.as(api.admin).delete("/api/v1/views/" + id).then().statusCode(409);
        api.asEditor().post("/api/v1/views/" + id + "/unlock").then().statusCode(200).body("locked", equalTo(false));
        api.asEditor().body("{\"name\": \"Changed\"}").patch("/api/v1/views/" + id).then().statusCode(200).body("version", equalTo(4));
    }

    @Test
    void staleVersionsAreRefusedAndOnlyOneOfTwoConcurrentUpdatesWins() throws Exception {
        String id = create(api.editor, "{\"panelId\": \"PANEL\", \"name\": \"Race\"}");
        api.asEditor().header("If-Match", "\"7\"").body("{\"name\": \"Late\"}").patch("/api/v1/views/" + id).then().statusCode(412)
                .body("type", equalTo("https://panels.io/problems/stale-version"));
        api.asEditor().header("If-Match", "nonsense").body("{\"name\": \"Late\"}").patch("/api/v1/views/" + id).then().statusCode(400);
        List<Integer> statuses = Concurrently.run(2, i -> api.asEditor().header("If-Match", "\"1\"")
                .body("{\"name\": \"Writer " + i + "\"}").patch("/api/v1/views/" + id).statusCode());
        assertEquals(List.of(200, 412), statuses.stream().sorted().toList());
        api.asViewer().get("/api/v1/views/" + id).then().body("version", equalTo(2));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyCreatesOneView() {
        String key = UUID.randomUUID().toString();
        String body = "{\"panelId\": \"%s\", \"name\": \"Once\"}".formatted(panelId);
        String first = api.asEditor().header("Idempotency-Key", key).body(body).post("/api/v1/views").then().statusCode(201)
                .extract().path("id");
        api.asEditor().header("Idempotency-Key", key).body(body).post("/api/v1/views").then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first));
        api.asViewer().queryParam("panelId", panelId).get("/api/v1/views").then().body("views", hasSize(2));
    }

    @Test
    void editorsReorderTheCollaborativeViews() {
        String grid = api.asViewer().queryParam("panelId", panelId).get("/api/v1/views").path("views[0].id");
        String second = create(api.editor, "{\"panelId\": \"PANEL\", \"name\": \"Second\"}");
        String third = create(api.editor, "{\"panelId\": \"PANEL\", \"name\": \"Third\", \"type\": \"calendar\","
                + " \"settings\": {\"dateColumn\": \"due\"}}");
        String reorder = "{\"panelId\": \"%s\", \"viewIds\": [\"%s\", \"%s\", \"%s\"]}".formatted(panelId, third, grid, second);
        api.asViewer().body(reorder).post("/api/v1/views/reorder").then().statusCode(403);
        api.asEditor().body("{\"panelId\": \"%s\", \"viewIds\": [\"%s\"]}".formatted(panelId, third))
                .post("/api/v1/views/reorder").then().statusCode(400).body("errors.field", contains("viewIds"));
        api.asEditor().body(reorder).post("/api/v1/views/reorder").then().statusCode(200)
                .body("views.name", contains("Third", "Grid view", "Second"));
        api.asViewer().queryParam("panelId", panelId).get("/api/v1/views").then().body("views.position", contains(0, 1, 2));
    }
}
