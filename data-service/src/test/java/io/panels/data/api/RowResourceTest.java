package io.panels.data.api;

import io.panels.common.testing.Concurrently;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.data.TestApi;
import io.panels.common.testing.TestKafka;
import io.panels.data.TestPanels;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.Topics;
import io.panels.events.testing.EventSchemaAssert;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rows API with real Keycloak tokens against the panel table built from real panel events. */
@QuarkusTest
class RowResourceTest {

    /** The shared topic is read from its beginning, and the benchmarks put hundreds of thousands of events on it. */
    private static final Duration KAFKA_READ = Duration.ofSeconds(120);

    private static final String VALID = """
            {"values": {"name": "Widget", "price": 12.345, "qty": 3, "done": true, "due": "2024-03-01",
             "status": "todo", "tags": ["red", "green"], "email": "%s", "site": "https://example.com/a",
             "meta": {"a": [1, 2]}}}""";

    @Inject
    Pool pool;

    TestApi api;
    UUID panelId;
    String rows;

    @BeforeEach
    void panel() {
        api = TestApi.newTenant();
        panelId = TestPanels.createPanel(pool, api.tenant.id(), TestPanels.standardColumns());
        rows = "/api/v1/panels/" + panelId + "/rows";
    }

    private static String valid() {
        return VALID.formatted("w-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
    }

    @Test
    void createReadUpdateAndDeleteARowWithItsHistoryAndEvents() {
        Response created = api.asEditor().body(valid()).post(rows).then().statusCode(201)
                .header("ETag", "\"1\"").extract().response();
        String rowId = created.path("id");
        assertEquals(rows + "/" + rowId, java.net.URI.create(created.header("Location")).getPath());
        created.then().body("version", equalTo(1))
                .body("values.name", equalTo("Widget"))
                .body("values.price", equalTo(12.35f))
                .body("values.total", equalTo(37.05f))
                .body("values.tags", containsInAnyOrder("red", "green"))
                .body("values.meta.a", hasItems(1, 2))
                .body("values.due", equalTo("2024-03-01"))
                .body("values.age", equalTo((int) java.time.temporal.ChronoUnit.DAYS.between(LocalDate.of(2024, 3, 1),
                        LocalDate.now(java.time.ZoneOffset.UTC))))
                .body("values.number", notNullValue())
                .body("values.created", notNullValue())
                .body("createdBy", notNullValue());

        api.asViewer().get(rows + "/" + rowId).then().statusCode(200).header("ETag", "\"1\"").body("values.qty", equalTo(3));

        api.asEditor().header("If-Match", "\"1\"").body("{\"values\": {\"qty\": 4, \"status\": null}}")
                .patch(rows + "/" + rowId).then().statusCode(200).header("ETag", "\"2\"")
                .body("values.qty", equalTo(4)).body("values.status", nullValue()).body("values.total", equalTo(49.4f));

        api.asEditor().header("If-Match", "\"2\"").delete(rows + "/" + rowId).then().statusCode(204);
        api.asViewer().get(rows + "/" + rowId).then().statusCode(404).contentType("application/problem+json");

        api.asViewer().get(rows + "/" + rowId + "/history").then().statusCode(200)
                .body("entries.action", equalTo(List.of("deleted", "updated", "created")))
                .body("entries[1].changes.qty.old", equalTo(3)).body("entries[1].changes.qty.new", equalTo(4))
                .body("entries[1].changes.status.old", equalTo("todo"));

        List<EventEnvelope> events = TestKafka.read(Topics.ROWS, e -> rowId.equals(e.subject()), got -> got.size() >= 3,
                KAFKA_READ);
        assertEquals(List.of("row.created", "row.updated", "row.deleted"), events.stream().map(EventEnvelope::type).toList());
        events.forEach(e -> assertEquals(panelId.toString(), e.key()));
        EventSchemaAssert.assertValid(EventCatalog.ROW_CREATED, events.get(0));
        EventSchemaAssert.assertValid(EventCatalog.ROW_UPDATED, events.get(1));
        EventSchemaAssert.assertValid(EventCatalog.ROW_DELETED, events.get(2));
        assertThat(events.get(1).dataAsString(), org.hamcrest.Matchers.containsString("\"previous\":{\"qty\":3,\"status\":\"todo\"}"));
    }

    @Test
    void invalidValuesAreRefusedWithTheirColumnKeysAndNothingIsWritten() {
        api.asEditor().body("""
                        {"values": {"price": "cheap", "status": "nope", "email": "not-an-email", "site": "ftp://x",
                         "tags": ["blue"], "due": "2024-02-30", "zzz": 1, "total": 3, "qty": true}}""")
                .post(rows).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("values.name", "values.price", "values.status", "values.email", "values.site",
                        "values.tags", "values.due", "values.zzz", "values.total", "values.qty"));

        api.asEditor().body("{\"rows\": [" + valid() + ", {\"values\": {\"name\": \"B\", \"price\": \"x\"}}, "
                        + "{\"values\": {\"price\": 1}}]}")
                .post(rows + "/batch-create").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("rows[1].values.price", "rows[2].values.name"));

