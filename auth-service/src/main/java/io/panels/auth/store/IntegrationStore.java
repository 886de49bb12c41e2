package io.panels.auth.store;

import io.panels.auth.domain.Integration;
import io.panels.common.tenant.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Integrations of a tenant; callers bind the tenant first (row-level security). */
@ApplicationScoped
public class IntegrationStore {

    private static final String COLUMNS = "id, tenant_id, name, role, client_id, client_uuid, status, created_by,"
            + " created_at, secret_rotated_at, revoked_at";

    public Uni<Integration> insert(SqlClient sql, Integration integration) {
        return sql.preparedQuery("insert into integration (id, tenant_id, name, role, client_id, client_uuid, status,"
                        + " created_by) values ($1, $2, $3, $4, $5, $6, $7, $8) returning " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(integration.id(), integration.tenantId(), integration.name(),
                        integration.role().claimValue(), integration.clientId(), integration.clientUuid(),
                        integration.status(), integration.createdBy())))
                .map(rows -> map(rows.iterator().next()));
    }

    public Uni<Optional<Integration>> find(SqlClient sql, UUID tenantId, UUID id) {
        return sql.preparedQuery("select " + COLUMNS + " from integration where tenant_id = $1 and id = $2 for update")
                .execute(Tuple.of(tenantId, id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    public Uni<Boolean> activeClient(SqlClient sql, UUID tenantId, String clientId) {
        return sql.preparedQuery("select 1 from integration where tenant_id = $1 and client_id = $2 and status = 'active'")
                .execute(Tuple.of(tenantId, clientId)).map(rows -> rows.size() > 0);
    }

    public Uni<List<Integration>> list(SqlClient sql, UUID tenantId, UUID after, int limit) {
        return sql.preparedQuery("select " + COLUMNS + " from integration where tenant_id = $1"
                        + " and ($2::uuid is null or id > $2) order by id limit $3")
                .execute(Tuple.of(tenantId, after, limit))
                .map(IntegrationStore::all);
    }

    public Uni<List<Integration>> allActive(SqlClient sql, UUID tenantId) {
        return sql.preparedQuery("select " + COLUMNS + " from integration where tenant_id = $1 and status = 'active'")
                .execute(Tuple.of(tenantId)).map(IntegrationStore::all);
    }

    public Uni<Integration> rotated(SqlClient sql, UUID tenantId, UUID id) {
        return sql.preparedQuery("update integration set secret_rotated_at = now() where tenant_id = $1 and id = $2"
                        + " returning " + COLUMNS)
                .execute(Tuple.of(tenantId, id)).map(rows -> map(rows.iterator().next()));
    }

    public Uni<Void> revoked(SqlClient sql, UUID tenantId, UUID id) {
        return sql.preparedQuery("update integration set status = 'revoked', revoked_at = now()"
                        + " where tenant_id = $1 and id = $2")
                .execute(Tuple.of(tenantId, id)).replaceWithVoid();
    }

    private static List<Integration> all(Iterable<Row> rows) {
        List<Integration> integrations = new ArrayList<>();
        rows.forEach(row -> integrations.add(map(row)));
        return integrations;
    }

    private static Integration map(Row row) {
        return new Integration(row.getUUID("id"), row.getUUID("tenant_id"), row.getString("name"),
                Role.fromClaim(row.getString("role")).orElseThrow(), row.getString("client_id"),
                row.getString("client_uuid"), row.getString("status"), row.getString("created_by"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("secret_rotated_at"),
                row.getOffsetDateTime("revoked_at"));
    }
}
