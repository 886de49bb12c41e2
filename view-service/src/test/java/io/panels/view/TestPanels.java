package io.panels.view;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.common.ids.Ids;
import io.panels.common.testing.TestKafka;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.panel.ColumnDefinition;
import io.panels.events.panel.ColumnSettings;
import io.panels.events.panel.PanelCreated;
import io.panels.events.panel.SelectOption;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;

/** Panels made the way panel-service makes them: by publishing its events on the real topic. */
public final class TestPanels {

    private TestPanels() {
    }

    public static ColumnSettings none() {
        return new ColumnSettings(null, null, null, null, null, null, null, null, null, null);
    }

    public static ColumnSettings options(String... ids) {
        return new ColumnSettings(null, null, null, null,
                java.util.Arrays.stream(ids).map(id -> new SelectOption(id, "Option " + id, "blue")).toList(),
                null, null, null, null, null);
    }

    public static ColumnDefinition column(String key, String type, int position, ColumnSettings settings) {
        return new ColumnDefinition(Ids.newId(), key, "Column " + key, type, position, false, false, (JsonNode) null, settings);
    }

    /** name (text), price (number), status (single select), due (date), secret (text), notes (long text). */
    public static List<ColumnDefinition> standardColumns() {
        return List.of(
                column("name", "text", 0, none()),
                column("price", "number", 1, new ColumnSettings(2, null, null, null, null, null, null, null, null, null)),
                column("status", "single_select", 2, options("todo", "doing", "done")),
                column("due", "date", 3, none()),
                column("secret", "text", 4, none()),
                column("notes", "long_text", 5, none()));
    }

    /**
     * Publishes panel.created (created by {@code createdBy}) and waits until view-service made the
     * default view, and, when {@code dataToken} is given, until data-service made the table. The
     * test consumers start at the latest offset, so an event published before they joined is
     * published again (a replay changes nothing for a consumer that saw the first).
     */
    public static UUID createPanel(UUID tenantId, String createdBy, List<ColumnDefinition> columns, String viewerToken,
                                   String dataToken) {
        UUID panelId = Ids.newId();
        PanelCreated created = new PanelCreated(panelId, "Panel", null, null, null, 1, columns, Instant.now(), createdBy, null);
        EventEnvelope event = TestKafka.envelope(EventCatalog.PANEL_CREATED, tenantId, panelId.toString(), created);
        BooleanSupplier ready = () -> hasViews(panelId, viewerToken) && (dataToken == null || dataHasPanel(panelId, dataToken));
        for (int attempt = 0; attempt < 8; attempt++) {
            TestKafka.publish(EventCatalog.PANEL_CREATED.topic(), attempt == 0 ? event
                    : TestKafka.envelope(EventCatalog.PANEL_CREATED, tenantId, panelId.toString(), created));
            try {
                await().atMost(Duration.ofSeconds(attempt == 0 ? 10 : 5)).pollInterval(Duration.ofMillis(100))
                        .until(ready::getAsBoolean);
                return panelId;
            } catch (ConditionTimeoutException e) {
                // not yet consumed: a consumer joined after the event; publish it again
            }
        }
        throw new AssertionError("panel " + panelId + " never reached view-service and data-service");
    }

    private static boolean hasViews(UUID panelId, String token) {
        return given().auth().oauth2(token).queryParam("panelId", panelId).get("/api/v1/views").statusCode() == 200;
    }

    private static boolean dataHasPanel(UUID panelId, String token) {
        return given().baseUri(DataServiceProcess.process().url().toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"count\": \"none\", \"limit\": 1}").post("/api/v1/panels/" + panelId + "/query").statusCode() == 200;
    }

    /** Rows through data-service's rows API with a real token; answers their ids. */
    public static List<String> insertRows(UUID panelId, String editorToken, String rowsJson) {
        return given().baseUri(DataServiceProcess.process().url().toString()).auth().oauth2(editorToken)
                .contentType(ContentType.JSON).body("{\"rows\": " + rowsJson + "}")
                .post("/api/v1/panels/" + panelId + "/rows/batch-create").then().statusCode(201).extract().path("rows.id");
    }
}
