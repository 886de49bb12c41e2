package io.panels.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import io.panels.common.testing.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Saved views through the gateway: an editor builds a panel (panel-service) and its rows
 * (data-service), creates a filtered, sorted, grouped view with a summary and renders it
 * (view-service through data-service); the owner deletes a column the view filters, sorts and
 * groups on, and the view renders again without it.
 *
 * <p>view-service needs data-service's address and the gateway needs view-service's, so this
 * journey starts its own view-service and gateway in front of the suite's other services.
 */
@ExtendWith(Suite.class)
class ViewJourneyTest {

    @Test
    void aViewIsBuiltRenderedAndSurvivesTheDeletionOfAColumnItUses() throws Exception {
        URI data = Suite.url("data-service");
        // Its own consumer group from the latest offset: this journey needs only the panel it creates.
        try (ServiceProcess views = ServiceProcess.start("view-service", Map.of(
                     "QUARKUS_REST_CLIENT_DATA_SERVICE_URL", data.toString(),
                     "MP_MESSAGING_INCOMING_PANELS_PANELS_GROUP_ID", "view-service-e2e-" + UUID.randomUUID(),
                     "MP_MESSAGING_INCOMING_PANELS_PANELS_AUTO_OFFSET_RESET", "latest"));
             ServiceProcess gateway = ServiceProcess.start("gateway", Map.of(
                     "PANELS_AUTH_SERVICE_URL", Suite.url("auth-service").toString(),
                     "PANELS_PANEL_SERVICE_URL", Suite.url("panel-service").toString(),
                     "PANELS_DATA_SERVICE_URL", data.toString(),
                     "PANELS_VIEW_SERVICE_URL", views.url().toString()))) {
            URI api = gateway.url();
            StaffedTenant tenant = StaffedTenant.create(api);
            String owner = tenant.token("owner");
            String editor = tenant.token("editor");

            Map<String, Object> panel = call(api, owner).body("""
                            {"name": "Deals", "columns": [
                              {"name": "Customer", "type": "text"},
                              {"name": "Amount", "type": "number"},
                              {"name": "Stage", "type": "single_select",
                               "settings": {"options": [{"name": "Lead"}, {"name": "Won"}]}},
                              {"name": "Region", "type": "text"}]}""")
                    .post("/api/v1/panels").then().statusCode(201).extract().path("");
            String panelId = (String) panel.get("id");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> columns = (List<Map<String, Object>>) panel.get("columns");
            @SuppressWarnings("unchecked")
            List<String> options = ((List<Map<String, Object>>) ((Map<String, Object>) columns.get(2).get("settings"))
                    .get("options")).stream().map(o -> (String) o.get("id")).toList();
            String regionColumnId = (String) columns.get(3).get("id");

            List<Map<String, Object>> rows = new ArrayList<>();
            for (int i = 1; i <= 12; i++) {
                rows.add(Map.of("values", Map.of("customer", "Customer " + i, "amount", i * 100,
                        "stage", options.get(i % 2), "region", i % 3 == 0 ? "North" : "South")));
            }
            Awaitility.await("the panel's table, built from its event").atMost(Duration.ofSeconds(60))
                    .until(() -> call(api, editor).body(Map.of("rows", rows)).post("/api/v1/panels/" + panelId + "/rows/batch-create"),
                            reply -> reply.statusCode() == 201);

            // The default grid view exists; the editor adds a filtered, sorted, grouped view.
            Awaitility.await("the default view, from panel.created").atMost(Duration.ofSeconds(60))
                    .until(() -> call(api, editor).queryParam("panelId", panelId).get("/api/v1/views").statusCode() == 200);
            String viewId = call(api, editor).body("""
                            {"panelId": "%s", "name": "Southern deals by stage",
                             "columns": [{"key": "customer", "visible": true}, {"key": "amount", "visible": true},
                                         {"key": "stage", "visible": true}],
                             "query": {"filter": {"conditions": [{"column": "region", "op": "eq", "value": "South"},
                                                                 {"column": "amount", "op": "gte", "value": 300}]},
                                       "sorts": [{"column": "region"}, {"column": "amount", "direction": "desc"}],
                                       "groupBy": [{"column": "stage"}],
                                       "summaries": [{"column": "amount", "function": "sum"}]}}""".formatted(panelId))
                    .post("/api/v1/views").then().statusCode(201).extract().path("id");

            // South and >= 300: 4, 5, 7, 8, 10, 11 (x 100).
            call(api, tenant.token("viewer")).get("/api/v1/views/" + viewId + "/rows").then().statusCode(200)
                    .body("columns.key", contains("customer", "amount", "stage"))
                    .body("rows.values.amount", contains(1100, 1000, 800, 700, 500, 400))
                    .body("count.value", equalTo(6))
                    .body("groups", hasSize(2))
                    .body("summaries[0].value", equalTo(4500));

            // The owner deletes the region column: the view loses its condition and sort on it.
            call(api, owner).delete("/api/v1/panels/" + panelId + "/columns/" + regionColumnId).then().statusCode(204);
            Awaitility.await("the view repaired from column.deleted").atMost(Duration.ofSeconds(60))
                    .until(() -> call(api, editor).get("/api/v1/views/" + viewId).<Integer>path("version") == 2);
            call(api, editor).get("/api/v1/views/" + viewId).then()
                    .body("query.filter.conditions.column", contains("amount"))
                    .body("query.sorts.column", contains("amount"))
                    .body("columns.key", not(hasItem("region")));
            // Rendered again: every row with amount >= 300, whatever its region was.
            call(api, editor).get("/api/v1/views/" + viewId + "/rows").then().statusCode(200)
                    .body("count.value", equalTo(10))
                    .body("rows[0].values.amount", equalTo(1200))
                    .body("summaries[0].value", equalTo(7500));
        }
    }

    private static RequestSpecification call(URI api, String token) {
        return given().baseUri(api.toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString());
    }
}
