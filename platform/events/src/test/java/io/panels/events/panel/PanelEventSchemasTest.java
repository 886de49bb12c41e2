package io.panels.events.panel;

import static io.panels.events.testing.EventSchemaAssert.assertValid;
import static io.panels.events.testing.EventSchemaAssert.violations;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.panels.events.EventCatalog;
import io.panels.events.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The panel and column payload records produce what their JSON Schemas promise integrators. */
class PanelEventSchemasTest {

    private final UUID panel = UUID.randomUUID();

    private ColumnDefinition column(String key, String type, int position, ColumnSettings settings) {
        return new ColumnDefinition(UUID.randomUUID(), key, key.toUpperCase(), type, position, false, false, null, settings);
    }

    private final ColumnSettings none = new ColumnSettings(null, null, null, null, null, null, null, null, null, null);
    private final ColumnSettings select = new ColumnSettings(null, null, null, null,
            List.of(new SelectOption("opt_1", "Open", "green")), null, null, null, null, null);
    private final ColumnSettings formula = new ColumnSettings(null, null, null, null, null, null, "{price} * 2", "number",
            List.of("price"), true);

    @Test
    void everyPanelAndColumnPayloadMatchesItsSchema() {
        ColumnDefinition price = new ColumnDefinition(UUID.randomUUID(), "price", "Price", "currency", 0, true, false,
                JsonNodeFactory.instance.numberNode(10), new ColumnSettings(2, "EUR", null, null, null, null, null, null, null, null));
        ColumnDefinition stage = column("stage", "single_select", 1, select);
        ColumnDefinition doubled = column("doubled", "formula", 2, formula);
        assertValid(EventCatalog.PANEL_CREATED, EventJson.write(new PanelCreated(panel, "Deals", null, "cart", "#336699", 1,
                List.of(price, stage, doubled), Instant.now(), "user-1", null)));
        assertValid(EventCatalog.PANEL_UPDATED, EventJson.write(new PanelUpdated(panel, "Deals 2", "d", null, null, 2)));
        assertValid(EventCatalog.PANEL_ARCHIVED, EventJson.write(new PanelArchived(panel, 3)));
        assertValid(EventCatalog.PANEL_RESTORED, EventJson.write(new PanelRestored(panel, 4)));
        assertValid(EventCatalog.PANEL_DELETED, EventJson.write(new PanelDeleted(panel, 4, "tenant_deleted")));
        assertValid(EventCatalog.PANEL_DUPLICATED, EventJson.write(new PanelDuplicated(UUID.randomUUID(), panel, true,
                List.of(new PanelDuplicated.ColumnMapping(price.id(), UUID.randomUUID(), "price")))));
        assertValid(EventCatalog.COLUMN_ADDED, EventJson.write(new ColumnAdded(panel, 5, column("notes", "long_text", 3, none),
                List.of("price", "stage", "doubled", "notes"))));
        assertValid(EventCatalog.COLUMN_UPDATED, EventJson.write(new ColumnUpdated(panel, 6, column("stage", "text", 1, none), stage,
                new ColumnConversion("single_select", "text", "lossless", "format_text", "Each value becomes its option name.",
                        null, true))));
        assertValid(EventCatalog.COLUMN_UPDATED, EventJson.write(new ColumnUpdated(panel, 6, doubled, doubled, null)));
        assertValid(EventCatalog.COLUMN_DELETED, EventJson.write(new ColumnDeleted(panel, 7, stage, List.of("price"))));
        assertValid(EventCatalog.COLUMN_REORDERED, EventJson.write(new ColumnsReordered(panel, 8, List.of(price, doubled))));
    }

    @Test
    void schemasRefuseUnknownTypesAndBadKeys() {
        byte[] badType = EventJson.write(new ColumnAdded(panel, 2, column("a", "teapot", 0, none), List.of("a")));
        assertFalse(violations(EventCatalog.COLUMN_ADDED, badType).isEmpty());
        byte[] badKey = EventJson.write(new ColumnAdded(panel, 2, column("Not A Key", "text", 0, none), List.of("x")));
        assertFalse(violations(EventCatalog.COLUMN_ADDED, badKey).isEmpty());
        byte[] noVersion = ("{\"panelId\":\"" + panel + "\"}").getBytes(StandardCharsets.UTF_8);
        assertFalse(violations(EventCatalog.PANEL_ARCHIVED, noVersion).isEmpty());
    }
}
