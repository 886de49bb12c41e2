package io.panels.auth.store;

import io.panels.common.tenant.TenantScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import java.util.function.Function;

/** Transactions of auth-service: platform-wide, or bound to one tenant (row-level security). */
@ApplicationScoped
public class TenantTransactions {

    private final Pool pool;

    public TenantTransactions(Pool pool) {
        this.pool = pool;
    }

    public <T> Uni<T> platform(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    public <T> Uni<T> tenant(UUID tenantId, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(sql -> TenantScope.bind(sql, tenantId).chain(() -> work.apply(sql)));
    }
}
