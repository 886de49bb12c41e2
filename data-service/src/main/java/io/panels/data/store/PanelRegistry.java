package io.panels.data.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.data.domain.PanelColumn;
import io.panels.data.domain.PanelSchema;
import io.panels.events.EventJson;
import io.panels.events.panel.ColumnSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The registry of panel tables: each panel's table, schema version, status and columns, so that
 * the rows API and the query engine know a panel's schema without calling panel-service. Callers
 * bind the tenant first (row-level security). Row writes take the schema from a per-replica cache
 * that the insert re-checks in the statement that writes (ADR 0042).
 */
@ApplicationScoped
public class PanelRegistry {

    /** Panels whose schemas this replica keeps for row writes; the least recently used go first. */
    static final int CACHED_PANELS = 10_000;

    /** SQLSTATEs of a statement written for an older table: undefined column / table, type mismatches, a changed result type. */
    private static final Set<String> SCHEMA_MISMATCH = Set.of("42703", "42P01", "42804", "42846", "42883", "0A000");

    private final Map<UUID, PanelSchema> schemas = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, PanelSchema> eldest) {
            return size() > CACHED_PANELS;
        }
    };

    public Uni<Optional<PanelSchema>> find(SqlClient tx, UUID panelId) {
        return find(tx, panelId, false);
    }

    /**
     * The panel's entry read in {@code tx} (whose tenant is bound: another tenant's panel is not
     * found). Its two statements are pipelined: one round trip.
     *
     * @param lock whether to lock the panel's entry until the transaction ends: schema changes of one panel never interleave
     */
    public Uni<Optional<PanelSchema>> find(SqlClient tx, UUID panelId, boolean lock) {
        Uni<RowSet<Row>> table = tx.preparedQuery("select panel_id, tenant_id, table_name, version, status, time_zone from panel_table"
                + " where panel_id = $1" + (lock ? " for update" : "")).execute(Tuple.of(panelId));
        Uni<List<PanelColumn>> columns = columns(tx, panelId);
        return Uni.combine().all().unis(table, columns).asTuple().map(both -> {
            RowSet<Row> rows = both.getItem1();
            if (rows.rowCount() == 0) {
                return Optional.<PanelSchema>empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new PanelSchema(row.getUUID("panel_id"), row.getUUID("tenant_id"), row.getString("table_name"),
                    row.getLong("version"), PanelSchema.Status.valueOf(row.getString("status").toUpperCase()),
                    ZoneId.of(row.getString("time_zone")), both.getItem2()));
        });
    }

    /**
     * The schema of an active panel of {@code tenantId} for a row write: from this replica's cache
     * when it holds one, else read in {@code tx} (tenant bound) and kept. Empty when the panel is
     * not found, or is archived or deleted: the caller reads it in the transaction to answer why.
     * A cached schema may be stale (another replica applied a schema event): a write made with it
     * must check its version in the same statement ({@link #current}) and throw
     * {@link StaleSchema} when the check fails.
     */
    public Uni<Optional<PanelSchema>> forWrite(SqlClient tx, UUID tenantId, UUID panelId) {
        PanelSchema cached = cached(tenantId, panelId);
        if (cached != null) {
            return Uni.createFrom().item(Optional.of(cached));
        }
        return find(tx, panelId).invoke(found -> found.ifPresent(panel -> remember(tenantId, panel)))
                .map(found -> found.filter(panel -> panel.status() == PanelSchema.Status.ACTIVE));
    }

    /** The cached schema of an active panel, only when it belongs to {@code tenantId}; null otherwise. */
    PanelSchema cached(UUID tenantId, UUID panelId) {
        synchronized (schemas) {
            PanelSchema panel = schemas.get(panelId);
            return panel != null && panel.tenantId().equals(tenantId) ? panel : null;
        }
    }

    /**
     * Keeps an active panel's schema read under {@code tenantId}'s row-level security. The tenant is
     * checked again here: a cached schema is only ever handed to its own tenant.
     */
    private void remember(UUID tenantId, PanelSchema panel) {
        if (panel.status() != PanelSchema.Status.ACTIVE || !panel.tenantId().equals(tenantId)) {
            forget(panel.panelId());
            return;
        }
        synchronized (schemas) {
            PanelSchema known = schemas.get(panel.panelId());
            if (known == null || known.version() <= panel.version()) {
                schemas.put(panel.panelId(), panel);
            }
        }
    }

    /** Drops a panel's cached schema: it changed here, or a write found it stale. */
    public void forget(UUID panelId) {
        synchronized (schemas) {
            schemas.remove(panelId);
        }
    }

    /**
     * SQL that is true only while the panel's registry entry is still at {@code panel}'s version and
     * active, read by the statement that writes (so in its snapshot, after it took its table lock,
     * which a schema change holds until it commits). Row-level security limits it to the bound tenant.
     */
    public static String current(int panelParameter, int versionParameter) {
        return "EXISTS (SELECT 1 FROM " + PanelSchema.SCHEMA + ".panel_table WHERE panel_id = CAST($" + panelParameter
                + " AS uuid) AND version = CAST($" + versionParameter + " AS bigint) AND status = 'active')";
    }

    /**
     * Whether a failed statement may have been written for an older schema of its panel (a column
     * or the table gone, a type changed under a prepared statement): the write is tried again with
     * the schema read afresh.
     */
    public static boolean schemaMismatch(Throwable failure) {
        return failure instanceof PgException pg && SCHEMA_MISMATCH.contains(pg.getSqlState());
    }

    /**
     * A write was made with a panel schema that is no longer current; nothing of it may commit.
     * {@code IdempotentWrites} runs the transaction again, which reads the schema afresh.
     */
    public static final class StaleSchema extends RuntimeException {

        public StaleSchema(UUID panelId) {
            super("the cached schema of panel " + panelId + " is stale", null, false, false);
        }
    }

    private Uni<List<PanelColumn>> columns(SqlClient tx, UUID panelId) {
        return tx.preparedQuery("select column_id, key, name, type, position, required, unique_values, default_value::text as dv,"
                        + " settings::text as st, sql_name, generated_sql from panel_column where panel_id = $1 order by position, key")
                .execute(Tuple.of(panelId))
                .map(rows -> {
                    List<PanelColumn> columns = new ArrayList<>();
                    for (Row row : rows) {
                        String dv = row.getString("dv");
                        columns.add(new PanelColumn(row.getUUID("column_id"), row.getString("key"), row.getString("name"),
                                PanelColumn.typeOf(row.getString("type")), row.getInteger("position"),
                                row.getBoolean("required"), row.getBoolean("unique_values"),
                                dv == null ? null : EventJson.read(dv.getBytes(StandardCharsets.UTF_8), JsonNode.class),
                                EventJson.read(row.getString("st").getBytes(StandardCharsets.UTF_8), ColumnSettings.class),
                                row.getString("sql_name"), row.getString("generated_sql")));
                    }
                    return columns;
                });
    }

    public Uni<Void> insert(SqlClient tx, PanelSchema panel) {
        forget(panel.panelId());
        return tx.preparedQuery("insert into panel_table (panel_id, tenant_id, table_name, version, status, time_zone)"
                        + " values ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(panel.panelId(), panel.tenantId(), panel.tableName(), panel.version(),
                        panel.status().sql(), panel.zone().getId()))
                .chain(() -> saveColumns(tx, panel));
    }

    /** Saves the version, status and columns of a known panel. */
    public Uni<Void> update(SqlClient tx, PanelSchema panel) {
        forget(panel.panelId());
        return tx.preparedQuery("update panel_table set version = $2, status = $3, updated_at = now() where panel_id = $1")
                .execute(Tuple.of(panel.panelId(), panel.version(), panel.status().sql()))
                .chain(() -> saveColumns(tx, panel));
    }

    private Uni<Void> saveColumns(SqlClient tx, PanelSchema panel) {
        Uni<Void> deleted = tx.preparedQuery("delete from panel_column where panel_id = $1")
                .execute(Tuple.of(panel.panelId())).replaceWithVoid();
        if (panel.columns().isEmpty()) {
            return deleted;
        }
        List<Tuple> batch = new ArrayList<>();
        for (PanelColumn c : panel.columns()) {
            batch.add(Tuple.tuple().addUUID(panel.panelId()).addUUID(panel.tenantId()).addUUID(c.columnId())
                    .addString(c.key()).addString(c.name()).addString(PanelColumn.wireName(c.type()))
                    .addInteger(c.position()).addBoolean(c.required()).addBoolean(c.unique())
                    .addString(c.defaultValue() == null ? null : c.defaultValue().toString())
                    .addString(new String(EventJson.write(c.settings()), StandardCharsets.UTF_8))
                    .addString(c.sqlName()).addString(c.generatedSql()));
        }
        return deleted.chain(() -> tx.preparedQuery("insert into panel_column (panel_id, tenant_id, column_id, key, name, type,"
                        + " position, required, unique_values, default_value, settings, sql_name, generated_sql)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, CAST(CAST($10 AS text) AS jsonb), CAST(CAST($11 AS text) AS jsonb), $12, $13)")
                .executeBatch(batch).replaceWithVoid());
    }
}
