package io.panels.data;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.common.ids.Ids;
import io.panels.common.testing.TestKafka;
import io.panels.events.EventCatalog;
import io.panels.events.panel.ColumnDefinition;
import io.panels.events.panel.ColumnSettings;
import io.panels.events.panel.PanelCreated;
import io.panels.events.panel.SelectOption;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Panels made the way panel-service makes them: by publishing its events on the real topic. */
public final class TestPanels {

    private TestPanels() {
    }

    public static ColumnSettings settings() {
        return new ColumnSettings(null, null, null, null, null, null, null, null, null, null);
    }

    public static ColumnSettings precision(int digits) {
        return new ColumnSettings(digits, null, null, null, null, null, null, null, null, null);
    }

    public static ColumnSettings options(String... ids) {
        List<SelectOption> options = new ArrayList<>();
        for (String id : ids) {
            options.add(new SelectOption(id, "Option " + id, "blue"));
        }
        return new ColumnSettings(null, null, null, null, options, null, null, null, null, null);
    }

    public static ColumnSettings formula(String formula, String resultType, boolean immutable, String... referenced) {
        return new ColumnSettings(null, null, null, null, null, null, formula, resultType, List.of(referenced), immutable);
    }

    public static ColumnDefinition column(String key, String type, int position, ColumnSettings settings) {
        return column(key, type, position, false, false, settings);
    }

    public static ColumnDefinition column(String key, String type, int position, boolean required, boolean unique,
                                          ColumnSettings settings) {
        return new ColumnDefinition(Ids.newId(), key, "Column " + key, type, position, required, unique, (JsonNode) null, settings);
    }

    /** The columns of most tests: one of each common type, a stored formula and a computed one. */
    public static List<ColumnDefinition> standardColumns() {
        return List.of(
                column("name", "text", 0, true, false, settings()),
                column("price", "number", 1, precision(2)),
                column("qty", "number", 2, precision(0)),
                column("done", "boolean", 3, settings()),
                column("due", "date", 4, settings()),
                column("status", "single_select", 5, options("todo", "doing", "done")),
                column("tags", "multi_select", 6, options("red", "green")),
                column("email", "email", 7, false, true, settings()),
                column("site", "url", 8, settings()),
                column("meta", "json", 9, settings()),
                column("total", "formula", 10, formula("{price} * {qty}", "number", true, "price", "qty")),
                column("age", "formula", 11, formula("DATETIME_DIFF(TODAY(), {due}, \"days\")", "number", false, "due")),
                column("created", "created_time", 12, settings()),
                column("number", "autonumber", 13, settings()));
    }

    /** Publishes panel.created and waits until data-service has built the panel's table. */
    public static UUID createPanel(Pool pool, UUID tenantId, List<ColumnDefinition> columns) {
        UUID panelId = Ids.newId();
        PanelCreated created = new PanelCreated(panelId, "Panel", null, null, null, 1, columns, Instant.now(), "test", null);
        // The test process reads panel events in a group of its own from the latest offset: an event sent
        // before its partitions were assigned (just after start) is not seen, so it is sent again; a
        // second copy of the same version changes nothing.
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (true) {
            TestKafka.publish(EventCatalog.PANEL_CREATED, tenantId, panelId.toString(), created);
            try {
                await().atMost(Duration.ofSeconds(8)).until(() -> registryVersion(pool, tenantId, panelId) >= 1);
                return panelId;
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    public static void awaitVersion(Pool pool, UUID tenantId, UUID panelId, long version) {
        await().atMost(Duration.ofSeconds(30)).until(() -> registryVersion(pool, tenantId, panelId) >= version);
    }

    public static void awaitStatus(Pool pool, UUID tenantId, UUID panelId, String status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> status.equals(pool.withTransaction(tx -> tx
                        .preparedQuery("select set_config('panels.tenant_id', $1, true)").execute(Tuple.of(tenantId.toString()))
                        .chain(() -> tx.preparedQuery("select status from panel_table where panel_id = $1").execute(Tuple.of(panelId))))
                .map(rows -> rows.rowCount() == 0 ? null : rows.iterator().next().getString("status"))
                .await().atMost(Duration.ofSeconds(10))));
    }

    public static long registryVersion(Pool pool, UUID tenantId, UUID panelId) {
        return pool.withTransaction(tx -> tx.preparedQuery("select set_config('panels.tenant_id', $1, true)")
                        .execute(Tuple.of(tenantId.toString()))
                        .chain(() -> tx.preparedQuery("select version from panel_table where panel_id = $1").execute(Tuple.of(panelId))))
                .map(rows -> rows.rowCount() == 0 ? -1L : rows.iterator().next().getLong("version"))
                .await().atMost(Duration.ofSeconds(10));
    }

    public static String table(UUID panelId) {
        return "p_" + panelId.toString().replace("-", "");
    }

    /** Column name to "data type[, generated]" as information_schema describes the panel's table. */
    public static Map<String, String> tableColumns(Pool pool, UUID panelId) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (Row row : pool.preparedQuery("select column_name, data_type, is_generated from information_schema.columns"
                        + " where table_schema = 'data' and table_name = $1 order by column_name")
                .execute(Tuple.of(table(panelId))).await().atMost(Duration.ofSeconds(10))) {
            columns.put(row.getString("column_name"), row.getString("data_type")
                    + ("ALWAYS".equals(row.getString("is_generated")) ? ", generated" : ""));
        }
        return columns;
    }
}
