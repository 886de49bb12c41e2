package io.panels.notification.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * Which tenant each panel and view belongs to, kept from panel.* and view.* events: what the
 * stream checks a subscription against. Callers bind the tenant first (row-level security), so a
 * panel of another tenant is simply not found.
 */
@ApplicationScoped
public class DirectoryStore {

    /** A view as the stream needs it. */
    public record ViewEntry(UUID viewId, UUID panelId, UUID tenantId, String visibility, String ownerId) {
        public boolean personal() {
            return "personal".equals(visibility);
        }
    }

    public Uni<Void> panelSeen(SqlClient tx, UUID panelId, UUID tenantId, boolean deleted) {
        // A panel never changes tenant: an event naming another tenant for a known panel is ignored by the where clause.
        return tx.preparedQuery("insert into panel_directory (panel_id, tenant_id, deleted) values ($1, $2, $3)"
                        + " on conflict (panel_id) do update set deleted = panel_directory.deleted or excluded.deleted, updated_at = now()"
                        + " where panel_directory.tenant_id = excluded.tenant_id")
                .execute(Tuple.of(panelId, tenantId, deleted))
                .replaceWithVoid();
    }

    public Uni<Void> viewSeen(SqlClient tx, ViewEntry view, long version, boolean deleted) {
        return tx.preparedQuery("insert into view_directory (view_id, panel_id, tenant_id, visibility, owner_id, version, deleted)"
                        + " values ($1, $2, $3, $4, $5, $6, $7)"
                        + " on conflict (view_id) do update set visibility = excluded.visibility, owner_id = excluded.owner_id,"
                        + " version = excluded.version, deleted = view_directory.deleted or excluded.deleted, updated_at = now()"
                        + " where view_directory.tenant_id = excluded.tenant_id and (view_directory.version < excluded.version or excluded.deleted)")
                .execute(Tuple.from(Arrays.asList(view.viewId(), view.panelId(), view.tenantId(), view.visibility(), view.ownerId(), version, deleted)))
                .replaceWithVoid();
    }

    /** The live panel, if it is the bound tenant's. */
    public Uni<Boolean> panelExists(SqlClient tx, UUID panelId) {
        return tx.preparedQuery("select 1 from panel_directory where panel_id = $1 and not deleted")
                .execute(Tuple.of(panelId))
                .map(rows -> rows.rowCount() > 0);
    }

    public Uni<Optional<ViewEntry>> view(SqlClient tx, UUID viewId) {
        return tx.preparedQuery("select view_id, panel_id, tenant_id, visibility, owner_id from view_directory"
                        + " where view_id = $1 and not deleted")
                .execute(Tuple.of(viewId))
                .map(rows -> {
                    if (rows.rowCount() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new ViewEntry(row.getUUID("view_id"), row.getUUID("panel_id"), row.getUUID("tenant_id"),
                            row.getString("visibility"), row.getString("owner_id")));
                });
    }
}
