package io.panels.view.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.panels.view.DataServiceProcess;
import io.panels.view.TestApi;
import io.panels.view.TestPanels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Share links: managed by editors, opened without a token, and never showing a hidden column:
 * not in rows, not through a filter, sort or search, not in group headers or summaries.
 */
@QuarkusTest
@QuarkusTestResource(DataServiceProcess.class)
class ShareResourceTest {

    /** Every hidden value of the panel starts with this: no public reply may contain it. */
    static final String HIDDEN = "hush-";

    TestApi api;
    UUID panelId;
    String viewId;

    @BeforeEach
    void viewWithHiddenColumns() {
        api = TestApi.newTenant();
        panelId = TestPanels.createPanel(api.tenant.id(), api.editorUser.id(), TestPanels.standardColumns(), api.viewer, api.editor);
        TestPanels.insertRows(panelId, api.editor, ViewRowsResourceTest.rows(12));
        // secret, due and notes are hidden; the view itself groups by and summarises hidden columns.
        viewId = api.asEditor().body("""
                {"panelId": "%s", "name": "Public list",
                 "columns": [{"key": "name", "visible": true}, {"key": "price", "visible": true}],
                 "query": {"sorts": [{"column": "price"}], "groupBy": [{"column": "secret"}],
                           "summaries": [{"column": "secret", "function": "unique"}, {"column": "price", "function": "max"}]}}"""
                .formatted(panelId)).post("/api/v1/views").then().statusCode(201).extract().path("id");
    }

    private String share(String body) {
        return api.asEditor().body(body).post("/api/v1/views/" + viewId + "/shares").then().statusCode(201).extract().path("token");
    }

    private static RequestSpecification visitor() {
        return given();
    }

    private static Response publicRows(String token, String name, String value) {
        Response response = visitor().queryParam(name, value).get("/api/v1/public/shares/" + token + "/rows");
        assertFalse(response.asString().contains(HIDDEN), "a public reply showed a hidden value: " + response.asString());
        return response;
    }

    @Test
    void aShareShowsOnlyVisibleColumnsAndNeverAHiddenValue() {
        String token = share("{}");
        assertEquals(43, token.length());
        Response meta = visitor().get("/api/v1/public/shares/" + token);
        meta.then().statusCode(200).body("name", equalTo("Public list")).body("columns.key", contains("name", "price"));
        assertFalse(meta.asString().contains("secret"));

        Response page = publicRows(token, "limit", "100");
        page.then().statusCode(200)
                .body("columns.key", contains("name", "price"))
                .body("rows", hasSize(12))
                .body("rows[0].values.keySet()", contains("name", "price"))
                .body("groups", hasSize(0))
                .body("summaries.column", contains("price"))
                .body("summaries[0].value", equalTo(12));
        // The members' render of the same view has the hidden group and summary: hiding is for the public only.
        api.asViewer().get("/api/v1/views/" + viewId + "/rows").then().statusCode(200)
                .body("summaries.column", contains("secret", "price")).body("groups", hasSize(12));

        publicRows(token, "filter", "{\"conditions\": [{\"column\": \"secret\", \"op\": \"eq\", \"value\": \"hush-3\"}]}")
                .then().statusCode(400).body("errors.field", hasItem("filter.conditions[0].column"));
        publicRows(token, "filter", "{\"conditions\": [{\"column\": \"secret\", \"op\": \"is_empty\"}]}").then().statusCode(400);
        publicRows(token, "filter", "{\"conditions\": [{\"column\": \"_created_by\", \"op\": \"eq\", \"value\": \"x\"}]}")
                .then().statusCode(400);
        publicRows(token, "sorts", "[{\"column\": \"secret\"}]").then().statusCode(400).body("errors.field", hasItem("sorts[0].column"));
        publicRows(token, "sorts", "[{\"column\": \"due\", \"direction\": \"desc\"}]").then().statusCode(400);
        // The search looks into visible text columns only: a hidden value finds nothing.
        publicRows(token, "search", "hush").then().statusCode(200).body("rows", hasSize(0));
        publicRows(token, "search", "note").then().statusCode(200).body("rows", hasSize(0));
        publicRows(token, "search", "row 1").then().statusCode(200).body("rows.values.name",
                contains("Row 1", "Row 10", "Row 11", "Row 12"));
        publicRows(token, "filter", "{\"conditions\": [{\"column\": \"price\", \"op\": \"gte\", \"value\": 11}]}")
                .then().statusCode(200).body("rows.values.price", contains(11, 12));
        publicRows(token, "sorts", "[{\"column\": \"price\", \"direction\": \"desc\"}]").then().statusCode(200)
                .body("rows[0].values.price", equalTo(12));
    }

