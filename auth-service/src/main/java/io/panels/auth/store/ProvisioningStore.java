package io.panels.auth.store;

import io.panels.auth.domain.NewTenant;
import io.panels.auth.domain.Provisioning;
import io.panels.events.tenant.PlanLimits;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Tenant creations in flight (platform data, no row-level security). */
@ApplicationScoped
public class ProvisioningStore {

    /** First key of the creations' advisory locks ("PROV"). */
    private static final int TURN_LOCK = 0x50524f56;

    private static final String COLUMNS = "id, alias, name, plan, max_panels, max_rows_per_panel, max_requests_per_minute,"
            + " owner_email, organization_id, owner_user_id, owner_created, state, attempts";

    public Uni<Void> insert(SqlClient sql, UUID id, NewTenant request) {
        return sql.preparedQuery("insert into tenant_provisioning (id, alias, name, plan, max_panels, max_rows_per_panel,"
                        + " max_requests_per_minute, owner_email, state) values ($1, $2, $3, $4, $5, $6, $7, $8, 'pending')")
                .execute(Tuple.from(Arrays.asList(id, request.alias(), request.name(), request.plan(),
                        request.limits().maxPanels(), request.limits().maxRowsPerPanel(),
                        request.limits().maxRequestsPerMinute(), request.ownerEmail())))
                .replaceWithVoid();
    }

    public Uni<Optional<Provisioning>> byAlias(SqlClient sql, String alias) {
        return one(sql, "select " + COLUMNS + " from tenant_provisioning where alias = $1 for update", Tuple.of(alias));
    }

    public Uni<Optional<Provisioning>> find(SqlClient sql, UUID id) {
        return one(sql, "select " + COLUMNS + " from tenant_provisioning where id = $1", Tuple.of(id));
    }

    public Uni<Optional<Provisioning>> lock(SqlClient sql, UUID id) {
        return one(sql, "select " + COLUMNS + " from tenant_provisioning where id = $1 for update", Tuple.of(id));
    }

    /**
     * Takes this creation's turn for the rest of {@code sql}'s transaction, if nobody holds it: a
     * transaction-scoped advisory lock (first key {@link #TURN_LOCK}, second the creation id's hash),
     * so two resumes of one creation never run their Keycloak steps at the same time.
     */
    public Uni<Boolean> tryTakeTurn(SqlClient sql, UUID id) {
        return sql.preparedQuery("select pg_try_advisory_xact_lock($1, hashtext($2)) as taken")
                .execute(Tuple.of(TURN_LOCK, id.toString()))
                .map(rows -> rows.iterator().next().getBoolean("taken"));
    }

    public Uni<Void> attempt(SqlClient sql, UUID id) {
        return sql.preparedQuery("update tenant_provisioning set attempts = attempts + 1, updated_at = now() where id = $1")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Void> organizationMade(SqlClient sql, UUID id, UUID organizationId) {
        return sql.preparedQuery("update tenant_provisioning set organization_id = $2, updated_at = now() where id = $1")
                .execute(Tuple.of(id, organizationId)).replaceWithVoid();
    }

    public Uni<Void> ownerFound(SqlClient sql, UUID id, String userId, boolean created) {
        return sql.preparedQuery("update tenant_provisioning set owner_user_id = $2, owner_created = $3, updated_at = now()"
                        + " where id = $1")
                .execute(Tuple.of(id, userId, created)).replaceWithVoid();
    }

    public Uni<Void> failed(SqlClient sql, UUID id, String error) {
        return sql.preparedQuery("update tenant_provisioning set last_error = $2, updated_at = now() where id = $1")
                .execute(Tuple.of(id, error)).replaceWithVoid();
    }

    public Uni<Void> done(SqlClient sql, UUID id) {
        return sql.preparedQuery("update tenant_provisioning set state = 'done', last_error = null, updated_at = now()"
                        + " where id = $1")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient sql, UUID id) {
        return sql.preparedQuery("delete from tenant_provisioning where id = $1").execute(Tuple.of(id)).replaceWithVoid();
    }

    /** The first owner auth-service made for a tenant, when {@code email} is that owner's. */
    public Uni<Optional<String>> ownerMadeFor(SqlClient sql, UUID organizationId, String email) {
        return sql.preparedQuery("select owner_user_id from tenant_provisioning where organization_id = $1"
                        + " and state = 'done' and owner_created and lower(owner_email) = lower($2)")
                .execute(Tuple.of(organizationId, email))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.ofNullable(rows.iterator().next().getString("owner_user_id")));
    }

    /** Unfinished creations nobody touched for {@code idle}: the background job resumes them. */
    public Uni<List<UUID>> stalled(SqlClient sql, Duration idle, int limit) {
        return sql.preparedQuery("select id from tenant_provisioning where state = 'pending'"
                        + " and updated_at < now() - make_interval(secs => $1) order by updated_at limit $2")
                .execute(Tuple.of((double) idle.toMillis() / 1000, limit))
                .map(rows -> {
                    List<UUID> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    private static Uni<Optional<Provisioning>> one(SqlClient sql, String query, Tuple args) {
        return sql.preparedQuery(query).execute(args)
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    private static Provisioning map(Row row) {
        return new Provisioning(row.getUUID("id"), row.getString("alias"), row.getString("name"), row.getString("plan"),
                new PlanLimits(row.getInteger("max_panels"), row.getLong("max_rows_per_panel"),
                        row.getInteger("max_requests_per_minute")),
                row.getString("owner_email"), row.getUUID("organization_id"), row.getString("owner_user_id"),
                row.getBoolean("owner_created"), row.getString("state"), row.getInteger("attempts"));
    }
}
