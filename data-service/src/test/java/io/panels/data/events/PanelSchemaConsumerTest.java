package io.panels.data.events;

import static io.panels.data.TestPanels.column;
import static io.panels.data.TestPanels.options;
import static io.panels.data.TestPanels.precision;
import static io.panels.data.TestPanels.settings;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.ids.Ids;
import io.panels.common.testing.TestKafka;
import io.panels.data.TestPanels;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.panel.ColumnAdded;
import io.panels.events.panel.ColumnConversion;
import io.panels.events.panel.ColumnDefinition;
import io.panels.events.panel.ColumnDeleted;
import io.panels.events.panel.ColumnUpdated;
import io.panels.events.panel.ColumnsReordered;
import io.panels.events.panel.PanelCreated;
import io.panels.events.panel.PanelDeleted;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** panel.* and column.* events on the real topic build and alter the panel's real table. */
@QuarkusTest
class PanelSchemaConsumerTest {

    @Inject
    Pool pool;

    @Test
    void panelCreatedBuildsATypedTableWithSystemColumnsStoredFormulasAndRowLevelSecurity() {
        UUID tenant = UUID.randomUUID();
        UUID panelId = TestPanels.createPanel(pool, tenant, TestPanels.standardColumns());

        Map<String, String> columns = TestPanels.tableColumns(pool, panelId);
        Map<String, String> expected = Map.ofEntries(Map.entry("id", "uuid"), Map.entry("tenant_id", "uuid"),
                Map.entry("created_at", "timestamp with time zone"), Map.entry("created_by", "text"),
                Map.entry("updated_at", "timestamp with time zone"), Map.entry("updated_by", "text"),
                Map.entry("version", "bigint"), Map.entry("row_no", "bigint"),
                Map.entry("c_name", "text"), Map.entry("c_price", "numeric"), Map.entry("c_qty", "numeric"),
                Map.entry("c_done", "boolean"), Map.entry("c_due", "date"), Map.entry("c_status", "text"),
                Map.entry("c_tags", "ARRAY"), Map.entry("c_email", "text"), Map.entry("c_site", "text"),
                Map.entry("c_meta", "jsonb"), Map.entry("c_total", "numeric, generated"));
        // Computed in each query (TODAY), and kept in system columns: no column of their own.
        assertEquals(expected, columns);

        Row security = pool.preparedQuery("select relrowsecurity, relforcerowsecurity from pg_class where oid = $1::regclass")
                .execute(Tuple.of("data." + TestPanels.table(panelId))).await().indefinitely().iterator().next();
        // ADR 0047: the policy filters other roles; the owner's queries keep their index conditions.
        assertTrue(security.getBoolean(0));
        assertFalse(security.getBoolean(1));
        // The table takes its tenant's rows only, whoever writes them.
        UUID stranger = UUID.randomUUID();
        Throwable refused = assertThrows(Throwable.class, () -> pool.withTransaction(tx -> tx.query(
                        "select set_config('panels.tenant_id', '" + stranger + "', true)").execute()
                .chain(() -> tx.query("insert into data." + TestPanels.table(panelId) + " (id, tenant_id, created_by, updated_by)"
                        + " values (gen_random_uuid(), '" + stranger + "', 'x', 'x')").execute()))
                .await().indefinitely());
        assertTrue(refused.getMessage().contains("tenant_pinned"), refused::getMessage);
        List<String> indexes = indexes(panelId);
        // The index rule (ADR 0041): unique columns and the primary field; the rest on request or from usage.
        assertTrue(indexes.stream().anyMatch(i -> i.contains("UNIQUE") && i.contains("(c_email)")), indexes::toString);
        assertTrue(indexes.stream().anyMatch(i -> i.contains("(c_name, id)")), indexes::toString);
        assertTrue(indexes.stream().noneMatch(i -> i.contains("(c_price")), indexes::toString);
        assertTrue(indexes.stream().noneMatch(i -> i.contains("(c_due")), indexes::toString);
        assertTrue(indexes.stream().noneMatch(i -> i.contains("(c_status")), indexes::toString);
        assertTrue(indexes.stream().noneMatch(i -> i.contains("(c_site, id)")), indexes::toString);
        assertEquals(3, indexes.size(), indexes::toString);
    }

