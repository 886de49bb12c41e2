package io.panels.data.api;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.data.TestApi;
import io.panels.data.TestPanels;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Indexes on request (admins) and from query usage, built CONCURRENTLY in the background. */
@QuarkusTest
class IndexResourceTest {

    @Inject
    Pool pool;

    TestApi api;
    String admin;
    UUID panelId;
    String indexes;

    @BeforeEach
    void panel() {
        api = TestApi.newTenant();
        admin = api.tenant.member("admin").token();
        panelId = TestPanels.createPanel(pool, api.tenant.id(), TestPanels.standardColumns());
        indexes = "/api/v1/panels/" + panelId + "/indexes";
    }

    private List<String> tableIndexes() {
        List<String> found = new ArrayList<>();
        pool.preparedQuery("select indexdef from pg_indexes where schemaname = 'data' and tablename = $1")
                .execute(Tuple.of(TestPanels.table(panelId))).await().atMost(Duration.ofSeconds(10))
                .forEach(row -> found.add(row.getString(0)));
        return found;
    }

    @Test
    void anAdminIndexesAColumnInTheBackgroundAndRemovesIt() {
        String id = TestApi.as(admin).body("{\"column\": \"site\"}").post(indexes).then().statusCode(202)
                .body("status", equalTo("building")).body("origin", equalTo("request")).body("column", equalTo("site"))
                .extract().path("id");
        await().atMost(Duration.ofSeconds(30)).until(() -> "ready".equals(TestApi.as(admin).get(indexes).then().statusCode(200)
                .extract().path("indexes[0].status")));
        assertTrue(tableIndexes().stream().anyMatch(i -> i.contains("(c_site, id)")), tableIndexes()::toString);

        TestApi.as(admin).body("{\"column\": \"site\"}").post(indexes).then().statusCode(409).contentType("application/problem+json");
        TestApi.as(admin).delete(indexes + "/" + id).then().statusCode(204);
        TestApi.as(admin).get(indexes).then().body("indexes", hasSize(0));
        assertFalse(tableIndexes().stream().anyMatch(i -> i.contains("(c_site, id)")), tableIndexes()::toString);
        TestApi.as(admin).delete(indexes + "/" + id).then().statusCode(404);
    }

