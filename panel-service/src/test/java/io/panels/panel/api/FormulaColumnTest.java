package io.panels.panel.api;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.Topics;
import io.panels.events.panel.ColumnUpdated;
import io.panels.events.panel.PanelCreated;
import io.panels.events.testing.EventSchemaAssert;
import io.panels.panel.TestApi;
import io.panels.common.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Formula columns are checked with platform/formula when saved; columns they read are protected. */
@QuarkusTest
class FormulaColumnTest {

    static final String ORDER = """
            {"name":"Order lines","columns":[
             {"name":"Price","type":"currency","settings":{"currency":"EUR"}},
             {"name":"Qty","type":"number"},
             {"name":"Total","type":"formula","settings":{"formula":"{Price} * {Qty}"}},
             {"name":"Same qty","type":"formula","settings":{"formula":"{Qty}"}},
             {"name":"Label","type":"formula","settings":{"formula":"{Total} & \\" EUR\\""}}]}""";

    @Test
    void formulasAreTypedStoredByKeyAndShownByName() {
        TestApi api = TestApi.newTenant(false);
        Response panel = api.createPanel(ORDER);
        String panelId = panel.path("id");
        panel.then().body("columns[2].settings.formula", equalTo("{Price} * {Qty}"))
                .body("columns[2].settings.resultType", equalTo("number"))
                .body("columns[2].settings.referencedKeys", contains("price", "qty"))
                .body("columns[2].settings.immutable", equalTo(true))
                .body("columns[4].settings.resultType", equalTo("text"));

        String priceId = panel.<List<String>>path("columns.id").get(0);
        api.asAdmin().header("If-Match", "\"1\"").body("{\"name\":\"Unit price\",\"type\":\"currency\",\"settings\":{\"currency\":\"EUR\"}}")
                .put("/api/v1/panels/" + panelId + "/columns/" + priceId).then().statusCode(200);
        api.getPanel(panelId).then().body("columns[2].settings.formula", equalTo("{Unit price} * {Qty}"));

        List<EventEnvelope> events = TestKafka.read(Topics.PANELS, e -> panelId.equals(e.key()), found -> !found.isEmpty(),
                Duration.ofSeconds(60));
        EventSchemaAssert.assertValid(EventCatalog.PANEL_CREATED, events.get(0));
        PanelCreated created = EventJson.read(events.get(0), EventCatalog.PANEL_CREATED);
        assertEquals("{price} * {qty}", created.columns().get(2).settings().formula());
        assertEquals("number", created.columns().get(2).settings().resultType());
        assertEquals(List.of("price", "qty"), created.columns().get(2).settings().referencedKeys());
    }

    @Test
    void formulaErrorsComeBackWithTheirPosition() {
        TestApi api = TestApi.newTenant(false);
        api.asAdmin().body("""
                {"name":"Broken","columns":[{"name":"A","type":"number"},
                 {"name":"B","type":"formula","settings":{"formula":"{A} + {Nope}"}}]}""")
                .post("/api/v1/panels").then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://panels.io/problems/formula-invalid"))
                .body("errors.field", contains("columns[1].settings.formula"))
                .body("errors[0].message", containsString("at characters 6 to 12"))
                .body("detail", containsString("Nope"));
        api.asAdmin().body("""
                {"name":"Loop","columns":[{"name":"A","type":"formula","settings":{"formula":"{B} + 1"}},
                 {"name":"B","type":"formula","settings":{"formula":"{A} + 1"}}]}""")
                .post("/api/v1/panels").then().statusCode(400).body("detail", containsString("Circular"));

        String panelId = api.createPanel("{\"name\":\"Ok\",\"columns\":[{\"name\":\"A\",\"type\":\"number\"}]}").path("id");
        api.asAdmin().body("{\"name\":\"F\",\"type\":\"formula\",\"settings\":{\"formula\":\"{A} *\"}}")
                .post("/api/v1/panels/" + panelId + "/columns").then().statusCode(400)
                .body("errors.field", contains("settings.formula"));
        api.getPanel(panelId).then().body("columns", hasSize(1)).body("version", equalTo(1));
        api.asAdmin().get("/api/v1/panels").then().body("items", hasSize(1));
    }

