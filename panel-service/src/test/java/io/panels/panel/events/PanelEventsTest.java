package io.panels.panel.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.EventType;
import io.panels.events.Topics;
import io.panels.events.panel.ColumnAdded;
import io.panels.events.panel.ColumnDeleted;
import io.panels.events.panel.ColumnUpdated;
import io.panels.events.panel.ColumnsReordered;
import io.panels.events.panel.PanelCreated;
import io.panels.events.panel.PanelDeleted;
import io.panels.events.panel.PanelDuplicated;
import io.panels.events.testing.EventSchemaAssert;
import io.panels.panel.TestApi;
import io.panels.common.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every schema change reaches the real panels.panels topic, in order, with full column definitions. */
@QuarkusTest
class PanelEventsTest {

    @Test
    void everyChangeIsPublishedWithFullDefinitionsKeyedByPanel() {
        TestApi api = TestApi.newTenant(false);
        String panelId = api.createPanel("""
                {"name":"Deals","columns":[{"name":"Title","type":"text","required":true},
                 {"name":"Amount","type":"text"},
                 {"name":"Stage","type":"single_select","settings":{"options":[{"id":"won","name":"Won","colour":"green"}]}}]}""")
                .path("id");
        String columns = "/api/v1/panels/" + panelId + "/columns";
        List<String> ids = api.getPanel(panelId).path("columns.id");

        api.asAdmin().header("If-Match", "\"1\"").body("{\"name\":\"Deals 2026\"}").put("/api/v1/panels/" + panelId).then().statusCode(200);
        api.asAdmin().body("{\"name\":\"Closed on\",\"type\":\"datetime\",\"settings\":{\"timeZone\":\"Europe/Berlin\"}}")
                .post(columns).then().statusCode(201);
        api.asAdmin().header("If-Match", "\"3\"").queryParam("confirmLoss", true)
                .body("{\"name\":\"Amount\",\"type\":\"currency\",\"settings\":{\"currency\":\"EUR\"}}")
                .put(columns + "/" + ids.get(1)).then().statusCode(200);
        api.asAdmin().header("If-Match", "\"4\"").body("{\"columnIds\":[\"" + ids.get(2) + "\",\"" + ids.get(0) + "\",\""
                + ids.get(1) + "\",\"" + api.getPanel(panelId).<List<String>>path("columns.id").get(3) + "\"]}")
                .put(columns + "/order").then().statusCode(200);
        api.asAdmin().delete(columns + "/" + ids.get(2)).then().statusCode(204);
        api.asAdmin().post("/api/v1/panels/" + panelId + "/archive").then().statusCode(200);
        api.asAdmin().post("/api/v1/panels/" + panelId + "/restore").then().statusCode(200);
        String copyId = api.asAdmin().body("{\"withViews\":true}").post("/api/v1/panels/" + panelId + "/duplicate")
                .then().statusCode(201).extract().path("id");
        api.asAdmin().delete("/api/v1/panels/" + panelId).then().statusCode(204);

        List<EventType<?>> expected = List.of(EventCatalog.PANEL_CREATED, EventCatalog.PANEL_UPDATED, EventCatalog.COLUMN_ADDED,
                EventCatalog.COLUMN_UPDATED, EventCatalog.COLUMN_REORDERED, EventCatalog.COLUMN_DELETED,
                EventCatalog.PANEL_ARCHIVED, EventCatalog.PANEL_RESTORED, EventCatalog.PANEL_DELETED);
        UUID tenantId = api.tenant.id();
        List<EventEnvelope> ours = TestKafka.read(Topics.PANELS, event -> event.tenantId().equals(tenantId),
                events -> events.size() >= expected.size() + 2, Duration.ofSeconds(60));

        List<EventEnvelope> source = ours.stream().filter(e -> panelId.equals(e.key())).toList();
        assertEquals(expected.stream().map(EventType::name).toList(), source.stream().map(EventEnvelope::type).toList());
        for (int i = 0; i < expected.size(); i++) {
            @SuppressWarnings("unchecked")
            EventType<Object> type = (EventType<Object>) expected.get(i);
            EventSchemaAssert.assertValid(type, source.get(i));
            assertEquals("/panels/panel-service", source.get(i).source());
        }

        PanelCreated created = EventJson.read(source.get(0), EventCatalog.PANEL_CREATED);
        assertEquals(List.of("title", "amount", "stage"), created.columns().stream().map(c -> c.key()).toList());
        assertTrue(created.columns().get(0).required());
        assertEquals("won", created.columns().get(2).settings().options().get(0).id());
        assertEquals(1, created.version());

        ColumnAdded added = EventJson.read(source.get(2), EventCatalog.COLUMN_ADDED);
        assertEquals("Europe/Berlin", added.column().settings().timeZone());
        assertEquals(List.of("title", "amount", "stage", "closed_on"), added.columnOrder());
        assertEquals(3, added.version());

        ColumnUpdated updated = EventJson.read(source.get(3), EventCatalog.COLUMN_UPDATED);
        assertEquals("text", updated.previous().type());
        assertEquals("currency", updated.column().type());
        assertEquals("amount", updated.column().key());
        assertEquals("lossy", updated.conversion().mode());
        assertEquals("parse_currency", updated.conversion().rule());
        assertTrue(updated.conversion().confirmed());
        assertEquals(ids.get(1), updated.column().id().toString());

        ColumnsReordered reordered = EventJson.read(source.get(4), EventCatalog.COLUMN_REORDERED);
        assertEquals(List.of("stage", "title", "amount", "closed_on"), reordered.columns().stream().map(c -> c.key()).toList());
        assertEquals(List.of(0, 1, 2, 3), reordered.columns().stream().map(c -> c.position()).toList());

        ColumnDeleted deleted = EventJson.read(source.get(5), EventCatalog.COLUMN_DELETED);
        assertEquals("stage", deleted.column().key());
        assertEquals(List.of("title", "amount", "closed_on"), deleted.columnOrder());
        assertEquals(ids.get(2), source.get(5).subject());

        PanelDeleted gone = EventJson.read(source.get(8), EventCatalog.PANEL_DELETED);
        assertEquals("deleted", gone.reason());
        List<Long> versions = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 8L);
        assertEquals(versions, source.stream().map(e -> versionOf(e)).toList());

