package io.panels.events.view;

import static io.panels.events.testing.EventSchemaAssert.assertValid;
import static io.panels.events.testing.EventSchemaAssert.violations;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.panels.events.EventCatalog;
import io.panels.events.EventJson;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The view payload records produce what their JSON Schemas promise integrators. */
class ViewEventSchemasTest {

    private final UUID panel = UUID.randomUUID();

    private ViewDefinition view(String type, String visibility, List<ViewColumn> columns) {
        ObjectNode query = JsonNodeFactory.instance.objectNode();
        query.putArray("sorts").addObject().put("column", "price").put("direction", "desc");
        ObjectNode settings = JsonNodeFactory.instance.objectNode().put("pageSize", 50);
        return new ViewDefinition(UUID.randomUUID(), panel, "Open deals", type, visibility, "user-1", false, 0,
                columns, query, settings, 1);
    }

    @Test
    void everyViewPayloadMatchesItsSchema() {
        ViewDefinition view = view("grid", "collaborative",
                List.of(new ViewColumn("price", true, 120), new ViewColumn("notes", false, null)));
        assertValid(EventCatalog.VIEW_CREATED, EventJson.write(new ViewCreated(view, Instant.now(), "user-1")));
        assertValid(EventCatalog.VIEW_UPDATED, EventJson.write(new ViewUpdated(view, Instant.now(), "view-service")));
        assertValid(EventCatalog.VIEW_DELETED, EventJson.write(new ViewDeleted(view.viewId(), panel, 3, Instant.now(), "user-1")));
    }

    @Test
    void schemasRefuseUnknownTypesVisibilitiesAndBadKeys() {
        List<ViewColumn> columns = List.of(new ViewColumn("price", true, null));
        assertFalse(violations(EventCatalog.VIEW_CREATED,
                EventJson.write(new ViewCreated(view("table", "collaborative", columns), Instant.now(), "u"))).isEmpty());
        assertFalse(violations(EventCatalog.VIEW_UPDATED,
                EventJson.write(new ViewUpdated(view("grid", "public", columns), Instant.now(), "u"))).isEmpty());
        assertFalse(violations(EventCatalog.VIEW_CREATED, EventJson.write(new ViewCreated(
                view("grid", "personal", List.of(new ViewColumn("Not A Key", true, null))), Instant.now(), "u"))).isEmpty());
    }
}
