package io.panels.view.store;

import io.panels.view.domain.Panel;
import io.panels.view.domain.PanelColumn;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** view-service's copy of panels and their columns, kept from panel-service's events. */
@ApplicationScoped
public class PanelStore {

    /** The panel with its columns, locked for the caller's transaction; empty when unknown. */
    public Uni<Optional<Panel>> find(SqlClient tx, UUID panelId) {
        return tx.preparedQuery("select tenant_id, version, deleted from panel where panel_id = $1 for update")
                .execute(Tuple.of(panelId))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(Optional.<Panel>empty());
                    }
                    Row panel = rows.iterator().next();
                    return tx.preparedQuery("select key, name, type, position, settings::text as settings from panel_column"
                                    + " where panel_id = $1 order by position, key")
                            .execute(Tuple.of(panelId))
                            .map(columnRows -> {
                                List<PanelColumn> columns = new ArrayList<>();
                                for (Row c : columnRows) {
                                    columns.add(new PanelColumn(c.getString("key"), c.getString("name"), c.getString("type"),
                                            c.getInteger("position"), Json.settings(c.getString("settings"))));
                                }
                                return Optional.of(new Panel(panelId, panel.getUUID("tenant_id"), panel.getLong("version"),
                                        panel.getBoolean("deleted"), columns));
                            });
                });
    }

    public Uni<Void> insert(SqlClient tx, Panel panel) {
        return tx.preparedQuery("insert into panel (panel_id, tenant_id, version, deleted) values ($1, $2, $3, $4)")
                .execute(Tuple.of(panel.panelId(), panel.tenantId(), panel.version(), panel.deleted()))
                .chain(() -> insertColumns(tx, panel));
    }

    /** Replaces the panel's version, status and columns. */
    public Uni<Void> update(SqlClient tx, Panel panel) {
        return tx.preparedQuery("update panel set version = $2, deleted = $3, updated_at = now() where panel_id = $1")
                .execute(Tuple.of(panel.panelId(), panel.version(), panel.deleted()))
                .chain(() -> tx.preparedQuery("delete from panel_column where panel_id = $1").execute(Tuple.of(panel.panelId())))
                .chain(() -> insertColumns(tx, panel));
    }

    private Uni<Void> insertColumns(SqlClient tx, Panel panel) {
        if (panel.columns().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> batch = panel.columns().stream()
                .map(c -> Tuple.from(List.of(panel.panelId(), panel.tenantId(), c.key(), c.name(), c.type(), c.position(),
                        c.settings() == null ? "{}" : Json.write(c.settings()))))
                .toList();
        return tx.preparedQuery("insert into panel_column (panel_id, tenant_id, key, name, type, position, settings)"
                        + " values ($1, $2, $3, $4, $5, $6, $7::text::jsonb)")
                .executeBatch(batch).replaceWithVoid();
    }
}
