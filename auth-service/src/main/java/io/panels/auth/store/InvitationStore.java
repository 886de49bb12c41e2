package io.panels.auth.store;

import io.panels.auth.domain.Invitation;
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

/** Invitations of a tenant; callers bind the tenant first (row-level security). */
@ApplicationScoped
public class InvitationStore {

    private static final String COLUMNS =
            "id, tenant_id, email, role, user_id, created_by, expires_at, accepted_at, revoked_at, created_at";

    public Uni<Void> insert(SqlClient sql, Invitation invitation, String tokenHash) {
        return sql.preparedQuery("insert into invitation (id, tenant_id, email, role, token_hash, user_id, created_by,"
                        + " expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.from(Arrays.asList(invitation.id(), invitation.tenantId(), invitation.email(),
                        invitation.role().claimValue(), tokenHash, invitation.userId(), invitation.createdBy(),
                        invitation.expiresAt())))
                .replaceWithVoid();
    }

    public Uni<Optional<Invitation>> byTokenForUpdate(SqlClient sql, UUID tenantId, String tokenHash) {
        return one(sql, "select " + COLUMNS + " from invitation where tenant_id = $1 and token_hash = $2 for update",
                Tuple.of(tenantId, tokenHash));
    }

    public Uni<Optional<Invitation>> find(SqlClient sql, UUID tenantId, UUID id) {
        return one(sql, "select " + COLUMNS + " from invitation where tenant_id = $1 and id = $2", Tuple.of(tenantId, id));
    }

    public Uni<List<Invitation>> list(SqlClient sql, UUID tenantId, UUID after, int limit) {
        return sql.preparedQuery("select " + COLUMNS + " from invitation where tenant_id = $1"
                        + " and ($2::uuid is null or id > $2) order by id limit $3")
                .execute(Tuple.of(tenantId, after, limit))
                .map(rows -> {
                    List<Invitation> invitations = new ArrayList<>();
                    rows.forEach(row -> invitations.add(map(row)));
                    return invitations;
                });
    }

    public Uni<Void> accepted(SqlClient sql, UUID id, String userId) {
        return sql.preparedQuery("update invitation set accepted_at = now(), accepted_by = $2 where id = $1")
                .execute(Tuple.of(id, userId)).replaceWithVoid();
    }

    public Uni<Void> revoke(SqlClient sql, UUID tenantId, UUID id) {
        return sql.preparedQuery("update invitation set revoked_at = now() where tenant_id = $1 and id = $2"
                        + " and revoked_at is null and accepted_at is null")
                .execute(Tuple.of(tenantId, id)).replaceWithVoid();
    }

    public Uni<Void> deleteAll(SqlClient sql, UUID tenantId) {
        return sql.preparedQuery("delete from invitation where tenant_id = $1").execute(Tuple.of(tenantId)).replaceWithVoid();
    }

    private static Uni<Optional<Invitation>> one(SqlClient sql, String query, Tuple args) {
        return sql.preparedQuery(query).execute(args)
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    private static Invitation map(Row row) {
        return new Invitation(row.getUUID("id"), row.getUUID("tenant_id"), row.getString("email"),
                Role.fromClaim(row.getString("role")).orElseThrow(), row.getString("user_id"), row.getString("created_by"),
                row.getOffsetDateTime("expires_at"), row.getOffsetDateTime("accepted_at"),
                row.getOffsetDateTime("revoked_at"), row.getOffsetDateTime("created_at"));
    }
}
