package io.panels.auth.store;

import io.panels.auth.domain.Member;
import io.panels.common.tenant.Role;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Members of a tenant; callers bind the tenant first (row-level security). */
@ApplicationScoped
public class MemberStore {

    private static final String COLUMNS = "tenant_id, user_id, email, role, version, created_at, updated_at";

    /** Answers false when the user was a member already. */
    public Uni<Boolean> insert(SqlClient sql, UUID tenantId, String userId, String email, Role role) {
        return sql.preparedQuery("insert into member (tenant_id, user_id, email, role) values ($1, $2, $3, $4)"
                        + " on conflict do nothing")
                .execute(Tuple.of(tenantId, userId, email, role.claimValue()))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Optional<Member>> find(SqlClient sql, UUID tenantId, String userId) {
        return sql.preparedQuery("select " + COLUMNS + " from member where tenant_id = $1 and user_id = $2")
                .execute(Tuple.of(tenantId, userId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(map(rows.iterator().next())));
    }

    public Uni<Boolean> emailIsMember(SqlClient sql, UUID tenantId, String email) {
        return sql.preparedQuery("select 1 from member where tenant_id = $1 and lower(email) = lower($2)")
                .execute(Tuple.of(tenantId, email)).map(rows -> rows.size() > 0);
    }

    public Uni<List<Member>> list(SqlClient sql, UUID tenantId, String afterUserId, int limit) {
        return sql.preparedQuery("select " + COLUMNS + " from member where tenant_id = $1"
                        + " and ($2::text is null or user_id > $2) order by user_id limit $3")
                .execute(Tuple.of(tenantId, afterUserId, limit))
                .map(MemberStore::all);
    }

    public Uni<List<Member>> all(SqlClient sql, UUID tenantId) {
        return sql.preparedQuery("select " + COLUMNS + " from member where tenant_id = $1")
                .execute(Tuple.of(tenantId)).map(MemberStore::all);
    }

    public Uni<Long> owners(SqlClient sql, UUID tenantId) {
        return sql.preparedQuery("select count(*) as owners from member where tenant_id = $1 and role = 'owner'")
                .execute(Tuple.of(tenantId)).map(rows -> rows.iterator().next().getLong("owners"));
    }

    public Uni<Member> changeRole(SqlClient sql, UUID tenantId, String userId, Role role) {
        return sql.preparedQuery("update member set role = $3, version = version + 1, updated_at = now()"
                        + " where tenant_id = $1 and user_id = $2 returning " + COLUMNS)
                .execute(Tuple.of(tenantId, userId, role.claimValue()))
                .map(rows -> map(rows.iterator().next()));
    }

    public Uni<Void> delete(SqlClient sql, UUID tenantId, String userId) {
        return sql.preparedQuery("delete from member where tenant_id = $1 and user_id = $2")
                .execute(Tuple.of(tenantId, userId)).replaceWithVoid();
    }

    public Uni<Void> deleteAll(SqlClient sql, UUID tenantId) {
        return sql.preparedQuery("delete from member where tenant_id = $1").execute(Tuple.of(tenantId)).replaceWithVoid();
    }

    private static List<Member> all(Iterable<Row> rows) {
        List<Member> members = new ArrayList<>();
        rows.forEach(row -> members.add(map(row)));
        return members;
    }

    private static Member map(Row row) {
        return new Member(row.getUUID("tenant_id"), row.getString("user_id"), row.getString("email"),
                Role.fromClaim(row.getString("role")).orElseThrow(), row.getInteger("version"),
                row.getOffsetDateTime("created_at"), row.getOffsetDateTime("updated_at"));
    }
}