        api.asViewer().body("{\"count\": \"exact\"}").post("/api/v1/panels/" + panelId + "/query").then().statusCode(200)
                .body("count.value", equalTo(0)).body("count.exact", equalTo(true));
    }

    @Test
    void batchesWriteAllRowsInOneTransactionOrNone() {
        Response created = api.asEditor().body("{\"rows\": [" + valid() + ", " + valid() + ", " + valid() + "]}")
                .post(rows + "/batch-create").then().statusCode(201).body("rows", hasSize(3)).extract().response();
        List<String> ids = created.path("rows.id");

        api.asEditor().body("{\"rows\": [{\"id\": \"" + ids.get(0) + "\", \"version\": 1, \"values\": {\"qty\": 10}},"
                        + " {\"id\": \"" + ids.get(1) + "\", \"values\": {\"name\": \"Renamed\"}}]}")
                .post(rows + "/batch-update").then().statusCode(200)
                .body("rows.version", equalTo(List.of(2, 2))).body("rows[0].values.qty", equalTo(10));

        // A stale version in a batch fails all of it.
        api.asEditor().body("{\"rows\": [{\"id\": \"" + ids.get(2) + "\", \"values\": {\"qty\": 7}},"
                        + " {\"id\": \"" + ids.get(0) + "\", \"version\": 1, \"values\": {\"qty\": 11}}]}")
                .post(rows + "/batch-update").then().statusCode(412).body("errors[0].field", equalTo("rows[1].version"));
        api.asViewer().get(rows + "/" + ids.get(2)).then().body("values.qty", equalTo(3)).body("version", equalTo(1));

        // A missing row in a batch delete deletes nothing.
        String missing = UUID.randomUUID().toString();
        api.asEditor().body("{\"rows\": [{\"id\": \"" + ids.get(2) + "\"}, {\"id\": \"" + missing + "\"}]}")
                .post(rows + "/batch-delete").then().statusCode(404).body("errors[0].field", equalTo("rows[1].id"));
        api.asEditor().body("{\"rows\": [{\"id\": \"" + ids.get(2) + "\"}, {\"id\": \"" + ids.get(1) + "\"}]}")
                .post(rows + "/batch-delete").then().statusCode(200).body("deleted", hasSize(2));
        api.asViewer().body("{\"count\": \"exact\"}").post("/api/v1/panels/" + panelId + "/query").then()
                .body("count.value", equalTo(1));

        api.asEditor().body("{\"rows\": []}").post(rows + "/batch-create").then().statusCode(400);
    }

    @Test
    void uniqueColumnsRefuseATakenValue() {
        String first = valid();
        api.asEditor().body(first).post(rows).then().statusCode(201);
        api.asEditor().body(first.replace("Widget", "Other")).post(rows).then().statusCode(409)
                .contentType("application/problem+json").body("errors[0].field", equalTo("values.email"));
        String twin = valid();
        api.asEditor().body("{\"rows\": [" + valid() + ", " + twin + ", " + twin + "]}").post(rows + "/batch-create")
                .then().statusCode(409).body("errors[0].field", equalTo("rows[2].values.email"));
        api.asViewer().body("{\"count\": \"exact\"}").post("/api/v1/panels/" + panelId + "/query").then()
                .body("count.value", equalTo(1));
    }

    @Test
    void rolesTenantsAndMissingRows() {
        String rowId = api.asEditor().body(valid()).post(rows).then().statusCode(201).extract().path("id");
        api.asViewer().body(valid()).post(rows).then().statusCode(403);
        api.asViewer().body("{\"values\": {\"qty\": 1}}").patch(rows + "/" + rowId).then().statusCode(403);

        TestApi other = TestApi.newTenant();
        other.asEditor().get(rows + "/" + rowId).then().statusCode(404);
        other.asEditor().body("{\"values\": {\"qty\": 1}}").patch(rows + "/" + rowId).then().statusCode(404);
        other.asEditor().delete(rows + "/" + rowId).then().statusCode(404);
        other.asEditor().body(valid()).post(rows).then().statusCode(404);
        other.asEditor().body("{}").post("/api/v1/panels/" + panelId + "/query").then().statusCode(404);
        api.asViewer().get(rows + "/" + rowId).then().statusCode(200).body("values.qty", equalTo(3));

        api.asViewer().get(rows + "/" + UUID.randomUUID()).then().statusCode(404);
        api.asViewer().get("/api/v1/panels/" + UUID.randomUUID() + "/rows/" + rowId).then().statusCode(404);
        api.asEditor().header("If-Match", "\"9\"").body("{\"values\": {\"qty\": 1}}").patch(rows + "/" + rowId)
                .then().statusCode(412).body("type", org.hamcrest.Matchers.endsWith("stale-version"));
    }

    @Test
    void anArchivedPanelIsReadOnlyUntilRestored() {
        String rowId = api.asEditor().body(valid()).post(rows).then().statusCode(201).extract().path("id");
        TestKafka.publish(EventCatalog.PANEL_ARCHIVED, api.tenant.id(), panelId.toString(),
                new io.panels.events.panel.PanelArchived(panelId, 2));
        TestPanels.awaitStatus(pool, api.tenant.id(), panelId, "archived");
        api.asEditor().body(valid()).post(rows).then().statusCode(409).body("type", org.hamcrest.Matchers.endsWith("panel-archived"));
        api.asEditor().delete(rows + "/" + rowId).then().statusCode(409);
        api.asViewer().get(rows + "/" + rowId).then().statusCode(200);

        TestKafka.publish(EventCatalog.PANEL_RESTORED, api.tenant.id(), panelId.toString(),
                new io.panels.events.panel.PanelRestored(panelId, 3));
        TestPanels.awaitStatus(pool, api.tenant.id(), panelId, "active");
        api.asEditor().body(valid()).post(rows).then().statusCode(201);
    }

    @Test
    void twoUpdatesOfTheSameVersionCannotBothWin() throws Exception {
        String rowId = api.asEditor().body(valid()).post(rows).then().statusCode(201).extract().path("id");
        List<Integer> statuses = Concurrently.run(2, i -> api.asEditor().header("If-Match", "\"1\"")
                .body("{\"values\": {\"qty\": " + (20 + i) + "}}").patch(rows + "/" + rowId).statusCode());
        assertThat(statuses, containsInAnyOrder(200, 412));
        api.asViewer().get(rows + "/" + rowId).then().body("version", equalTo(2));
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstReply() {
        String body = valid();
        String key = "create-" + UUID.randomUUID();
        String first = api.asEditor().header("Idempotency-Key", key).body(body).post(rows).then().statusCode(201)
                .extract().path("id");
        api.asEditor().header("Idempotency-Key", key).body(body).post(rows).then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first));
        api.asEditor().header("Idempotency-Key", key).body(valid()).post(rows).then().statusCode(422);
        api.asViewer().body("{\"count\": \"exact\"}").post("/api/v1/panels/" + panelId + "/query").then()
                .body("count.value", equalTo(1));
    }

    @Test
    void aRowIsRestoredToAnEarlierVersionAsANewVersion() {
        String rowId = api.asEditor().body(valid()).post(rows).then().statusCode(201).extract().path("id");
        String row = rows + "/" + rowId;
        api.asEditor().body("{\"values\": {\"qty\": 4, \"name\": \"Second\"}}").patch(row).then().statusCode(200);
        api.asEditor().body("{\"values\": {\"qty\": 5, \"status\": \"done\"}}").patch(row).then().statusCode(200);

        api.asEditor().header("If-Match", "\"2\"").body("{\"version\": 1}").post(row + "/restore").then().statusCode(412)
                .contentType("application/problem+json");
        api.asEditor().body("{\"version\": 9}").post(row + "/restore").then().statusCode(404).contentType("application/problem+json");
        api.asEditor().body("{\"version\": 0}").post(row + "/restore").then().statusCode(400);
        api.asViewer().body("{\"version\": 1}").post(row + "/restore").then().statusCode(403);
        TestApi.newTenant().asEditor().body("{\"version\": 1}").post(row + "/restore").then().statusCode(404);
        api.asViewer().get(row).then().body("version", equalTo(3));

        api.asEditor().header("If-Match", "\"3\"").body("{\"version\": 1}").post(row + "/restore").then().statusCode(200)
                .header("ETag", "\"4\"").body("version", equalTo(4)).body("values.qty", equalTo(3))
                .body("values.name", equalTo("Widget")).body("values.status", equalTo("todo")).body("values.total", equalTo(37.05f));
        api.asViewer().get(row + "/history").then().body("entries[0].action", equalTo("restored"))
                .body("entries[0].version", equalTo(4)).body("entries[0].changes.qty.old", equalTo(5))
                .body("entries[0].changes.qty.new", equalTo(3)).body("entries[0].changes.name.new", equalTo("Widget"));

        List<EventEnvelope> events = TestKafka.read(Topics.ROWS, e -> rowId.equals(e.subject()),
                got -> got.stream().anyMatch(e -> e.dataAsString().contains("\"version\":4")), KAFKA_READ);
        EventEnvelope restored = events.getLast();
        assertEquals("row.updated", restored.type());
        EventSchemaAssert.assertValid(EventCatalog.ROW_UPDATED, restored);

        api.asEditor().delete(row).then().statusCode(204);
        api.asEditor().body("{\"version\": 2}").post(row + "/restore").then().statusCode(404)
                .body("detail", org.hamcrest.Matchers.containsString("deleted row cannot be restored"));
    }
}
