package io.panels.data.api;

import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.common.testing.Concurrently;
import io.panels.common.testing.TestKafka;
import io.panels.data.TestApi;
import io.panels.data.TestPanels;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.Topics;
import io.panels.events.panel.ColumnAdded;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The single-row write path of ADR 0042: a panel's schema cached per replica and re-checked by the
 * insert itself. "Another replica" is played by changing the registry and the table in SQL, as that
 * replica's schema consumer would, behind this process's cache.
 */
@QuarkusTest
class RowWritePathTest {

    private static final Duration KAFKA_READ = Duration.ofSeconds(120);

    @Inject
    Pool pool;

    TestApi api;
    UUID panelId;
    String rows;

    @BeforeEach
    void panel() {
        api = TestApi.newTenant();
        panelId = TestPanels.createPanel(pool, api.tenant.id(), List.of(
                TestPanels.column("name", "text", 0, TestPanels.settings()),
                TestPanels.column("code", "text", 1, false, true, TestPanels.settings()),
                TestPanels.column("mail", "email", 2, false, true, TestPanels.settings()),
                TestPanels.column("qty", "number", 3, TestPanels.precision(0)),
                TestPanels.column("note", "text", 4, TestPanels.settings()),
                TestPanels.column("double", "formula", 5, TestPanels.formula("{qty} * 2", "number", true, "qty"))));
        rows = "/api/v1/panels/" + panelId + "/rows";
    }

    @Test
    void aCreatedRowComesBackWithItsFormulasItsHistoryAndItsEvent() {
        String rowId = api.asEditor().body("{\"values\": {\"name\": \"A\", \"qty\": 4}}").post(rows).then().statusCode(201)
                .body("version", equalTo(1)).body("values.double", equalTo(8)).body("values.code", nullValue())
                .extract().path("id");
        String createdAt = api.asViewer().get(rows + "/" + rowId).then().statusCode(200).body("values.double", equalTo(8))
                .extract().path("createdAt");
        api.asViewer().get(rows + "/" + rowId + "/history").then().statusCode(200).body("entries", hasSize(1))
                .body("entries[0].action", equalTo("created")).body("entries[0].version", equalTo(1))
                .body("entries[0].changedAt", equalTo(createdAt)).body("entries[0].changes.qty.new", equalTo(4));

        List<EventEnvelope> events = TestKafka.read(Topics.ROWS, e -> rowId.equals(e.subject()), got -> !got.isEmpty(), KAFKA_READ);
        assertEquals(1, events.size());
        assertEquals("row.created", events.getFirst().type());
        io.panels.events.testing.EventSchemaAssert.assertValid(EventCatalog.ROW_CREATED, events.getFirst());
        assertThat(events.getFirst().dataAsString(), org.hamcrest.Matchers.containsString("\"createdAt\":\"" + createdAt + "\""));
    }

    @Test
    void aRowWrittenWithAStaleCachedSchemaIsWrittenAgainWithTheCurrentOne() {
        api.asEditor().body("{\"values\": {\"name\": \"warms the cache\", \"note\": \"n\"}}").post(rows).then().statusCode(201);

        // Another replica applies column.deleted for "note": the column is gone, the registry one version on.
        inTenant(tx -> tx.preparedQuery("select sql_name from panel_column where panel_id = $1 and key = 'note'").execute(Tuple.of(panelId))
                .chain(found -> tx.query("ALTER TABLE data." + TestPanels.table(panelId) + " DROP COLUMN "
                        + found.iterator().next().getString("sql_name")).execute())
                .chain(() -> tx.preparedQuery("delete from panel_column where panel_id = $1 and key = 'note'").execute(Tuple.of(panelId)))
                .chain(() -> tx.preparedQuery("update panel_table set version = version + 1 where panel_id = $1").execute(Tuple.of(panelId))));

        String rowId = api.asEditor().body("{\"values\": {\"name\": \"after\", \"qty\": 2}}").post(rows).then().statusCode(201)
                .body("values.double", equalTo(4)).body("values.note", nullValue()).extract().path("id");
        api.asEditor().body("{\"values\": {\"name\": \"x\", \"note\": \"n\"}}").post(rows).then().statusCode(400)
                .body("errors.field", containsInAnyOrder("values.note"));
        api.asViewer().get(rows + "/" + rowId + "/history").then().body("entries", hasSize(1));
        api.asViewer().body("{\"count\": \"exact\"}").post("/api/v1/panels/" + panelId + "/query").then().statusCode(200)
                .body("count.value", equalTo(2));
    }

