package io.panels.auth.store;

import io.panels.auth.domain.Tenant;
import io.panels.auth.domain.TenantStatus;
import io.panels.events.tenant.PlanLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The tenant registry (platform data: no row-level security, see V1__init.sql). */
@ApplicationScoped
public class TenantStore {

    private static final String COLUMNS = "id, alias, name, plan, max_panels, max_rows_per_panel, max_requests_per_minute,"
            + " status, suspended_reason, version, created_at, updated_at";

    public Uni<Void> insert(SqlClient sql, Tenant tenant) {
        return sql.preparedQuery("insert into tenant (id, alias, name, plan, max_panels, max_rows_per_panel,"
                        + " max_requests_per_minute, status) values ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(Arrays.asList(tenant.id(), tenant.alias(), tenant.name(), tenant.plan(),
                        tenant.limits().maxPanels(), tenant.limits().maxRowsPerPanel(),
                        tenant.limits().maxRequestsPerMinute(), tenant.status().value())))
                .replaceWithVoid();
    }

    public Uni<Optional<Tenant>> find(SqlClient sql, UUID id) {
        return one(sql, "select " + COLUMNS + " from tenant where id = $1", Tuple.of(id));
    }

    /** Locks the tenant row: membership changes of one tenant go one at a time (last-owner rule). */
    public Uni<Optional<Tenant>> lock(SqlClient sql, UUID id) {
        return one(sql, "select " + COLUMNS + " from tenant where id = $1 for update", Tuple.of(id));
    }

    public Uni<Boolean> aliasTaken(SqlClient sql, String alias) {
        return sql.preparedQuery("select 1 from tenant where alias = $1").execute(Tuple.of(alias))
                .map(rows -> rows.size() > 0);
    }

    public Uni<List<Tenant>> list(SqlClient sql, TenantStatus status, UUID after, int limit) {
        return sql.preparedQuery("select " + COLUMNS + " from tenant where ($1::text is null or status = $1)"
                        + " and ($2::uuid is null or id > $2) order by id limit $3")
                .execute(Tuple.of(status == null ? null : status.value(), after, limit))
                .map(TenantStore::all);
    }

    public Uni<List<Tenant>> findAll(SqlClient sql, Collection<UUID> ids) {
        return sql.preparedQuery("select " + COLUMNS + " from tenant where id = any($1) order by alias")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(TenantStore::all);
    }

    /** Writes the new state and bumps the version; answers the stored row. */
    public Uni<Tenant> update(SqlClient sql, Tenant tenant) {
        return sql.preparedQuery("update tenant set name = $2, plan = $3, max_panels = $4, max_rows_per_panel = $5,"
                        + " max_requests_per_minute = $6, status = $7, suspended_reason = $8, version = version + 1,"
                        + " updated_at = now() where id = $1 returning " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(tenant.id(), tenant.name(), tenant.plan(), tenant.limits().maxPanels(),
                        tenant.limits().maxRowsPerPanel(), tenant.limits().maxRequestsPerMinute(), tenant.status().value(),
                        tenant.suspendedReason())))
                .map(rows -> map(rows.iterator().next()));
    }

    private static Uni<Optional<Tenant>> one(SqlClient sql, String query, Tuple args) {
        return sql.preparedQuery(query).execute(args)
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    private static List<Tenant> all(Iterable<Row> rows) {
        List<Tenant> tenants = new ArrayList<>();
        rows.forEach(row -> tenants.add(map(row)));
        return tenants;
    }

    static Tenant map(Row row) {
        return new Tenant(row.getUUID("id"), row.getString("alias"), row.getString("name"), row.getString("plan"),
                new PlanLimits(row.getInteger("max_panels"), row.getLong("max_rows_per_panel"),
                        row.getInteger("max_requests_per_minute")),
                TenantStatus.of(row.getString("status")), row.getString("suspended_reason"), row.getInteger("version"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    }
}
