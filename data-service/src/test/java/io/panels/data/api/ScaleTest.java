package io.panels.data.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.data.TestApi;
import io.panels.data.TestPanels;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A 100,000-row panel (seeded by a CSV import): keyset pages visit every row once while rows are being added. */
@QuarkusTest
class ScaleTest {

    static final int ROWS = 100_000;

    @Inject
    Pool pool;

    @Test
    void pagesVisitEveryRowExactlyOnceWhileRowsAreInsertedConcurrently() throws Exception {
        TestApi api = TestApi.newTenant();
        UUID panelId = TestPanels.createPanel(pool, api.tenant.id(), TestPanels.standardColumns());
        String base = "/api/v1/panels/" + panelId;
        StringBuilder csv = new StringBuilder("name,price,qty,status\n");
        Random random = new Random(3);
        for (int i = 0; i < ROWS; i++) {
            // Few distinct prices: the keyset's tie-break on id does the real work.
            csv.append("Row ").append(i).append(',').append(random.nextInt(50)).append(',').append(i % 7).append(',')
                    .append(i % 3 == 0 ? "todo" : "done").append('\n');
        }
        String id = given().auth().oauth2(api.editor).contentType("text/csv").body(csv.toString()).post(base + "/imports").then()
                .statusCode(202).extract().path("id");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> "completed".equals(
                api.asViewer().get(base + "/imports/" + id).then().extract().path("status")));
        Set<String> before = ids(api, panelId);
        assertEquals(ROWS, before.size());

        AtomicBoolean paging = new AtomicBoolean(true);
        AtomicInteger inserted = new AtomicInteger();
        Thread writer = new Thread(() -> {
            Random values = new Random(5);
            while (paging.get()) {
                api.asEditor().body("{\"values\": {\"name\": \"Late\", \"price\": " + values.nextInt(50) + "}}")
                        .post(base + "/rows").then().statusCode(201);
                inserted.incrementAndGet();
            }
        });
        writer.start();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        try {
            do {
                Response page = api.asViewer().body("{\"query\": {\"sorts\": [{\"column\": \"price\", \"direction\": \"desc\"}]},"
                                + " \"columns\": [\"price\"], \"limit\": 1000, \"count\": \"none\"" + (cursor == null ? "" : ", \"cursor\": \"" + cursor + "\"") + "}")
                        .post(base + "/query").then().statusCode(200).extract().response();
                List<String> pageIds = page.path("rows.id");
                for (String rowId : pageIds) {
                    assertTrue(seen.add(rowId), "row " + rowId + " came twice");
                }
                cursor = page.path("nextCursor");
            } while (cursor != null);
        } finally {
            paging.set(false);
            writer.join();
        }
        assertTrue(inserted.get() > 0, "rows were inserted while paging");
        assertTrue(seen.containsAll(before), "every row that existed before paging was visited");
        assertTrue(seen.size() <= ROWS + inserted.get());
    }

    private Set<String> ids(TestApi api, UUID panelId) {
        Set<String> ids = new HashSet<>();
        pool.withTransaction(tx -> tx.preparedQuery("select set_config('panels.tenant_id', $1, true)")
                        .execute(Tuple.of(api.tenant.id().toString()))
                        .chain(() -> tx.query("select id from data." + TestPanels.table(panelId)).execute()))
                .await().atMost(Duration.ofSeconds(30)).forEach(row -> ids.add(row.getUUID(0).toString()));
        return ids;
    }
}