    @Test
    void aPanelArchivedByAnotherReplicaRefusesWritesAtOnce() {
        api.asEditor().body("{\"values\": {\"name\": \"warms the cache\"}}").post(rows).then().statusCode(201);
        inTenant(tx -> tx.preparedQuery("update panel_table set status = 'archived', version = version + 1 where panel_id = $1")
                .execute(Tuple.of(panelId)));

        api.asEditor().body("{\"values\": {\"name\": \"refused\"}}").post(rows).then().statusCode(409)
                .contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith("panel-archived"));
        api.asViewer().body("{\"count\": \"exact\"}").post("/api/v1/panels/" + panelId + "/query").then().statusCode(200)
                .body("count.value", equalTo(1));
    }

    @Test
    void aColumnAddedThroughItsEventIsWritableAtOnce() {
        api.asEditor().body("{\"values\": {\"name\": \"warms the cache\"}}").post(rows).then().statusCode(201);
        TestKafka.publish(EventCatalog.COLUMN_ADDED, api.tenant.id(), panelId.toString(), new ColumnAdded(panelId, 2,
                TestPanels.column("extra", "number", 6, TestPanels.precision(1)),
                List.of("name", "code", "mail", "qty", "note", "double", "extra")));
        TestPanels.awaitVersion(pool, api.tenant.id(), panelId, 2);
        api.asEditor().body("{\"values\": {\"name\": \"B\", \"extra\": 1.26}}").post(rows).then().statusCode(201)
                .body("values.extra", equalTo(1.3f));
    }

    @Test
    void aCachedSchemaServesOnlyItsOwnTenant() {
        api.asEditor().body("{\"values\": {\"name\": \"warms the cache\"}}").post(rows).then().statusCode(201);
        TestApi other = TestApi.newTenant();
        other.asEditor().body("{\"values\": {\"name\": \"intruder\"}}").post(rows).then().statusCode(404)
                .contentType("application/problem+json");
        other.asEditor().body("{\"rows\": [{\"values\": {\"name\": \"intruder\"}}]}").post(rows + "/batch-create").then().statusCode(404);
        api.asViewer().body("{\"count\": \"exact\"}").post("/api/v1/panels/" + panelId + "/query").then().statusCode(200)
                .body("count.value", equalTo(1));
    }

    @Test
    void everyTakenUniqueValueOfARowIsNamed() {
        api.asEditor().body("{\"values\": {\"name\": \"A\", \"code\": \"c-1\", \"mail\": \"a@example.com\"}}").post(rows).then().statusCode(201);
        api.asEditor().body("{\"values\": {\"name\": \"B\", \"code\": \"c-1\", \"mail\": \"a@example.com\"}}").post(rows).then()
                .statusCode(409).contentType("application/problem+json").body("type", org.hamcrest.Matchers.endsWith("unique-violation"))
                .body("errors.field", containsInAnyOrder("values.code", "values.mail"));
        api.asEditor().body("{\"values\": {\"name\": \"C\", \"code\": \"c-1\"}}").post(rows).then().statusCode(409)
                .body("errors.field", containsInAnyOrder("values.code"));
        api.asViewer().body("{\"count\": \"exact\"}").post("/api/v1/panels/" + panelId + "/query").then().statusCode(200)
                .body("count.value", equalTo(1));
    }

    @Test
    void twoRowsRacingForOneUniqueValueCannotBothWin() throws Exception {
        for (int round = 0; round < 3; round++) {
            String code = "race-" + round;
            List<Integer> statuses = Concurrently.run(4, i -> api.asEditor()
                    .body("{\"values\": {\"name\": \"R" + i + "\", \"code\": \"" + code + "\"}}").post(rows).statusCode());
            assertThat(statuses, containsInAnyOrder(201, 409, 409, 409));
        }
        api.asViewer().body("{\"count\": \"exact\"}").post("/api/v1/panels/" + panelId + "/query").then().statusCode(200)
                .body("count.value", equalTo(3));
    }

    @Test
    void aReplayedKeyAnswersTheFirstReplyEvenWhenItsValueIsTakenNow() {
        String key = "unique-" + UUID.randomUUID();
        String body = "{\"values\": {\"name\": \"A\", \"code\": \"k-1\"}}";
        String first = api.asEditor().header("Idempotency-Key", key).body(body).post(rows).then().statusCode(201).extract().path("id");
        api.asEditor().header("Idempotency-Key", key).body(body).post(rows).then().statusCode(201)
                .header("Idempotent-Replayed", "true").body("id", equalTo(first));
        api.asEditor().body(body).post(rows).then().statusCode(409);
    }

    private void inTenant(Function<SqlClient, io.smallrye.mutiny.Uni<?>> work) {
        pool.withTransaction(tx -> tx.preparedQuery("select set_config('panels.tenant_id', $1, true)")
                        .execute(Tuple.of(api.tenant.id().toString())).chain(() -> work.apply(tx)))
                .await().atMost(Duration.ofSeconds(10));
    }
}
