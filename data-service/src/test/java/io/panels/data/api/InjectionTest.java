package io.panels.data.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.panels.data.TestApi;
import io.panels.data.TestPanels;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every caller string that reaches SQL — filter values, search words, column keys in filters,
 * sorts, groups, summaries and field lists, CSV headers and values, import mappings — is either a
 * bound parameter or checked against the panel's registry, so an injection attempt is just data
 * or a 400, and the schema is untouched.
 */
@QuarkusTest
class InjectionTest {

    private static final String ATTACK = "x'); DROP TABLE data.panel_table; --";
    private static final String QUOTED_KEY = "name\\\"); DROP TABLE data.panel_table; --";

    @Inject
    Pool pool;

    @Test
    void injectionAttemptsAreDataOrRefused() {
        TestApi api = TestApi.newTenant();
        UUID panelId = TestPanels.createPanel(pool, api.tenant.id(), TestPanels.standardColumns());
        String query = "/api/v1/panels/" + panelId + "/query";
        String imports = "/api/v1/panels/" + panelId + "/imports";

        // CSV values (quotes, backslashes, tabs, COPY's own escapes) are stored literally; an attacking header is ignored.
        String value = ATTACK + " \\N \\\\ \t tab";
        String file = "name,email,\"name\"\"); DROP TABLE data.panel_table; --\"\n\"" + value.replace("\"", "\"\"") + "\",a@example.com,1\n";
        String id = given().auth().oauth2(api.editor).contentType("text/csv").body(file).post(imports).then().statusCode(202)
                .extract().path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "completed".equals(api.asViewer().get(imports + "/" + id).then()
                .extract().path("status")));
        given().auth().oauth2(api.editor).contentType("text/csv").queryParam("mapping", "{\"a\": \"" + QUOTED_KEY + "\"}").body("a\n1\n").post(imports).then().statusCode(400);

        api.asViewer().body("{\"query\": {\"filter\": {\"conditions\": [{\"column\": \"name\", \"op\": \"eq\", \"value\": \""
                        + value.replace("\\", "\\\\").replace("\t", "\\t") + "\"}]}}, \"count\": \"exact\"}")
                .post(query).then().statusCode(200).body("count.value", equalTo(1)).body("rows[0].values.name", equalTo(value));
        api.asViewer().body("{\"query\": {\"filter\": {\"conditions\": [{\"column\": \"name\", \"op\": \"contains\", \"value\": \"%'\"}]}},"
                + " \"count\": \"exact\"}").post(query).then().statusCode(200).body("count.value", equalTo(0));
        api.asViewer().body("{\"query\": {\"search\": \"" + ATTACK + "\"}, \"count\": \"exact\"}").post(query).then().statusCode(200)
                .body("count.value", equalTo(1));

        for (String body : List.of(
                "{\"query\": {\"filter\": {\"conditions\": [{\"column\": \"" + QUOTED_KEY + "\", \"op\": \"eq\", \"value\": 1}]}}}",
                "{\"query\": {\"sorts\": [{\"column\": \"" + QUOTED_KEY + "\"}]}}",
                "{\"query\": {\"groupBy\": [{\"column\": \"" + QUOTED_KEY + "\"}]}}",
                "{\"query\": {\"summaries\": [{\"column\": \"" + QUOTED_KEY + "\", \"function\": \"sum\"}]}}",
                "{\"columns\": [\"" + QUOTED_KEY + "\"]}")) {
            api.asViewer().body(body).post(query).then().statusCode(400).contentType("application/problem+json");
        }
        api.asViewer().queryParam("query", "{\"sorts\": [{\"column\": \"" + QUOTED_KEY + "\"}]}")
                .get("/api/v1/panels/" + panelId + "/rows").then().statusCode(400);
        api.asEditor().body("{\"values\": {\"" + QUOTED_KEY + "\": 1}}").post("/api/v1/panels/" + panelId + "/rows").then()
                .statusCode(400).body("errors.field", hasItem("values.name\"); DROP TABLE data.panel_table; --"));

        // The schema is intact: the registry still answers and the row is there once.
        api.asViewer().body("{\"count\": \"exact\"}").post(query).then().statusCode(200).body("count.value", equalTo(1));
    }
}