    @Test
    void aNumberColumnGetsADescendingTwin() {
        TestApi.as(admin).body("{\"column\": \"total\"}").post(indexes).then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> "ready".equals(TestApi.as(admin).get(indexes).then()
                .extract().path("indexes[0].status")));
        List<String> found = tableIndexes();
        assertTrue(found.stream().anyMatch(i -> i.contains("(c_total DESC NULLS LAST, id)") && i.contains("_xd")), found::toString);
    }

    @Test
    void indexesRequestedTogetherAreAllBuiltOneAfterAnother() throws Exception {
        // Two CREATE INDEX CONCURRENTLY on one table deadlock: the table must take them in turn.
        String table = "data." + TestPanels.table(panelId);
        pool.withTransaction(tx -> tx.preparedQuery("SELECT set_config('panels.tenant_id', $1, true)")
                        .execute(Tuple.of(api.tenant.id().toString()))
                        .chain(() -> tx.preparedQuery("insert into " + table + " (id, tenant_id, created_by, updated_by, c_name, c_price,"
                                + " c_qty, c_due, c_site) select gen_random_uuid(), $1, 'seed', 'seed', 'Row ' || i, i, i % 7,"
                                + " date '2026-01-01' + i % 365, 'https://example.com/' || i from generate_series(1, 50000) i")
                                .execute(Tuple.of(api.tenant.id()))))
                .await().atMost(Duration.ofMinutes(1));
        List<String> columns = List.of("price", "qty", "due", "site");
        ExecutorService requests = Executors.newFixedThreadPool(columns.size());
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (String column : columns) {
                statuses.add(requests.submit(() -> TestApi.as(admin).body("{\"column\": \"" + column + "\"}").post(indexes)
                        .then().extract().statusCode()));
            }
            for (Future<Integer> status : statuses) {
                assertEquals(202, status.get(30, TimeUnit.SECONDS));
            }
        } finally {
            requests.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> TestApi.as(admin).get(indexes).then().statusCode(200)
                .extract().<List<String>>path("indexes.status").stream().noneMatch("building"::equals));
        TestApi.as(admin).get(indexes).then().body("indexes", hasSize(4)).body("indexes.status", everyItem(equalTo("ready")))
                .body("indexes.failure", everyItem(nullValue()));
        List<String> found = tableIndexes();
        for (String column : columns) {
            assertTrue(found.stream().anyMatch(i -> i.contains("(c_" + column + ", id)")), found::toString);
        }
        // None is left invalid by a lost race.
        long invalid = pool.preparedQuery("select count(*) from pg_index i join pg_class c on c.oid = i.indrelid"
                        + " where c.relname = $1 and not i.indisvalid").execute(Tuple.of(TestPanels.table(panelId)))
                .await().atMost(Duration.ofSeconds(10)).iterator().next().getLong(0);
        assertEquals(0, invalid);
    }

    @Test
    void badRequestsRolesAndTenants() {
        TestApi.as(admin).body("{\"column\": \"nope\"}").post(indexes).then().statusCode(400).body("errors[0].field", equalTo("column"));
        TestApi.as(admin).body("{\"column\": \"meta\"}").post(indexes).then().statusCode(400);
        TestApi.as(admin).body("{\"column\": \"age\"}").post(indexes).then().statusCode(400);
        TestApi.as(admin).body("{}").post(indexes).then().statusCode(400);
        // Column keys reach SQL only through the registry: a key that is not a column is just unknown.
        TestApi.as(admin).body("{\"column\": \"name\\\"); drop table data.panel_table; --\"}").post(indexes).then().statusCode(400);
        api.asEditor().body("{\"column\": \"site\"}").post(indexes).then().statusCode(403);
        api.asEditor().get(indexes).then().statusCode(403);
        TestApi other = TestApi.newTenant();
        TestApi.as(other.tenant.member("admin").token()).body("{\"column\": \"site\"}").post(indexes).then().statusCode(404);
        TestApi.as(admin).get("/api/v1/panels/" + UUID.randomUUID() + "/indexes").then().statusCode(404);
        // The primary field and unique columns have the automatic rule's index already.
        TestApi.as(admin).body("{\"column\": \"name\"}").post(indexes).then().statusCode(409).contentType("application/problem+json");
        TestApi.as(admin).body("{\"column\": \"email\"}").post(indexes).then().statusCode(409);
        TestApi.as(admin).get(indexes).then().body("indexes", hasSize(0));
    }

    @Test
    void aNumberColumnFilteredOftenGetsItsIndexFromUsageBothWays() {
        String query = "/api/v1/panels/" + panelId + "/query";
        assertFalse(tableIndexes().stream().anyMatch(i -> i.contains("(c_price")), tableIndexes()::toString);
        for (int i = 0; i < 3; i++) {
            api.asViewer().body("{\"query\": {\"filter\": {\"conditions\": [{\"column\": \"price\", \"op\": \"gt\", \"value\": 1}]}}}")
                    .post(query).then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "ready".equals(TestApi.as(admin).get(indexes).then()
                .extract().path("indexes[0].status")));
        TestApi.as(admin).get(indexes).then().body("indexes", hasSize(1)).body("indexes[0].column", equalTo("price"))
                .body("indexes[0].origin", equalTo("usage"));
        List<String> found = tableIndexes();
        assertTrue(found.stream().anyMatch(i -> i.contains("(c_price, id)")), found::toString);
        assertTrue(found.stream().anyMatch(i -> i.contains("(c_price DESC NULLS LAST, id)")), found::toString);
    }

    @Test
    void aColumnSortedOnOftenGetsAnIndexFromUsage() {
        String query = "/api/v1/panels/" + panelId + "/query";
        for (int i = 0; i < 3; i++) {
            api.asViewer().body("{\"query\": {\"sorts\": [{\"column\": \"phone_less\"}]}}").post(query).then().statusCode(400);
            api.asViewer().body("{\"query\": {\"sorts\": [{\"column\": \"site\"}]}}").post(query).then().statusCode(200);
            // The automatic rule indexes the primary field already: its uses make no second index.
            api.asViewer().body("{\"query\": {\"sorts\": [{\"column\": \"name\", \"direction\": \"desc\"}]}}")
                    .post(query).then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "ready".equals(TestApi.as(admin).get(indexes).then()
                .extract().path("indexes[0].status")));
        TestApi.as(admin).get(indexes).then().body("indexes", hasSize(1)).body("indexes[0].column", equalTo("site"))
                .body("indexes[0].origin", equalTo("usage"));
        assertTrue(tableIndexes().stream().anyMatch(i -> i.contains("(c_site, id)")), tableIndexes()::toString);
    }
}
