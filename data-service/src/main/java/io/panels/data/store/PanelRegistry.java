package io.panels.data.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.data.domain.PanelColumn;
import io.panels.data.domain.PanelSchema;
import io.panels.events.EventJson;
import io.panels.events.panel.ColumnSettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The registry of panel tables: each panel's table, schema version, status and columns, so that
 * the rows API and the query engine know a panel's schema without calling panel-service. Callers
 * bind the tenant first (row-level security).
 */
@ApplicationScoped
public class PanelRegistry {

    public Uni<Optional<PanelSchema>> find(SqlClient tx, UUID panelId) {
        return find(tx, panelId, false);
    }

    /** @param lock whether to lock the panel's entry until the transaction ends: schema changes of one panel never interleave */
    public Uni<Optional<PanelSchema>> find(SqlClient tx, UUID panelId, boolean lock) {
        return tx.preparedQuery("select panel_id, tenant_id, table_name, version, status, time_zone from panel_table where panel_id = $1"
                        + (lock ? " for update" : ""))
                .execute(Tuple.of(panelId))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(Optional.<PanelSchema>empty());
                    }
                    Row row = rows.iterator().next();
                    return columns(tx, panelId).map(columns -> Optional.of(new PanelSchema(row.getUUID("panel_id"),
                            row.getUUID("tenant_id"), row.getString("table_name"), row.getLong("version"),
                            PanelSchema.Status.valueOf(row.getString("status").toUpperCase()),
                            ZoneId.of(row.getString("time_zone")), columns)));
                });
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
        return tx.preparedQuery("insert into panel_table (panel_id, tenant_id, table_name, version, status, time_zone)"
                        + " values ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(panel.panelId(), panel.tenantId(), panel.tableName(), panel.version(),
                        panel.status().sql(), panel.zone().getId()))
                .chain(() -> saveColumns(tx, panel));
    }

    /** Saves the version, status and columns of a known panel. */
    public Uni<Void> update(SqlClient tx, PanelSchema panel) {
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
