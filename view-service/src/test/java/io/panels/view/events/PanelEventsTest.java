package io.panels.view.events;

import static io.panels.events.testing.EventSchemaAssert.assertValid;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.common.testing.TestKafka;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.panel.ColumnAdded;
import io.panels.events.panel.ColumnDefinition;
import io.panels.events.panel.ColumnDeleted;
import io.panels.events.panel.ColumnUpdated;
import io.panels.events.panel.PanelDeleted;
import io.panels.events.view.ViewCreated;
import io.panels.events.view.ViewUpdated;
import io.panels.view.DataServiceProcess;
import io.panels.view.TestApi;
import io.panels.view.TestPanels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** panel.* and column.* events keep views consistent, and every change is a view.* event on panels.views. */
@QuarkusTest
@QuarkusTestResource(DataServiceProcess.class)
class PanelEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    TestApi api;
    UUID panelId;
    List<ColumnDefinition> columns = TestPanels.standardColumns();

    @BeforeEach
    void panel() {
        api = TestApi.newTenant();
        panelId = TestPanels.createPanel(api.tenant.id(), api.editorUser.id(), columns, api.viewer, null);
    }

    private ColumnDefinition column(String key) {
        return columns.stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
    }

    private String viewUsingSecretAndPrice() {
        return api.asEditor().body("""
                {"panelId": "%s", "name": "Uses secret",
                 "query": {"filter": {"conjunction": "and", "conditions": [
                             {"column": "price", "op": "gt", "value": 10},
                             {"conjunction": "or", "conditions": [{"column": "secret", "op": "contains", "value": "x"}]}]},
                           "sorts": [{"column": "secret"}, {"column": "price", "direction": "desc"}],
                           "groupBy": [{"column": "secret"}],
                           "summaries": [{"column": "secret", "function": "filled"}, {"column": "price", "function": "sum"}]},
                 "settings": {"colourRules": [{"filter": {"conditions": [{"column": "secret", "op": "is_empty"}]}, "colour": "#ff0000"},
                                              {"filter": {"conditions": [{"column": "price", "op": "gt", "value": 100}]}, "colour": "#00ff00"}]}}
                """.formatted(panelId)).post("/api/v1/views").then().statusCode(201).extract().path("id");
    }

    @Test
    void aNewPanelGetsACollaborativeDefaultGridViewAndItsEvent() {
        String id = api.asViewer().queryParam("panelId", panelId).get("/api/v1/views").then().statusCode(200)
                .body("views", hasSize(1))
                .body("views[0].name", equalTo("Grid view"))
                .body("views[0].type", equalTo("grid"))
                .body("views[0].visibility", equalTo("collaborative"))
                .body("views[0].ownerId", equalTo(api.editorUser.id()))
                .body("views[0].columns.key", contains("name", "price", "status", "due", "secret", "notes"))
                .body("views[0].columns.visible", not(org.hamcrest.Matchers.hasItem(false)))
                .extract().path("views[0].id");
        EventEnvelope event = TestKafka.read(EventCatalog.VIEW_CREATED.topic(),
                e -> e.type().equals("view.created") && e.subject().equals(id), found -> !found.isEmpty(), WAIT).getFirst();
        assertValid(EventCatalog.VIEW_CREATED, event);
        assertEquals(panelId.toString(), event.key());
        assertEquals(api.tenant.id(), event.tenantId());
        ViewCreated created = EventJson.read(event, EventCatalog.VIEW_CREATED);
        assertEquals(api.editorUser.id(), created.by());
        assertEquals(6, created.view().columns().size());
    }

    @Test
    void aDeletedColumnLeavesEveryPartOfTheViewsThatUsedIt() {
        String id = viewUsingSecretAndPrice();
        TestKafka.publish(EventCatalog.COLUMN_DELETED, api.tenant.id(), panelId.toString(),
                new ColumnDeleted(panelId, 2, column("secret"), List.of("name", "price", "status", "due", "notes")));
        await().atMost(WAIT).until(() -> api.asViewer().get("/api/v1/views/" + id).<Integer>path("version") == 2);
        api.asViewer().get("/api/v1/views/" + id).then()
                .body("columns.key", contains("name", "price", "status", "due", "notes"))
                .body("query.filter.conjunction", equalTo("and"))
                .body("query.filter.conditions", hasSize(1))
                .body("query.filter.conditions[0].column", equalTo("price"))
                .body("query.sorts.column", contains("price"))
                .body("query.groupBy", nullValue())
                .body("query.summaries.column", contains("price"))
                .body("settings.colourRules", hasSize(1))
                .body("settings.colourRules[0].colour", equalTo("#00ff00"));

        EventEnvelope event = TestKafka.read(EventCatalog.VIEW_UPDATED.topic(),
                e -> e.type().equals("view.updated") && e.subject().equals(id), found -> !found.isEmpty(), WAIT).getFirst();
        assertValid(EventCatalog.VIEW_UPDATED, event);
        ViewUpdated updated = EventJson.read(event, EventCatalog.VIEW_UPDATED);
        assertEquals(ViewEvents.SYSTEM_ACTOR, updated.by());
        assertEquals(2, updated.view().version());

        // The default grid view lost the column too; a replay of the event changes nothing more.
        TestKafka.publish(EventCatalog.COLUMN_DELETED, api.tenant.id(), panelId.toString(),
                new ColumnDeleted(panelId, 2, column("secret"), List.of("name", "price", "status", "due", "notes")));
        api.asViewer().queryParam("panelId", panelId).get("/api/v1/views").then()
                .body("views[0].columns.key", not(org.hamcrest.Matchers.hasItem("secret")));
        api.asViewer().get("/api/v1/views/" + id).then().body("version", equalTo(2));
    }

    @Test
    void aTypeChangeDropsTheConditionsItInvalidatesAndANewColumnJoinsGridViews() {
        String id = viewUsingSecretAndPrice();
        ColumnDefinition priceAsText = new ColumnDefinition(column("price").id(), "price", "Price", "text", 1, false, false, null,
                TestPanels.none());
        TestKafka.publish(EventCatalog.COLUMN_UPDATED, api.tenant.id(), panelId.toString(),
                new ColumnUpdated(panelId, 2, priceAsText, column("price"), null));
        await().atMost(WAIT).until(() -> api.asViewer().get("/api/v1/views/" + id).<Integer>path("version") == 2);
        api.asViewer().get("/api/v1/views/" + id).then()
                .body("query.filter.conditions", hasSize(1))
                .body("query.filter.conditions[0].conjunction", equalTo("or"))
                .body("query.sorts.column", contains("secret", "price"))
                .body("query.summaries.column", contains("secret"))
                .body("settings.colourRules", hasSize(1));

        TestKafka.publish(EventCatalog.COLUMN_ADDED, api.tenant.id(), panelId.toString(), new ColumnAdded(panelId, 3,
                TestPanels.column("extra", "number", 6, TestPanels.none()),
                List.of("name", "price", "status", "due", "secret", "notes", "extra")));
        await().atMost(WAIT).until(() -> api.asViewer().get("/api/v1/views/" + id).<Integer>path("version") == 3);
        api.asViewer().get("/api/v1/views/" + id).then().body("columns[6].key", equalTo("extra"))
                .body("columns[6].visible", equalTo(true));
        api.asEditor().body("{\"query\": {\"sorts\": [{\"column\": \"extra\"}]}}").patch("/api/v1/views/" + id).then().statusCode(200);
    }

    @Test
    void aDeletedPanelDeletesItsViews() {
        String id = viewUsingSecretAndPrice();
        TestKafka.publish(EventCatalog.PANEL_DELETED, api.tenant.id(), panelId.toString(), new PanelDeleted(panelId, 2, "deleted"));
        await().atMost(WAIT).until(() -> api.asViewer().get("/api/v1/views/" + id).statusCode() == 404);
        api.asViewer().queryParam("panelId", panelId).get("/api/v1/views").then().statusCode(404);
        List<EventEnvelope> deleted = TestKafka.read(EventCatalog.VIEW_DELETED.topic(),
                e -> e.type().equals("view.deleted") && e.key().equals(panelId.toString()), found -> found.size() == 2, WAIT);
        deleted.forEach(event -> assertValid(EventCatalog.VIEW_DELETED, event));
        api.asEditor().body("{\"panelId\": \"%s\", \"name\": \"Too late\"}".formatted(panelId)).post("/api/v1/views")
                .then().statusCode(404);
    }

    @Test
    void aPanelDuplicatedWithViewsGetsCopiesOfItsCollaborativeViewsOnce() {
        String filtered = viewUsingSecretAndPrice();
        api.asViewer().body("{\"panelId\": \"%s\", \"name\": \"Mine\", \"visibility\": \"personal\"}".formatted(panelId))
                .post("/api/v1/views").then().statusCode(201);

        UUID copyId = duplicate(true);
        // Until view-service has read the copy's panel.created the list is a 404 problem (no "views").
        await().atMost(WAIT).until(() -> List.of("Grid view", "Uses secret").equals(api.asViewer().queryParam("panelId", copyId)
                .get("/api/v1/views").<List<String>>path("views.name")));
        List<String> ids = api.asViewer().queryParam("panelId", copyId).get("/api/v1/views").then()
                .body("views.panelId", org.hamcrest.Matchers.everyItem(equalTo(copyId.toString())))
                .body("views.visibility", org.hamcrest.Matchers.everyItem(equalTo("collaborative")))
                .body("views[1].query.filter.conditions", hasSize(2))
                .body("views[1].query.sorts.column", contains("secret", "price"))
                .body("views[1].settings.colourRules", hasSize(2))
                .body("views[1].columns.key", contains("name", "price", "status", "due", "secret", "notes"))
                .extract().path("views.id");
        org.junit.jupiter.api.Assertions.assertFalse(ids.contains(filtered), "a copy has an id of its own");
        // The copies are views of the copy: they can be changed there without touching the source.
        api.asEditor().body("{\"name\": \"Renamed copy\"}").patch("/api/v1/views/" + ids.get(1)).then().statusCode(200);
        api.asViewer().get("/api/v1/views/" + filtered).then().body("name", equalTo("Uses secret"));

        List<EventEnvelope> created = TestKafka.read(EventCatalog.VIEW_CREATED.topic(),
                e -> e.type().equals("view.created") && e.key().equals(copyId.toString()), found -> found.size() >= 3, WAIT);
        created.forEach(event -> assertValid(EventCatalog.VIEW_CREATED, event));
        List<EventEnvelope> deleted = TestKafka.read(EventCatalog.VIEW_DELETED.topic(),
                e -> e.type().equals("view.deleted") && e.key().equals(copyId.toString()), found -> !found.isEmpty(), WAIT);
        assertEquals(1, deleted.size(), "the copy's own default view made way for the copies");

        // The event again (a redelivery with a new id, as a producer retry would make): nothing more.
        TestKafka.publish(EventCatalog.PANEL_DUPLICATED, api.tenant.id(), copyId.toString(), duplicatedEvent(copyId, true));
        TestKafka.publish(EventCatalog.COLUMN_ADDED, api.tenant.id(), copyId.toString(), new ColumnAdded(copyId, 2,
                TestPanels.column("extra", "number", 6, TestPanels.none()),
                List.of("name", "price", "status", "due", "secret", "notes", "extra")));
        await().atMost(WAIT).until(() -> api.asViewer().queryParam("panelId", copyId).get("/api/v1/views")
                .<List<Integer>>path("views.collect { it.columns.size() }").stream().allMatch(n -> n == 7));
        api.asViewer().queryParam("panelId", copyId).get("/api/v1/views").then()
                .body("views.name", contains("Grid view", "Renamed copy"));
    }

    @Test
    void aPanelDuplicatedWithoutViewsKeepsItsDefaultView() {
        viewUsingSecretAndPrice();
        UUID copyId = duplicate(false);
        await().atMost(WAIT).until(() -> api.asViewer().queryParam("panelId", copyId).get("/api/v1/views").statusCode() == 200);
        await().atMost(WAIT).until(() -> List.of("Grid view").equals(api.asViewer().queryParam("panelId", copyId)
                .get("/api/v1/views").<List<String>>path("views.name")));
        api.asViewer().queryParam("panelId", copyId).get("/api/v1/views").then()
                .body("views[0].ownerId", equalTo(api.editorUser.id()));
    }

    /** panel.created of a copy of the test's panel, then its panel.duplicated, as panel-service publishes them. */
    private UUID duplicate(boolean withViews) {
        UUID copyId = io.panels.common.ids.Ids.newId();
        TestKafka.publish(EventCatalog.PANEL_CREATED, api.tenant.id(), copyId.toString(), new io.panels.events.panel.PanelCreated(
                copyId, "Panel (copy)", null, null, null, 1, copyColumns, java.time.Instant.now(), api.editorUser.id(), panelId));
        TestKafka.publish(EventCatalog.PANEL_DUPLICATED, api.tenant.id(), copyId.toString(), duplicatedEvent(copyId, withViews));
        return copyId;
    }

    private final List<ColumnDefinition> copyColumns = columns.stream()
            .map(c -> new ColumnDefinition(io.panels.common.ids.Ids.newId(), c.key(), c.name(), c.type(), c.position(), c.required(),
                    c.unique(), c.defaultValue(), c.settings()))
            .toList();

    private io.panels.events.panel.PanelDuplicated duplicatedEvent(UUID copyId, boolean withViews) {
        return new io.panels.events.panel.PanelDuplicated(copyId, panelId, withViews, copyColumns.stream()
                .map(c -> new io.panels.events.panel.PanelDuplicated.ColumnMapping(column(c.key()).id(), c.id(), c.key()))
                .toList());
    }
}
