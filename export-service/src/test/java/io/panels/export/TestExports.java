package io.panels.export;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.panels.common.ids.Ids;
import io.panels.common.testing.Keycloak.TestTenant;
import io.panels.common.testing.Keycloak.TestUser;
import io.panels.common.testing.TestKafka;
import io.panels.events.EventCatalog;
import io.panels.events.panel.ColumnDefinition;
import io.panels.events.panel.ColumnSettings;
import io.panels.events.panel.PanelCreated;
import io.panels.events.panel.SelectOption;
import io.panels.events.view.ViewColumn;
import io.panels.events.view.ViewCreated;
import io.panels.events.view.ViewDefinition;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Panels, views and rows made the way the other services make them (panel-service's and
 * view-service's events on the real topics, rows through the real data-service), and export jobs
 * through export-service's API.
 */
public final class TestExports {

    private TestExports() {
    }

    public static ColumnSettings none() {
        return new ColumnSettings(null, null, null, null, null, null, null, null, null, null);
    }

    public static ColumnSettings precision(int digits) {
        return new ColumnSettings(digits, null, null, null, null, null, null, null, null, null);
    }

    /** Options given as id, name, id, name... */
    public static ColumnSettings options(String... idsAndNames) {
        List<SelectOption> options = new ArrayList<>();
        for (int i = 0; i < idsAndNames.length; i += 2) {
            options.add(new SelectOption(idsAndNames[i], idsAndNames[i + 1], "blue"));
        }
        return new ColumnSettings(null, null, null, null, options, null, null, null, null, null);
    }

    public static ColumnDefinition column(String key, String name, String type, int position, ColumnSettings settings) {
        return new ColumnDefinition(Ids.newId(), key, name, type, position, false, false, (JsonNode) null, settings);
    }

    /**
     * Publishes panel.created and waits until data-service has built its table (a query answers)
     * and export-service's copy knows it (an export request is no longer 404; that probe is
     * cancelled at once).
     */
    public static UUID createPanel(TestTenant tenant, TestUser reader, String name, List<ColumnDefinition> columns) {
        UUID panelId = Ids.newId();
        TestKafka.publish(EventCatalog.PANEL_CREATED, tenant.id(), panelId.toString(), new PanelCreated(panelId, name, null,
                null, null, 1, columns, Instant.now(), reader.id(), null));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> given()
                .baseUri(DataServiceResource.dataServiceUrl()).auth().oauth2(reader.token()).contentType(ContentType.JSON)
                .body(Map.of("limit", 1)).post("/api/v1/panels/" + panelId + "/query").statusCode() == 200);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Response probe = given().auth().oauth2(reader.token()).contentType(ContentType.JSON)
                    .body(Map.of("panelId", panelId, "format", "csv")).post("/api/v1/exports");
            if (probe.statusCode() == 202) {
                given().auth().oauth2(reader.token()).post("/api/v1/exports/" + probe.path("id") + "/cancel");
                return true;
            }
            return false;
        });
        return panelId;
    }

    /** Publishes view.created as view-service would and waits until export-service's copy knows it. */
    public static UUID createView(TestTenant tenant, TestUser owner, UUID panelId, String name, String visibility,
                                  List<ViewColumn> columns, JsonNode query) {
        UUID viewId = Ids.newId();
        ViewDefinition view = new ViewDefinition(viewId, panelId, name, "grid", visibility, owner.id(), false, 0, columns, query,
                JsonNodeFactory.instance.objectNode(), 1);
        TestKafka.publish(EventCatalog.VIEW_CREATED, tenant.id(), panelId.toString(), new ViewCreated(view, Instant.now(), owner.id()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Response probe = given().auth().oauth2(owner.token()).contentType(ContentType.JSON)
                    .body(Map.of("viewId", viewId, "format", "csv")).post("/api/v1/exports");
            if (probe.statusCode() == 202) {
                given().auth().oauth2(owner.token()).post("/api/v1/exports/" + probe.path("id") + "/cancel");
                return true;
            }
            return false;
        });
        return viewId;
    }

    /** Creates rows through data-service's batch-create, 1,000 per request. */
    public static void createRows(TestUser editor, UUID panelId, List<Map<String, Object>> values) {
        for (int from = 0; from < values.size(); from += 1000) {
            List<Map<String, Object>> batch = values.subList(from, Math.min(values.size(), from + 1000)).stream()
                    .map(v -> Map.<String, Object>of("values", v)).toList();
            given().baseUri(DataServiceResource.dataServiceUrl()).auth().oauth2(editor.token()).contentType(ContentType.JSON)
                    .body(Map.of("rows", batch)).post("/api/v1/panels/" + panelId + "/rows/batch-create")
                    .then().statusCode(201);
        }
    }

    /** Requests an export; answers its id. */
    public static String requestExport(TestUser caller, Map<String, Object> request) {
        return given().auth().oauth2(caller.token()).contentType(ContentType.JSON).body(request)
                .when().post("/api/v1/exports").then().statusCode(202).extract().path("id");
    }

    /** Waits until the job has ended (completed, failed or cancelled) and answers its last state. */
    public static Response awaitEnd(TestUser caller, String exportId, Duration timeout) {
        Response[] last = new Response[1];
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
            last[0] = given().auth().oauth2(caller.token()).get("/api/v1/exports/" + exportId);
            String status = last[0].path("status");
            return List.of("completed", "failed", "cancelled").contains(status);
        });
        return last[0];
    }

    /** Downloads through the signed URL, with no token at all. */
    public static byte[] download(Response job) {
        String url = job.path("downloadUrl");
        return given().urlEncodingEnabled(false).when().get(url).then().statusCode(200).extract().asByteArray();
    }
}
