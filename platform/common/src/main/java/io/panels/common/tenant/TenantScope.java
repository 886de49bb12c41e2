package io.panels.common.tenant;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The second wall behind the application's tenant checks: every tenant table has a row-level
 * security policy on {@code panels.tenant_id}, and a transaction sees only the rows of the tenant
 * bound here (for that transaction only). A transaction that binds no tenant sees no tenant rows.
 *
 * <pre>
 * alter table t enable row level security;
 * alter table t force row level security;
 * create policy tenant_isolation on t
 *     using (tenant_id = nullif(current_setting('panels.tenant_id', true), '')::uuid);
 * </pre>
 */
public final class TenantScope {

    private static final String BIND = "select set_config('panels.tenant_id', $1, true)";
    private static final String BIND_NATIVE = "select set_config('panels.tenant_id', ?1, true)";

    private TenantScope() {
    }

    public static Uni<Void> bind(SqlClient transaction, UUID tenantId) {
        return transaction.preparedQuery(BIND).execute(Tuple.of(tenantId.toString())).replaceWithVoid();
    }

    /**
     * Runs one read statement in a read-only transaction that sees only {@code tenantId}'s rows, in
     * one round trip: BEGIN with the tenant binding, {@code statement} and COMMIT are sent together (a
     * connection runs its commands in the order they were sent), and nothing is written, so no
     * commit waits for the WAL. {@code statement} must send exactly one statement when subscribed;
     * a later one would run after the COMMIT, outside the tenant's transaction. When any of them
     * fails, the COMMIT ends the aborted transaction as a rollback, so the connection goes back to
     * the pool clean.
     */
    public static <T> Uni<T> readOnly(Pool pool, UUID tenantId, Function<SqlConnection, Uni<T>> statement) {
        // Subscribed in this order, so sent in this order; the first to fail is the earliest. BEGIN and
        // the binding travel as one simple query (one message, one reply flushed by the server), so the
        // tenant is a literal: a UUID's text is hex digits and dashes only.
        String begin = "begin read only; select set_config('panels.tenant_id', '" + tenantId + "', true)";
        return pool.withConnection(connection -> Uni.combine().all().unis(
                        connection.query(begin).execute(),
                        statement.apply(connection),
                        connection.query("commit").execute())
                .with((begun, result, committed) -> result));
    }

    public static Uni<Void> bind(Mutiny.Session session, UUID tenantId) {
        return session.createNativeQuery(BIND_NATIVE).setParameter(1, tenantId.toString())
                .getSingleResult().replaceWithVoid();
    }
}
