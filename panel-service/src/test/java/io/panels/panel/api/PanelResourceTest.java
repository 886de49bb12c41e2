package io.panels.panel.api;

import io.panels.common.testing.Concurrently;
import static io.panels.panel.TestApi.as;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.panels.panel.TestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PanelResourceTest {

    @Test
    void adminsCreateUpdateArchiveRestoreAndDeleteWhileViewersAndEditorsRead() {
        TestApi api = TestApi.newTenant(true);
        Response created = api.createPanel("""
                {"name":"  Orders  ","description":"What we sold","icon":"cart","colour":"#336699",
                 "columns":[{"name":"Order no","type":"autonumber"},{"name":"Customer","type":"text","required":true}]}""");
        String id = created.path("id");
        assertEquals("\"1\"", created.header("ETag"));
        assertEquals("/api/v1/panels/" + id, created.header("Location").replaceFirst("^https?://[^/]+", ""));
        created.then().body("name", equalTo("Orders")).body("status", equalTo("active")).body("version", equalTo(1))
                .body("columns.key", contains("order_no", "customer")).body("columns.position", contains(0, 1));

        for (String reader : List.of(api.viewer, api.editor)) {
            as(reader).get("/api/v1/panels/" + id).then().statusCode(200).body("name", equalTo("Orders"));
            as(reader).get("/api/v1/panels").then().statusCode(200).body("items.id", hasItem(id));
            as(reader).body("{\"name\":\"x\"}").post("/api/v1/panels").then().statusCode(403)
                    .contentType("application/problem+json").body("type", equalTo("https://panels.io/problems/insufficient-role"));
            as(reader).header("If-Match", "\"1\"").body("{\"name\":\"x\"}").put("/api/v1/panels/" + id).then().statusCode(403);
        }

        api.asAdmin().header("If-Match", "\"1\"").body("{\"name\":\"Sales\",\"colour\":\"green\"}")
                .put("/api/v1/panels/" + id).then().statusCode(200).header("ETag", "\"2\"")
                .body("name", equalTo("Sales")).body("description", nullValue()).body("colour", equalTo("green"));
        api.asAdmin().get("/api/v1/panels/" + id).then().statusCode(200).header("ETag", "\"2\"").body("name", equalTo("Sales"));
        api.asAdmin().header("If-None-Match", "\"2\"").get("/api/v1/panels/" + id).then().statusCode(304);

        api.asAdmin().post("/api/v1/panels/" + id + "/archive").then().statusCode(200).body("status", equalTo("archived"));
        api.asAdmin().get("/api/v1/panels").then().body("items.id", not(hasItem(id)));
        api.asAdmin().queryParam("status", "archived").get("/api/v1/panels").then().body("items.id", contains(id));
        api.asAdmin().header("If-Match", "\"3\"").body("{\"name\":\"Frozen\"}").put("/api/v1/panels/" + id)
                .then().statusCode(409).body("type", equalTo("https://panels.io/problems/panel-archived"));
        api.asAdmin().post("/api/v1/panels/" + id + "/restore").then().statusCode(200).body("status", equalTo("active"))
                .header("ETag", "\"4\"");

        api.asAdmin().header("If-Match", "\"3\"").delete("/api/v1/panels/" + id).then().statusCode(412);
        api.asAdmin().header("If-Match", "\"4\"").delete("/api/v1/panels/" + id).then().statusCode(204);
        api.asAdmin().get("/api/v1/panels/" + id).then().statusCode(404);
    }

    @Test
    void invalidRequestsAreProblemsAndChangeNothing() {
        TestApi api = TestApi.newTenant(false);
        api.asAdmin().body("{\"name\":\"  \"}").post("/api/v1/panels").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/validation")).body("errors.field", contains("name"))
                .body("traceId", notNullValue());
        api.asAdmin().body("{\"name\":\"P\",\"colour\":\"not a colour!\"}").post("/api/v1/panels").then().statusCode(400)
                .body("errors.field", contains("colour"));
        api.asAdmin().body("{\"name\":\"P\",\"columns\":[{\"name\":\"A\",\"type\":\"text\"},{\"name\":\"B\",\"type\":\"teapot\"}]}")
                .post("/api/v1/panels").then().statusCode(400).body("errors.field", contains("columns[1].type"));
        api.asAdmin().body("{\"name\":\"P\",\"columns\":[{\"name\":\"A\",\"type\":\"text\"},{\"name\":\"a\",\"type\":\"text\"}]}")
                .post("/api/v1/panels").then().statusCode(400).body("errors.field", contains("columns[1].name"));
        api.asAdmin().body("{\"name\":").post("/api/v1/panels").then().statusCode(400)
                .body("type", equalTo("https://panels.io/problems/malformed-body"));
        api.asAdmin().queryParam("limit", 1001).get("/api/v1/panels").then().statusCode(400).body("errors.field", contains("limit"));
        api.asAdmin().queryParam("sort", "colour").get("/api/v1/panels").then().statusCode(400).body("errors.field", contains("sort"));
        api.asAdmin().queryParam("cursor", "garbage").get("/api/v1/panels").then().statusCode(400).body("errors.field", contains("cursor"));
        api.asAdmin().queryParam("status", "all").get("/api/v1/panels").then().statusCode(200).body("items", hasSize(0));

        String id = api.createPanelNamed("Kept");
        api.asAdmin().header("If-Match", "\"1\"").body("{\"name\":\"\"}").put("/api/v1/panels/" + id).then().statusCode(400);
        api.asAdmin().body("{\"name\":\"No precondition\"}").put("/api/v1/panels/" + id).then().statusCode(428)
                .body("type", equalTo("https://panels.io/problems/precondition-required"));
        api.getPanel(id).then().body("name", equalTo("Kept")).body("version", equalTo(1));
    }

    @Test
    void missingAndOtherTenantsPanelsAreNotFound() {
        TestApi owner = TestApi.newTenant(false);
        TestApi other = TestApi.newTenant(false);
        String id = owner.createPanelNamed("Private");

        other.asAdmin().get("/api/v1/panels/" + id).then().statusCode(404)
                .body("type", equalTo("https://panels.io/problems/not-found"));
        other.asAdmin().header("If-Match", "\"1\"").body("{\"name\":\"Mine now\"}").put("/api/v1/panels/" + id).then().statusCode(404);
        other.asAdmin().post("/api/v1/panels/" + id + "/archive").then().statusCode(404);
        other.asAdmin().post("/api/v1/panels/" + id + "/duplicate").then().statusCode(404);
        other.asAdmin().delete("/api/v1/panels/" + id).then().statusCode(404);
        other.asAdmin().get("/api/v1/panels").then().body("items", hasSize(0));
        owner.getPanel(id).then().body("name", equalTo("Private")).body("version", equalTo(1));

        owner.asAdmin().get("/api/v1/panels/" + UUID.randomUUID()).then().statusCode(404);
        owner.asAdmin().get("/api/v1/panels/not-a-uuid").then().statusCode(404);
        as("not-a-token").get("/api/v1/panels").then().statusCode(401);
    }

    @Test
    void twoUpdatesFromTheSameVersionOneWinsOneIsStale() throws Exception {
        TestApi api = TestApi.newTenant(false);
        String id = api.createPanelNamed("Contested");
        List<Integer> statuses = Concurrently.run(2, i -> api.asAdmin().header("If-Match", "\"1\"")
                .body("{\"name\":\"Writer " + i + "\"}").put("/api/v1/panels/" + id).statusCode());
        assertEquals(List.of(200, 412), statuses.stream().sorted().toList());
        api.getPanel(id).then().body("version", equalTo(2)).body("name", startsWith("Writer "));
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstReplyAndRefusesAnotherBody() throws Exception {
        TestApi api = TestApi.newTenant(false);
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"Once\"}";
        List<String> ids = Concurrently.run(3, i -> api.asAdmin().header("Idempotency-Key", key).body(body)
                .post("/api/v1/panels").then().statusCode(201).extract().<String>path("id"));
        assertEquals(1, ids.stream().distinct().count(), "every repeat names the one panel made");
        api.asAdmin().header("Idempotency-Key", key).body(body).post("/api/v1/panels").then().statusCode(201)
                .header("Idempotent-Replayed", "true").header("ETag", "\"1\"").body("id", equalTo(ids.get(0)));
        api.asAdmin().header("Idempotency-Key", key).body("{\"name\":\"Twice\"}").post("/api/v1/panels").then()
                .statusCode(422).body("type", equalTo("https://panels.io/problems/idempotency-key-reused"));
        api.asAdmin().get("/api/v1/panels").then().body("items", hasSize(1));
    }

    @Test
    void listsPageWithCursorsSearchAndSort() {
        TestApi api = TestApi.newTenant(false);
        for (String name : List.of("delta", "Alpha", "charlie", "Bravo", "echo report")) {
            api.createPanelNamed(name);
        }
        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = api.asAdmin().queryParam("sort", "name").queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.get("/api/v1/panels").then().statusCode(200).extract().response();
            names.addAll(page.path("items.name"));
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(List.of("Alpha", "Bravo", "charlie", "delta", "echo report"), names);
        assertEquals(3, pages);

        api.asAdmin().queryParam("sort", "name").queryParam("order", "desc").queryParam("limit", 1)
                .get("/api/v1/panels").then().body("items.name", contains("echo report")).body("nextCursor", notNullValue());
        List<String> newestFirst = api.asAdmin().get("/api/v1/panels").then().extract().path("items.name");
        assertEquals(List.of("echo report", "Bravo", "charlie", "Alpha", "delta"), newestFirst);
        api.asAdmin().queryParam("q", "RAV").get("/api/v1/panels").then().body("items.name", contains("Bravo"));
        api.asAdmin().queryParam("q", "%").get("/api/v1/panels").then().body("items", hasSize(0));
        String nameCursor = api.asAdmin().queryParam("sort", "name").queryParam("limit", 1).get("/api/v1/panels").path("nextCursor");
        api.asAdmin().queryParam("sort", "updated").queryParam("cursor", nameCursor).get("/api/v1/panels").then().statusCode(400);
    }

    @Test
    void duplicatesCopyTheStructureWithTheSameKeys() {
        TestApi api = TestApi.newTenant(false);
        Response source = api.createPanel("""
                {"name":"Template","columns":[{"name":"Title","type":"text"},
                 {"name":"Stage","type":"single_select","settings":{"options":[{"name":"Open"},{"name":"Done","colour":"green"}]}}]}""");
        String sourceId = source.path("id");
        Response copy = api.asAdmin().body("{\"withViews\":true}").post("/api/v1/panels/" + sourceId + "/duplicate")
                .then().statusCode(201).body("name", equalTo("Template (copy)")).body("duplicatedFrom", equalTo(sourceId))
                .extract().response();
        assertEquals(source.<List<String>>path("columns.key"), copy.<List<String>>path("columns.key"));
        assertEquals(source.<List<Object>>path("columns.settings"), copy.<List<Object>>path("columns.settings"));
        assertNotEquals(source.<List<String>>path("columns.id"), copy.<List<String>>path("columns.id"));
        api.asAdmin().post("/api/v1/panels/" + sourceId + "/duplicate").then().statusCode(201)
                .body("name", equalTo("Template (copy)"));
        api.asAdmin().get("/api/v1/panels/usage").then().statusCode(200).body("panels", equalTo(3))
                .body("maxPanels", equalTo(100)).body("status", equalTo("active"));
        assertNull(copy.path("description"));
    }
}