    @Test
    void columnEventsAddConvertReorderAndDropColumnsAndAReplayChangesNothing() {
        UUID tenant = UUID.randomUUID();
        ColumnDefinition name = column("name", "text", 0, settings());
        ColumnDefinition amount = column("amount", "text", 1, settings());
        ColumnDefinition status = column("status", "single_select", 2, options("a", "b"));
        UUID panelId = TestPanels.createPanel(pool, tenant, List.of(name, amount, status));
        insert(tenant, panelId, "42.5", "a");
        insert(tenant, panelId, "not a number", "b");

        ColumnDefinition note = column("note", "long_text", 3, settings());
        TestKafka.publish(EventCatalog.COLUMN_ADDED, tenant, panelId.toString(),
                new ColumnAdded(panelId, 2, note, List.of("name", "amount", "status", "note")));
        ColumnDefinition amountAsNumber = new ColumnDefinition(amount.id(), "amount", amount.name(), "number", 1, false, false,
                null, precision(0));
        TestKafka.publish(EventCatalog.COLUMN_UPDATED, tenant, panelId.toString(), new ColumnUpdated(panelId, 3,
                amountAsNumber, amount, new ColumnConversion("text", "number", "lossy", "parse_number",
                "Values that cannot be read as a number are cleared.", List.of(), true)));
        ColumnDefinition statusAsText = new ColumnDefinition(status.id(), "status", status.name(), "text", 2, false, false,
                null, settings());
        TestKafka.publish(EventCatalog.COLUMN_UPDATED, tenant, panelId.toString(), new ColumnUpdated(panelId, 4,
                statusAsText, status, new ColumnConversion("single_select", "text", "lossless", "format_text",
                "Each value becomes its option name.", List.of(), false)));
        TestKafka.publish(EventCatalog.COLUMN_DELETED, tenant, panelId.toString(),
                new ColumnDeleted(panelId, 5, note, List.of("name", "amount", "status")));
        TestPanels.awaitVersion(pool, tenant, panelId, 5);

        Map<String, String> altered = TestPanels.tableColumns(pool, panelId);
        assertThat(altered, hasEntry("c_amount", "numeric"));
        assertThat(altered, hasEntry("c_status", "text"));
        assertThat(altered, not(hasKey("c_note")));
        assertThat(altered, not(hasKey("c_amount__new")));
        assertThat(values(tenant, panelId, "c_amount::text"), containsInAnyOrder("43", null));
        assertThat(values(tenant, panelId, "c_status"), containsInAnyOrder("Option a", "Option b"));

        // The same panel.created again (a new event id, an old version) and the same event twice change nothing.
        Map<String, String> before = TestPanels.tableColumns(pool, panelId);
        TestKafka.publish(EventCatalog.PANEL_CREATED, tenant, panelId.toString(), new PanelCreated(panelId, "Panel",
                null, null, null, 1, List.of(name, amount, status), Instant.now(), "test", null));
        EventEnvelope reorder = TestKafka.envelope(EventCatalog.COLUMN_REORDERED, tenant, panelId.toString(),
                new ColumnsReordered(panelId, 6, List.of(
                        new ColumnDefinition(status.id(), "status", status.name(), "text", 0, false, false, null, settings()),
                        new ColumnDefinition(name.id(), "name", name.name(), "text", 1, false, false, null, settings()),
                        new ColumnDefinition(amount.id(), "amount", amount.name(), "number", 2, false, false, null, precision(0)))));
        TestKafka.publish(EventCatalog.COLUMN_REORDERED.topic(), reorder);
        TestKafka.publish(EventCatalog.COLUMN_REORDERED.topic(), reorder);
        TestPanels.awaitVersion(pool, tenant, panelId, 6);
        assertEquals(before, TestPanels.tableColumns(pool, panelId));
        assertThat(values(tenant, panelId, "c_amount::text"), containsInAnyOrder("43", null));
        List<String> keysInOrder = pool.withTransaction(tx -> bind(tx, tenant).chain(() -> tx.preparedQuery(
                        "select key from panel_column where panel_id = $1 order by position").execute(Tuple.of(panelId))))
                .map(rows -> {
                    List<String> keys = new ArrayList<>();
                    rows.forEach(r -> keys.add(r.getString(0)));
                    return keys;
                }).await().indefinitely();
        assertEquals(List.of("status", "name", "amount"), keysInOrder);
    }

