package io.panels.panel.store;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.panels.panel.TestApi;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The panel list's pages come from Redis until a write to the tenant's panels or columns commits
 * (ADR 0058). A rename made straight in PostgreSQL, behind the service's back, shows which reads
 * were served from the cache.
 */
@QuarkusTest
class PanelListCacheTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    PanelStore store;

    @Inject
    PanelListCache lists;

    @Test
    void aCachedListIsServedUntilAWriteCommitsButSearchesAlwaysRead() {
        TestApi api = TestApi.newTenant(false);
        String alpha = api.createPanelNamed("Alpha");
        // The creation increments the generation after its commit, and its panel.created event once
        // more when it arrives (SchemaCacheEviction): wait for both, or the event would empty the
        // cache between the reads below.
        await().atMost(WAIT).until(() -> "2".equals(lists.get(api.tenant.id(), "-").await().atMost(WAIT).generation()));
        names(api, "").then().body("items.name", contains("Alpha"));

        renameBehindTheServicesBack(api, alpha, "Behind");
        names(api, "").then().body("items.name", contains("Alpha"));
        names(api, "?q=beh").then().body("items.name", contains("Behind"));

        api.createPanelNamed("Beta");
        names(api, "").then().body("items.name", contains("Beta", "Behind"));
    }

    @Test
    void everyWriteToAPanelOrItsColumnsShowsInTheNextList() {
        TestApi api = TestApi.newTenant(false);
        String id = api.createPanelNamed("Plans");
        listed(api, "Plans", 1, 0);

        api.asAdmin().header("If-Match", "\"1\"").body("{\"name\":\"Budgets\"}").put("/api/v1/panels/" + id).then().statusCode(200);
        listed(api, "Budgets", 2, 0);
        api.asAdmin().body("{\"name\":\"Owner\",\"type\":\"text\"}").post("/api/v1/panels/" + id + "/columns").then().statusCode(201);
        api.asAdmin().body("{\"name\":\"Amount\",\"type\":\"number\"}").post("/api/v1/panels/" + id + "/columns").then().statusCode(201);
        listed(api, "Budgets", 4, 2);
        List<String> columns = api.getPanel(id).path("columns.id");
        api.asAdmin().header("If-Match", "\"4\"").body("{\"name\":\"Holder\",\"type\":\"text\"}")
                .put("/api/v1/panels/" + id + "/columns/" + columns.get(0)).then().statusCode(200);
        listed(api, "Budgets", 5, 2);
        api.asAdmin().header("If-Match", "\"5\"").body("{\"columnIds\":[\"" + columns.get(1) + "\",\"" + columns.get(0) + "\"]}")
                .put("/api/v1/panels/" + id + "/columns/order").then().statusCode(200);
        listed(api, "Budgets", 6, 2);
        api.asAdmin().header("If-Match", "\"6\"").delete("/api/v1/panels/" + id + "/columns/" + columns.get(1)).then().statusCode(204);
        listed(api, "Budgets", 7, 1);

        api.asAdmin().post("/api/v1/panels/" + id + "/duplicate").then().statusCode(201);
        names(api, "").then().body("items.name", containsInAnyOrder("Budgets", "Budgets (copy)"));
        api.asAdmin().header("If-Match", "\"7\"").post("/api/v1/panels/" + id + "/archive").then().statusCode(200);
        names(api, "").then().body("items.name", contains("Budgets (copy)"));
        names(api, "?status=archived").then().body("items.name", contains("Budgets"));
        api.asAdmin().header("If-Match", "\"8\"").post("/api/v1/panels/" + id + "/restore").then().statusCode(200);
        names(api, "?status=archived").then().body("items", empty());
        api.asAdmin().header("If-Match", "\"9\"").delete("/api/v1/panels/" + id).then().statusCode(204);
        names(api, "?status=all").then().body("items.name", contains("Budgets (copy)"));
    }

    @Test
    void aPageReadBeforeAWriteIsNeverServedAfterIt() {
        UUID tenant = UUID.randomUUID();
        String query = "created:desc:active:50:";
        PanelListCache.Lookup before = lists.get(tenant, query).await().atMost(WAIT);
        assertNull(before.page());
        // A reader that looked before a write, read PostgreSQL, and stores its page after the write's eviction.
        lists.evict(tenant).await().atMost(WAIT);
        lists.put(tenant, before, query, "{\"items\":[],\"nextCursor\":null}").await().atMost(WAIT);
        PanelListCache.Lookup after = lists.get(tenant, query).await().atMost(WAIT);
        assertNull(after.page(), "the page read before the write is not served");

        lists.put(tenant, after, query, "{\"items\":[1],\"nextCursor\":null}").await().atMost(WAIT);
        assertEquals("{\"items\":[1],\"nextCursor\":null}", lists.get(tenant, query).await().atMost(WAIT).page());
    }

    @Test
    void tenantsNeverSeeEachOthersCachedPages() {
        TestApi first = TestApi.newTenant(false);
        TestApi second = TestApi.newTenant(false);
        first.createPanelNamed("First's");
        second.createPanelNamed("Second's");
        for (int i = 0; i < 2; i++) {
            names(first, "").then().body("items.name", contains("First's"));
            names(second, "").then().body("items.name", contains("Second's"));
        }
    }

    private static io.restassured.response.Response names(TestApi api, String query) {
        return api.asAdmin().get("/api/v1/panels" + query).then().statusCode(200).extract().response();
    }

    private static void listed(TestApi api, String name, int version, int columnCount) {
        io.restassured.response.Response list = names(api, "");
        assertEquals(List.of(name), list.path("items.name"));
        assertEquals(List.of(version), list.path("items.version"));
        assertEquals(List.of(columnCount), list.path("items.columnCount"));
    }

    private void renameBehindTheServicesBack(TestApi api, String panelId, String name) {
        store.inTenant(api.tenant.id(), tx -> tx.preparedQuery("update panel set name = $1 where id = $2")
                .execute(Tuple.of(name, UUID.fromString(panelId)))).await().atMost(WAIT);
    }
}
