package io.panels.data.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.data.TestApi;
import io.panels.data.TestPanels;
import io.panels.data.store.PanelRegistry;
import io.panels.data.store.Statements;
import io.panels.query.sql.QueryCompiler;
import io.panels.query.sql.QueryContext;
import io.panels.query.sql.SqlFragment;
import io.panels.query.model.QueryJson;
import io.panels.query.validate.QueryValidator;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The first page of a large panel, filtered on a number range and a single select and sorted by the
 * number, is an index scan whose range is an index condition: it reads about a page's worth of rows.
 * Under a forced row-level-security policy the range was a filter applied to every index entry from
 * the start, because PostgreSQL's {@code numeric} comparisons are not leakproof (5 s on 1,000,000
 * rows; ADR 0047). The statement is the one data-service runs: compiled by the same query compiler
 * from the panel's registry entry, explained in the caller's tenant.
 */
@QuarkusTest
class FirstPagePlanTest {

    static final int ROWS = 60_000;

    @Inject
    Pool pool;

    @Inject
    PanelRegistry registry;

    @Test
    void aFilteredSortedFirstPageIsAnIndexRangeScan() throws Exception {
        SeededPanel panel = seededPanel();

        JsonNode plan = explain(panel, """
                {"filter": {"conjunction": "and", "conditions": [
                    {"column": "price", "op": "gt", "value": 30000},
                    {"column": "status", "op": "is", "value": "doing"}]},
                 "sorts": [{"column": "price", "direction": "asc"}]}
                """);
        JsonNode scan = firstIndexNode(plan);
        assertEquals("Index Scan", scan.path("Node Type").asText(), plan::toPrettyString);
        assertTrue(scan.path("Index Cond").asText().contains("c_price"),
                () -> "the price range must bound the index scan, not filter its rows: " + plan.toPrettyString());
    }

    /**
     * The first page in the default order (by row id) reads the primary key (tenant, id) in order and
     * stops after a page: without the tenant named in the query, PostgreSQL sorted every row of the
     * panel for it (100 ms on 38,000 rows; the benchmark's list page fell to a third of NocoDB's).
     */
    @Test
    void anUnsortedFirstPageReadsThePrimaryKeyInOrder() throws Exception {
        SeededPanel panel = seededPanel();

        JsonNode plan = explain(panel, "{}");
        assertTrue(!plan.toString().contains("\"Sort\""), () -> "no sort of the panel's rows: " + plan.toPrettyString());
        JsonNode scan = firstIndexNode(plan);
        assertTrue(scan.path("Node Type").asText().startsWith("Index"), plan::toPrettyString);
        assertTrue(scan.path("Index Name").asText().endsWith("_pkey"), plan::toPrettyString);
    }

    /** The first node down the plan's first branches that reads an index (or the leaf, when none does). */
    private static JsonNode firstIndexNode(JsonNode plan) {
        JsonNode node = plan.get(0).path("Plan");
        while (node.has("Plans") && !node.path("Node Type").asText().startsWith("Index")) {
            node = node.path("Plans").get(0);
        }
        return node;
    }

    /** A panel of a new tenant. */
    private record SeededPanel(UUID tenant, UUID panelId) {
    }

    /** A panel of {@link #ROWS} rows in a new tenant, with an index on the price, analyzed. */
    private SeededPanel seededPanel() {
        UUID tenant = TestApi.newTenant().tenant.id();
        UUID panelId = TestPanels.createPanel(pool, tenant, TestPanels.standardColumns());
        String table = "data." + TestPanels.table(panelId);
        // The index a user (or the usage rule) gives the sort column, whatever the automatic rule did.
        pool.withTransaction(tx -> bind(tx, tenant)
                        .chain(() -> tx.preparedQuery("insert into " + table + " (id, tenant_id, created_by, updated_by, c_name, c_price, c_qty, c_status)"
                                + " select gen_random_uuid(), $1, 'seed', 'seed', 'Row ' || i, i, i % 7,"
                                + " (array['todo', 'doing', 'done'])[1 + i % 3] from generate_series(1, $2) i")
                                .execute(Tuple.of(tenant, ROWS)))
                        .chain(() -> tx.query("create index if not exists plan_test_price on " + table + " (c_price, id)").execute()))
                .chain(() -> pool.query("analyze " + table).execute())
                .await().atMost(Duration.ofMinutes(2));
        return new SeededPanel(tenant, panelId);
    }

    /** The plan of the first page of {@code query}, explained in the tenant. */
    private JsonNode explain(SeededPanel seeded, String query) {
        return pool.withTransaction(tx -> bind(tx, seeded.tenant())
                        .chain(() -> registry.find(tx, seeded.panelId()))
                        .chain(panel -> Statements.run(tx, SqlFragment.of("EXPLAIN (FORMAT JSON) ").append(firstPage(panel.orElseThrow(), query)))))
                .map(rows -> rows.iterator().next().getValue(0).toString())
                .map(FirstPagePlanTest::json)
                .await().atMost(Duration.ofSeconds(30));
    }

    private static SqlFragment firstPage(PanelSchema panel, String query) {
        var checked = QueryValidator.check(QueryJson.parse(query), RowQueries.querySchema(panel));
        return new QueryCompiler(checked, new QueryContext(panel.zone(), Instant.now()))
                .rows(List.of("name", "price", "status"), null, 101).statement();
    }

    private static io.smallrye.mutiny.Uni<?> bind(io.vertx.mutiny.sqlclient.SqlClient tx, UUID tenant) {
        return tx.preparedQuery("select set_config('panels.tenant_id', $1, true)").execute(Tuple.of(tenant.toString()));
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
