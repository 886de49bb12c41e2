package io.panels.view.store;

import io.panels.view.domain.View;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Saved views. The caller binds the tenant (row-level security) in its transaction. */
@ApplicationScoped
public class ViewStore {

    private static final String COLUMNS = "id, tenant_id, panel_id, name, type, visibility, owner_id, locked, position,"
            + " columns::text as columns, query::text as query, settings::text as settings, version, created_at, updated_at";

    public Uni<Optional<View>> find(SqlClient tx, UUID id, boolean forUpdate) {
        return tx.preparedQuery("select " + COLUMNS + " from saved_view where id = $1" + (forUpdate ? " for update" : ""))
                .execute(Tuple.of(id))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(view(rows.iterator().next())));
    }

    /** The panel's views in their order (position, then creation). */
    public Uni<List<View>> ofPanel(SqlClient tx, UUID panelId, boolean forUpdate) {
        return tx.preparedQuery("select " + COLUMNS + " from saved_view where panel_id = $1 order by position, id"
                        + (forUpdate ? " for update" : ""))
                .execute(Tuple.of(panelId))
                .map(ViewStore::views);
    }

    public Uni<Integer> nextPosition(SqlClient tx, UUID panelId) {
        return tx.preparedQuery("select coalesce(max(position) + 1, 0) as next, count(*) as n from saved_view where panel_id = $1")
                .execute(Tuple.of(panelId))
                .map(rows -> rows.iterator().next().getInteger("next"));
    }

    public Uni<Long> count(SqlClient tx, UUID panelId) {
        return tx.preparedQuery("select count(*) from saved_view where panel_id = $1").execute(Tuple.of(panelId))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Void> insert(SqlClient tx, View view) {
        return tx.preparedQuery("insert into saved_view (id, tenant_id, panel_id, name, type, visibility, owner_id, locked, position,"
                        + " columns, query, settings, version, created_at, updated_at)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb, $11::text::jsonb, $12::text::jsonb, $13, $14, $15)")
                .execute(Tuple.from(List.of(view.id(), view.tenantId(), view.panelId(), view.name(), view.type().name(),
                        view.visibility().name(), view.ownerId(), view.locked(), view.position(), Json.write(view.columns()),
                        view.query().toString(), view.settings().toString(), view.version(), utc(view.createdAt()),
                        utc(view.updatedAt()))))
                .replaceWithVoid();
    }

    /** Inserts the copy of {@code sourceViewId} on its panel once; false when that copy exists already. */
    public Uni<Boolean> insertCopy(SqlClient tx, View view, UUID sourceViewId) {
        return tx.preparedQuery("insert into saved_view (id, tenant_id, panel_id, name, type, visibility, owner_id, locked, position,"
                        + " columns, query, settings, version, created_at, updated_at, copied_from)"
                        + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb, $11::text::jsonb, $12::text::jsonb, $13, $14, $15, $16)"
                        + " on conflict (panel_id, copied_from) where copied_from is not null do nothing")
                .execute(Tuple.from(List.of(view.id(), view.tenantId(), view.panelId(), view.name(), view.type().name(),
                        view.visibility().name(), view.ownerId(), view.locked(), view.position(), Json.write(view.columns()),
                        view.query().toString(), view.settings().toString(), view.version(), utc(view.createdAt()),
                        utc(view.updatedAt()), sourceViewId)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Writes the new state when the stored version is still {@code expectedVersion}; false otherwise. */
    public Uni<Boolean> update(SqlClient tx, View view, long expectedVersion) {
        return tx.preparedQuery("update saved_view set name = $3, type = $4, visibility = $5, locked = $6, position = $7,"
                        + " columns = $8::text::jsonb, query = $9::text::jsonb, settings = $10::text::jsonb, version = $11, updated_at = $12"
                        + " where id = $1 and version = $2")
                .execute(Tuple.from(List.of(view.id(), expectedVersion, view.name(), view.type().name(), view.visibility().name(),
                        view.locked(), view.position(), Json.write(view.columns()), view.query().toString(),
                        view.settings().toString(), view.version(), utc(view.updatedAt()))))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Void> delete(SqlClient tx, UUID id) {
        return tx.preparedQuery("delete from saved_view where id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    private static List<View> views(RowSet<Row> rows) {
        List<View> views = new ArrayList<>();
        for (Row row : rows) {
            views.add(view(row));
        }
        return views;
    }

    private static View view(Row row) {
        return new View(row.getUUID("id"), row.getUUID("tenant_id"), row.getUUID("panel_id"), row.getString("name"),
                View.ViewType.valueOf(row.getString("type")), View.Visibility.valueOf(row.getString("visibility")),
                row.getString("owner_id"), row.getBoolean("locked"), row.getInteger("position"),
                Json.columns(row.getString("columns")), Json.tree(row.getString("query")), Json.tree(row.getString("settings")),
                row.getLong("version"), row.getOffsetDateTime("created_at").toInstant(),
                row.getOffsetDateTime("updated_at").toInstant());
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