    @Test
    void editorsManageLinksAndRevokedOrExpiredLinksStopWorking() {
        api.asViewer().body("{}").post("/api/v1/views/" + viewId + "/shares").then().statusCode(403);
        api.asViewer().get("/api/v1/views/" + viewId + "/shares").then().statusCode(403);
        api.asEditor().body("{\"expiresAt\": \"2020-01-01T00:00:00Z\", \"password\": \"short\"}")
                .post("/api/v1/views/" + viewId + "/shares").then().statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("expiresAt", "password"));

        String token = share("{}");
        // Long enough to be read once on a loaded machine, short enough to see it expire.
        String expiring = share("{\"expiresAt\": \"" + Instant.now().plusSeconds(10) + "\"}");
        visitor().get("/api/v1/public/shares/" + expiring).then().statusCode(200);
        Response list = api.asEditor().get("/api/v1/views/" + viewId + "/shares");
        list.then().statusCode(200).body("shares", hasSize(2)).body("shares.token", contains(nullValue(), nullValue()))
                .body("shares.status", contains("active", "active"));
        assertFalse(list.asString().contains(token));
        String shareId = list.path("shares[1].id");

        api.asEditor().delete("/api/v1/views/" + viewId + "/shares/" + shareId).then().statusCode(204);
        visitor().get("/api/v1/public/shares/" + token).then().statusCode(404)
                .body("type", equalTo("https://panels.io/problems/not-found"));
        visitor().get("/api/v1/public/shares/" + token + "/rows").then().statusCode(404);
        api.asEditor().get("/api/v1/views/" + viewId + "/shares").then().body("shares.status", hasItem("revoked"));

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> visitor().get("/api/v1/public/shares/" + expiring).statusCode() == 404);
        visitor().get("/api/v1/public/shares/" + "A".repeat(43)).then().statusCode(404);
        visitor().get("/api/v1/public/shares/short").then().statusCode(404);
    }

    @Test
    void aPasswordProtectedLinkNeedsItsPassword() {
        String token = share("{\"password\": \"correct horse\"}");
        visitor().get("/api/v1/public/shares/" + token).then().statusCode(401)
                .body("type", equalTo("https://panels.io/problems/share-password-required"));
        visitor().header("Panels-Share-Password", "wrong password").get("/api/v1/public/shares/" + token + "/rows")
                .then().statusCode(401);
        visitor().header("Panels-Share-Password", "correct horse").get("/api/v1/public/shares/" + token + "/rows")
                .then().statusCode(200).body("rows", hasSize(12));
        api.asEditor().get("/api/v1/views/" + viewId + "/shares").then().body("shares[0].passwordProtected", equalTo(true))
                .body(not(org.hamcrest.Matchers.containsString("correct horse")));
    }

    @Test
    void anotherTenantCannotManageTheLinksAndPersonalViewsCannotBeShared() {
        TestApi other = TestApi.newTenant();
        other.asEditor().body("{}").post("/api/v1/views/" + viewId + "/shares").then().statusCode(404);
        other.asEditor().get("/api/v1/views/" + viewId + "/shares").then().statusCode(404);
        String shareId = api.asEditor().body("{}").post("/api/v1/views/" + viewId + "/shares").then().statusCode(201)
                .extract().path("id");
        other.asEditor().delete("/api/v1/views/" + viewId + "/shares/" + shareId).then().statusCode(404);
        api.asEditor().delete("/api/v1/views/" + viewId + "/shares/" + UUID.randomUUID()).then().statusCode(404);

        String personal = api.asEditor().body("{\"panelId\": \"%s\", \"name\": \"Mine\", \"visibility\": \"personal\"}"
                .formatted(panelId)).post("/api/v1/views").then().statusCode(201).extract().path("id");
        api.asEditor().body("{}").post("/api/v1/views/" + personal + "/shares").then().statusCode(409);
    }
}