    @Test
    void theNarrowedRuleKeepsAnOlderPanelsIndexesAndIndexesANewPrimaryField() {
        UUID tenant = UUID.randomUUID();
        ColumnDefinition name = column("name", "text", 0, settings());
        ColumnDefinition price = column("price", "number", 1, precision(2));
        UUID panelId = TestPanels.createPanel(pool, tenant, List.of(name, price));
        assertTrue(indexes(panelId).stream().noneMatch(i -> i.contains("(c_price")), indexes(panelId)::toString);
        // What the wider rule of ADR 0015 gave a number column of a panel made before ADR 0041.
        String older = io.panels.data.domain.StorageTypes.indexName(TestPanels.table(panelId), price.id(), "s");
        pool.query("create index " + older + " on data." + TestPanels.table(panelId) + " (c_price, id)").execute()
                .await().atMost(Duration.ofSeconds(10));

        // Re-applying the rule to the column (it becomes unique) keeps that index and adds the unique one.
        ColumnDefinition uniquePrice = new ColumnDefinition(price.id(), "price", price.name(), "number", 1, false, true, null, precision(2));
        TestKafka.publish(EventCatalog.COLUMN_UPDATED, tenant, panelId.toString(), new ColumnUpdated(panelId, 2, uniquePrice, price, null));
        TestPanels.awaitVersion(pool, tenant, panelId, 2);
        List<String> afterUnique = indexes(panelId);
        assertTrue(afterUnique.stream().anyMatch(i -> i.contains(older) && i.contains("(c_price, id)")), afterUnique::toString);
        assertTrue(afterUnique.stream().anyMatch(i -> i.contains("UNIQUE") && i.contains("(c_price)")), afterUnique::toString);

        // A column moved to the first position becomes the primary field and gets its index, both ways for a number.
        ColumnDefinition total = column("total", "number", 2, precision(0));
        TestKafka.publish(EventCatalog.COLUMN_ADDED, tenant, panelId.toString(),
                new ColumnAdded(panelId, 3, total, List.of("name", "price", "total")));
        TestKafka.publish(EventCatalog.COLUMN_REORDERED, tenant, panelId.toString(), new ColumnsReordered(panelId, 4, List.of(
                new ColumnDefinition(total.id(), "total", total.name(), "number", 0, false, false, null, precision(0)),
                new ColumnDefinition(name.id(), "name", name.name(), "text", 1, false, false, null, settings()),
                new ColumnDefinition(price.id(), "price", price.name(), "number", 2, false, true, null, precision(2)))));
        TestPanels.awaitVersion(pool, tenant, panelId, 4);
        List<String> afterReorder = indexes(panelId);
        assertTrue(afterReorder.stream().anyMatch(i -> i.contains("(c_total, id)")), afterReorder::toString);
        assertTrue(afterReorder.stream().anyMatch(i -> i.contains("(c_total DESC NULLS LAST, id)")), afterReorder::toString);
        // The former primary field keeps its index.
        assertTrue(afterReorder.stream().anyMatch(i -> i.contains("(c_name, id)")), afterReorder::toString);
    }

    @Test
    void panelDeletedDropsTheTableForGood() {
        UUID tenant = UUID.randomUUID();
        UUID panelId = TestPanels.createPanel(pool, tenant, List.of(column("name", "text", 0, settings())));
        TestKafka.publish(EventCatalog.PANEL_DELETED, tenant, panelId.toString(), new PanelDeleted(panelId, 2, "deleted"));
        TestPanels.awaitVersion(pool, tenant, panelId, 2);
        assertThat(TestPanels.tableColumns(pool, panelId), anEmptyMap());

        // A late copy of column.added cannot bring it back.
        TestKafka.publish(EventCatalog.COLUMN_ADDED, tenant, panelId.toString(),
                new ColumnAdded(panelId, 3, column("x", "text", 1, settings()), List.of("name", "x")));
        UUID other = TestPanels.createPanel(pool, tenant, List.of(column("name", "text", 0, settings())));
        assertThat(TestPanels.tableColumns(pool, other), aMapWithSize(9));
        assertThat(TestPanels.tableColumns(pool, panelId), anEmptyMap());
    }

    private List<String> indexes(UUID panelId) {
        List<String> indexes = new ArrayList<>();
        pool.preparedQuery("select indexdef from pg_indexes where schemaname = 'data' and tablename = $1")
                .execute(Tuple.of(TestPanels.table(panelId))).await().indefinitely()
                .forEach(row -> indexes.add(row.getString(0)));
        return indexes;
    }

    private void insert(UUID tenant, UUID panelId, String amount, String status) {
        pool.withTransaction(tx -> bind(tx, tenant).chain(() -> tx.preparedQuery("insert into data." + TestPanels.table(panelId)
                        + " (id, tenant_id, created_by, updated_by, c_name, c_amount, c_status) values ($1, $2, 'test', 'test', 'row', $3, $4)")
                .execute(Tuple.of(Ids.newId(), tenant, amount, status)))).await().atMost(Duration.ofSeconds(10));
    }

    private List<String> values(UUID tenant, UUID panelId, String expression) {
        return pool.withTransaction(tx -> bind(tx, tenant).chain(() -> tx.query("select " + expression + " from data."
                        + TestPanels.table(panelId)).execute()))
                .map(rows -> {
                    List<String> values = new ArrayList<>();
                    rows.forEach(r -> values.add(r.getString(0)));
                    return values;
                }).await().atMost(Duration.ofSeconds(10));
    }

    private static io.smallrye.mutiny.Uni<Void> bind(io.vertx.mutiny.sqlclient.SqlClient tx, UUID tenant) {
        return io.panels.common.tenant.TenantScope.bind(tx, tenant);
    }

}