    @Test
    void columnsThatFormulasReadAreProtectedUnlessTheChangeCascades() {
        TestApi api = TestApi.newTenant(false);
        Response panel = api.createPanel(ORDER);
        String panelId = panel.path("id");
        List<String> ids = panel.path("columns.id");
        String qty = "/api/v1/panels/" + panelId + "/columns/" + ids.get(1);

        api.asAdmin().delete(qty).then().statusCode(409)
                .body("type", equalTo("https://panels.io/problems/column-has-dependants"))
                .body("errors.message", contains(containsString("Total"), containsString("Same qty"), containsString("Label")));
        api.asAdmin().header("If-Match", "\"1\"").queryParam("confirmLoss", true).body("{\"name\":\"Qty\",\"type\":\"text\"}")
                .put(qty).then().statusCode(409).body("type", equalTo("https://panels.io/problems/column-has-dependants"));
        // cascading would break {Price} * {Qty}: refused with the formula's error
        api.asAdmin().header("If-Match", "\"1\"").queryParam("confirmLoss", true).queryParam("cascade", true)
                .body("{\"name\":\"Qty\",\"type\":\"text\"}").put(qty).then().statusCode(400)
                .body("type", equalTo("https://panels.io/problems/formula-invalid"))
                .body("errors[0].field", equalTo("dependants[total].settings.formula"));
        // renaming changes nothing downstream: no cascade needed
        api.asAdmin().header("If-Match", "\"1\"").body("{\"name\":\"Quantity\",\"type\":\"number\",\"settings\":{\"precision\":0}}")
                .put(qty).then().statusCode(200);

        api.asAdmin().queryParam("cascade", true).delete(qty).then().statusCode(204);
        api.getPanel(panelId).then().body("columns.name", contains("Price"));
    }

    @Test
    void aCascadedTypeChangeRetypesTheFormulasReadingTheColumn() {
        TestApi api = TestApi.newTenant(false);
        Response panel = api.createPanel("""
                {"name":"Retype","columns":[{"name":"Qty","type":"number"},
                 {"name":"Echo","type":"formula","settings":{"formula":"{Qty}"}}]}""");
        String panelId = panel.path("id");
        String qtyId = panel.<List<String>>path("columns.id").get(0);
        api.asAdmin().header("If-Match", "\"1\"").queryParam("confirmLoss", true).queryParam("cascade", true)
                .body("{\"name\":\"Qty\",\"type\":\"date\"}").put("/api/v1/panels/" + panelId + "/columns/" + qtyId)
                .then().statusCode(200);
        api.getPanel(panelId).then().body("columns[1].settings.resultType", equalTo("date"));

        List<EventEnvelope> updates = TestKafka.read(Topics.PANELS,
                e -> panelId.equals(e.key()) && e.type().equals(EventCatalog.COLUMN_UPDATED.name()),
                found -> found.size() >= 2, Duration.ofSeconds(60));
        updates.forEach(e -> EventSchemaAssert.assertValid(EventCatalog.COLUMN_UPDATED, e));
        ColumnUpdated qty = EventJson.read(updates.get(0), EventCatalog.COLUMN_UPDATED);
        ColumnUpdated echo = EventJson.read(updates.get(1), EventCatalog.COLUMN_UPDATED);
        assertEquals("clear", qty.conversion().rule());
        assertEquals("echo", echo.column().key());
        assertEquals("number", echo.previous().settings().resultType());
        assertEquals("date", echo.column().settings().resultType());
        assertEquals(null, echo.conversion());
        assertEquals(UUID.fromString(panelId), echo.panelId());
    }
}