        List<EventEnvelope> copy = ours.stream().filter(e -> copyId.equals(e.key())).toList();
        assertEquals(List.of("panel.created", "panel.duplicated"), copy.stream().map(EventEnvelope::type).toList());
        EventSchemaAssert.assertValid(EventCatalog.PANEL_CREATED, copy.get(0));
        EventSchemaAssert.assertValid(EventCatalog.PANEL_DUPLICATED, copy.get(1));
        PanelCreated copyCreated = EventJson.read(copy.get(0), EventCatalog.PANEL_CREATED);
        assertEquals(UUID.fromString(panelId), copyCreated.duplicatedFrom());
        assertEquals(List.of("title", "amount", "closed_on"), copyCreated.columns().stream().map(c -> c.key()).toList());
        PanelDuplicated duplicated = EventJson.read(copy.get(1), EventCatalog.PANEL_DUPLICATED);
        assertTrue(duplicated.withViews());
        assertEquals(UUID.fromString(panelId), duplicated.sourcePanelId());
        assertEquals(ids.get(0), duplicated.columns().get(0).sourceColumnId().toString());
        assertFalse(duplicated.columns().get(0).columnId().toString().equals(ids.get(0)));
        assertNull(copyCreated.description());
    }

    private static long versionOf(EventEnvelope event) {
        return EventJson.read(event.data(), VersionOnly.class).version();
    }

    record VersionOnly(long version) {
    }
}
