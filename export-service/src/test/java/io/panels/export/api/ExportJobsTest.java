package io.panels.export.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.common.testing.Concurrently;
import io.panels.common.testing.Keycloak;
import io.panels.common.testing.Keycloak.TestTenant;
import io.panels.common.testing.Keycloak.TestUser;
import io.panels.events.view.ViewColumn;
import io.panels.export.DataServiceResource;
import io.panels.export.TestExports;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The jobs API: validation, not-found, tenant isolation, roles, idempotency, cancel, lists, and views. */
@QuarkusTest
@QuarkusTestResource(value = DataServiceResource.class, restrictToAnnotatedClass = false)
class ExportJobsTest {

    static TestTenant tenant;
    static TestUser owner;
    static TestUser viewer;
    static TestUser admin;
    static UUID panelId;

    @BeforeEach
    void panelWithRows() {
        if (panelId != null) {
            return;
        }
        tenant = Keycloak.createTenant();
        owner = tenant.member("owner");
        viewer = tenant.member("viewer");
        admin = tenant.member("admin");
        panelId = TestExports.createPanel(tenant, owner, "Tasks", List.of(
                TestExports.column("title", "Title", "text", 0, TestExports.none()),
                TestExports.column("points", "Points", "number", 1, TestExports.precision(0)),
                TestExports.column("state", "State", "single_select", 2, TestExports.options("o_open", "Open", "o_done", "Done"))));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            rows.add(Map.of("title", "Task " + i, "points", i, "state", i % 3 == 0 ? "o_done" : "o_open"));
        }
        TestExports.createRows(owner, panelId, rows);
    }

    private static Response post(TestUser user, Object body) {
        return given().auth().oauth2(user.token()).contentType(ContentType.JSON).body(body).when().post("/api/v1/exports");
    }

    @Test
    void aViewerExportsAPanelAndFollowsTheJob() {
        Response accepted = post(viewer, Map.of("panelId", panelId, "format", "csv", "options", Map.of("columns", List.of("points", "title"))));
        accepted.then().statusCode(202).header("Location", "/api/v1/exports/" + accepted.path("id"))
                .body("status", equalTo("queued")).body("title", equalTo("Tasks"))
                .body("columns", equalTo(List.of("points", "title"))).body("requestedBy", equalTo(viewer.id()))
                .body("downloadUrl", nullValue());
        Response done = TestExports.awaitEnd(viewer, accepted.path("id"), Duration.ofSeconds(60));
        done.then().body("status", equalTo("completed")).body("rows", equalTo(30)).body("downloadUrl", notNullValue())
                .body("fileName", equalTo("Tasks.csv")).body("startedAt", notNullValue()).body("finishedAt", notNullValue());
        String csv = new String(TestExports.download(done), StandardCharsets.UTF_8);
        assertTrue(csv.startsWith("Points,Title\r\n"), csv);
        assertEquals(31, csv.split("\r\n").length);
    }

    @Test
    void invalidRequestsAreRefusedAndCreateNothing() {
        TestUser fresh = tenant.member("editor");
        post(fresh, Map.of("panelId", panelId, "viewId", UUID.randomUUID(), "format", "docx",
                "options", Map.of("delimiter", "::", "timeZone", "Mars/Olympus", "dateFormat", "HH:mm", "columns", List.of())))
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/validation"))
                .body("errors.field", containsInAnyOrder("panelId", "format", "options.delimiter", "options.timeZone",
                        "options.dateFormat", "options.columns"));
        post(fresh, Map.of("format", "csv")).then().statusCode(400).body("errors.field", hasItem("panelId"));
        post(fresh, Map.of("panelId", panelId, "format", "csv", "options", Map.of("columns", List.of("title", "nope"))))
                .then().statusCode(400).body("errors.field", equalTo(List.of("options.columns[1]")));
        given().auth().oauth2(fresh.token()).contentType(ContentType.JSON).body("{not json").post("/api/v1/exports")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(fresh.token()).get("/api/v1/exports").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void unknownPanelsViewsAndExportsAreNotFound() {
        post(owner, Map.of("panelId", UUID.randomUUID(), "format", "csv")).then().statusCode(404)
                .body("type", equalTo("https://panels.io/problems/not-found"));
        post(owner, Map.of("viewId", UUID.randomUUID(), "format", "csv")).then().statusCode(404);
        given().auth().oauth2(owner.token()).get("/api/v1/exports/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(owner.token()).post("/api/v1/exports/" + UUID.randomUUID() + "/cancel").then().statusCode(404);
        given().get("/api/v1/exports").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anotherTenantSeesNothingOfThisTenant() {
        String mine = TestExports.requestExport(owner, Map.of("panelId", panelId, "format", "json"));
        TestUser stranger = Keycloak.createTenant().member("owner");
        given().auth().oauth2(stranger.token()).get("/api/v1/exports/" + mine).then().statusCode(404);
        given().auth().oauth2(stranger.token()).post("/api/v1/exports/" + mine + "/cancel").then().statusCode(404);
        post(stranger, Map.of("panelId", panelId, "format", "csv")).then().statusCode(404);
        given().auth().oauth2(stranger.token()).queryParam("scope", "tenant").get("/api/v1/exports")
                .then().statusCode(200).body("items.id", org.hamcrest.Matchers.not(hasItem(mine)));
    }

    @Test
    void aJobIsSeenByItsRequesterAndTheTenantsAdminsOnly() {
        String ownersJob = TestExports.requestExport(owner, Map.of("panelId", panelId, "format", "ndjson"));
        given().auth().oauth2(viewer.token()).get("/api/v1/exports/" + ownersJob).then().statusCode(404);
        given().auth().oauth2(viewer.token()).post("/api/v1/exports/" + ownersJob + "/cancel").then().statusCode(404);
        given().auth().oauth2(admin.token()).get("/api/v1/exports/" + ownersJob).then().statusCode(200);
        given().auth().oauth2(viewer.token()).queryParam("scope", "tenant").get("/api/v1/exports").then().statusCode(403)
                .body("type", equalTo("https://panels.io/problems/insufficient-role"));
        given().auth().oauth2(admin.token()).queryParam("scope", "tenant").queryParam("limit", 200).get("/api/v1/exports")
                .then().statusCode(200).body("items.id", hasItem(ownersJob));
    }

    @Test
    void theSameIdempotencyKeyGivesTheSameJobEvenConcurrently() throws Exception {
        TestUser caller = tenant.member("editor");
        String key = "export-" + UUID.randomUUID();
        List<Response> replies = Concurrently.run(4, i -> given().auth().oauth2(caller.token()).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(Map.of("panelId", panelId, "format", "csv")).post("/api/v1/exports"));
        Set<String> ids = new HashSet<>();
        for (Response reply : replies) {
            assertEquals(202, reply.statusCode(), reply.asString());
            ids.add(reply.path("id"));
        }
        assertEquals(1, ids.size());
        given().auth().oauth2(caller.token()).get("/api/v1/exports").then().body("items", hasSize(1));
        given().auth().oauth2(caller.token()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(Map.of("panelId", panelId, "format", "xlsx")).post("/api/v1/exports")
                .then().statusCode(422).body("type", equalTo("https://panels.io/problems/idempotency-key-reused"));
    }

    @Test
    void listsArePagedNewestFirst() {
        TestUser caller = tenant.member("viewer");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(TestExports.requestExport(caller, Map.of("panelId", panelId, "format", "json")));
        }
        Response first = given().auth().oauth2(caller.token()).queryParam("limit", 2).get("/api/v1/exports");
        first.then().statusCode(200).body("items.id", equalTo(List.of(ids.get(2), ids.get(1)))).body("nextCursor", notNullValue());
        given().auth().oauth2(caller.token()).queryParam("limit", 2).queryParam("cursor", (String) first.path("nextCursor"))
                .get("/api/v1/exports").then().statusCode(200).body("items.id", equalTo(List.of(ids.get(0))))
                .body("nextCursor", nullValue());
        given().auth().oauth2(caller.token()).queryParam("cursor", "garbage!").get("/api/v1/exports").then().statusCode(400);
        given().auth().oauth2(caller.token()).queryParam("limit", 0).get("/api/v1/exports").then().statusCode(400);
    }

    @Test
    void aFinishedJobCannotBeCancelledAndACancelledOneLeavesNoFile() {
        String id = TestExports.requestExport(owner, Map.of("panelId", panelId, "format", "csv"));
        Response done = TestExports.awaitEnd(owner, id, Duration.ofSeconds(60));
        assertEquals("completed", done.path("status"));
        given().auth().oauth2(owner.token()).post("/api/v1/exports/" + id + "/cancel").then().statusCode(409)
                .body("type", equalTo("https://panels.io/problems/conflict"));

        // Cancelled while running (data-service held unreachable, so the job cannot finish first): it ends
        // cancelled, not failed, with no file to download.
        DataServiceResource.cutLinkAfter(0);
        try {
            String cancelled = TestExports.requestExport(owner, Map.of("panelId", panelId, "format", "xlsx"));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    "running".equals(given().auth().oauth2(owner.token()).get("/api/v1/exports/" + cancelled).path("status")));
            given().auth().oauth2(owner.token()).post("/api/v1/exports/" + cancelled + "/cancel").then().statusCode(200)
                    .body("status", equalTo("cancelled"));
            Thread.sleep(5_000);
            given().auth().oauth2(owner.token()).get("/api/v1/exports/" + cancelled).then()
                    .body("status", equalTo("cancelled")).body("downloadUrl", nullValue()).body("failureReason", nullValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            DataServiceResource.restoreLink();
        }
    }

    @Test
    void aViewExportsItsVisibleColumnsFiltersAndSortsAndAPersonalViewOnlyForItsOwner() throws Exception {
        JsonNode query = new ObjectMapper().readTree("""
                {"filter": {"conditions": [{"column": "state", "op": "is", "value": "o_done"}]},
                 "sorts": [{"column": "points", "direction": "desc"}],
                 "summaries": [{"column": "points", "function": "sum"}]}""");
        UUID viewId = TestExports.createView(tenant, owner, panelId, "Done, biggest first", "personal",
                List.of(new ViewColumn("points", true, 80), new ViewColumn("title", true, 200), new ViewColumn("state", false, null)),
                query);
        post(viewer, Map.of("viewId", viewId, "format", "csv")).then().statusCode(404);

        Response accepted = post(owner, Map.of("viewId", viewId, "format", "json"));
        accepted.then().statusCode(202).body("viewId", equalTo(viewId.toString())).body("panelId", equalTo(panelId.toString()))
                .body("title", equalTo("Tasks - Done, biggest first")).body("columns", equalTo(List.of("points", "title")));
        Response done = TestExports.awaitEnd(owner, accepted.path("id"), Duration.ofSeconds(60));
        assertEquals("completed", done.path("status"), done.asString());
        JsonNode rows = new ObjectMapper().readTree(TestExports.download(done));
        assertEquals(10, rows.size());
        assertEquals(30, rows.get(0).get("points").asInt());
        assertEquals("Task 30", rows.get(0).get("title").asText());
        assertEquals(3, rows.get(9).get("points").asInt());
        assertTrue(rows.get(0).get("state") == null, "a hidden column is not exported");
    }
}
