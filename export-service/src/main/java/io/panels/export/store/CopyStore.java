package io.panels.export.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.events.panel.ColumnDefinition;
import io.panels.events.view.ViewColumn;
import io.panels.export.domain.PanelCopy;
import io.panels.export.domain.ViewCopy;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL of export-service's copies of panels (panel_copy) and views (view_copy), in the caller's tenant-bound transaction. */
@ApplicationScoped
public class CopyStore {

    private static final TypeReference<List<ColumnDefinition>> COLUMNS = new TypeReference<>() {
    };
    private static final TypeReference<List<ViewColumn>> VIEW_COLUMNS = new TypeReference<>() {
    };

    private final ObjectMapper json;

    public CopyStore(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Optional<PanelCopy>> panel(SqlClient tx, UUID panelId) {
        return tx.preparedQuery("select panel_id, tenant_id, name, version, status, columns::text as columns from panel_copy"
                + " where panel_id = $1").execute(Tuple.of(panelId)).map(this::panel);
    }

    /** Writes the panel's new state; a state at or below the stored version is a replay and is ignored. */
    public Uni<Void> savePanel(SqlClient tx, PanelCopy panel) {
        return tx.preparedQuery("insert into panel_copy (panel_id, tenant_id, name, version, status, columns)"
                        + " values ($1, $2, $3, $4, $5, $6::text::jsonb) on conflict (panel_id) do update set name = excluded.name,"
                        + " version = excluded.version, status = excluded.status, columns = excluded.columns, updated_at = now()"
                        + " where panel_copy.version < excluded.version")
                .execute(Tuple.of(panel.panelId(), panel.tenantId(), panel.name(), panel.version(), panel.status(),
                        write(panel.columns())))
                .replaceWithVoid();
    }

    public Uni<Optional<ViewCopy>> view(SqlClient tx, UUID viewId) {
        return tx.preparedQuery("select view_id, tenant_id, panel_id, name, visibility, owner_id, columns::text as columns,"
                + " query::text as query, version, deleted from view_copy where view_id = $1").execute(Tuple.of(viewId)).map(this::view);
    }

    /** Writes the view's new state; a state at or below the stored version is a replay and is ignored. */
    public Uni<Void> saveView(SqlClient tx, ViewCopy view) {
        return tx.preparedQuery("insert into view_copy (view_id, tenant_id, panel_id, name, visibility, owner_id, columns, query,"
                        + " version, deleted) values ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb, $9, $10)"
                        + " on conflict (view_id) do update set name = excluded.name, visibility = excluded.visibility,"
                        + " owner_id = excluded.owner_id, columns = excluded.columns, query = excluded.query,"
                        + " version = excluded.version, deleted = excluded.deleted, updated_at = now()"
                        + " where view_copy.version < excluded.version or (excluded.deleted and not view_copy.deleted)")
                .execute(Tuple.tuple(List.of(view.viewId(), view.tenantId(), view.panelId(), view.name(), view.visibility(),
                        view.ownerId(), write(view.columns()), view.query() == null ? "{}" : view.query().toString(),
                        view.version(), view.deleted())))
                .replaceWithVoid();
    }

    private Optional<PanelCopy> panel(RowSet<Row> rows) {
        if (!rows.iterator().hasNext()) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        return Optional.of(new PanelCopy(row.getUUID("panel_id"), row.getUUID("tenant_id"), row.getString("name"),
                row.getLong("version"), row.getString("status"), read(row.getString("columns"), COLUMNS)));
    }

    private Optional<ViewCopy> view(RowSet<Row> rows) {
        if (!rows.iterator().hasNext()) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        try {
            return Optional.of(new ViewCopy(row.getUUID("view_id"), row.getUUID("tenant_id"), row.getUUID("panel_id"),
                    row.getString("name"), row.getString("visibility"), row.getString("owner_id"),
                    read(row.getString("columns"), VIEW_COLUMNS), json.readTree(row.getString("query")),
                    row.getLong("version"), row.getBoolean("deleted")));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("view_copy holds unreadable JSON", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in a copy", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
