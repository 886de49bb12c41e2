package io.panels.common.tenant;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;
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

    public static Uni<Void> bind(Mutiny.Session session, UUID tenantId) {
        return session.createNativeQuery(BIND_NATIVE).setParameter(1, tenantId.toString())
                .getSingleResult().replaceWithVoid();
    }
}
