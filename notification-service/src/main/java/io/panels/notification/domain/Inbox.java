package io.panels.notification.domain;

import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantScope;
import io.panels.notification.store.NotificationStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** A person's notifications in the tenant of their token: nobody reads or marks another's. */
@ApplicationScoped
public class Inbox {

    private final Pool pool;
    private final NotificationStore store;

    public Inbox(Pool pool, NotificationStore store) {
        this.pool = pool;
        this.store = store;
    }

    public Uni<List<Notification>> page(TenantAccess access, UUID before, boolean unreadOnly, int limit) {
        return in(access, tx -> store.page(tx, access.tenantId(), access.subject(), before, unreadOnly, limit));
    }

    public Uni<Long> unreadCount(TenantAccess access) {
        return in(access, tx -> store.unreadCount(tx, access.tenantId(), access.subject()));
    }

    public Uni<Notification> markRead(TenantAccess access, UUID id) {
        return in(access, tx -> store.markRead(tx, access.tenantId(), access.subject(), id)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("notification", id))));
    }

    public Uni<Integer> markAllRead(TenantAccess access) {
        return in(access, tx -> store.markAllRead(tx, access.tenantId(), access.subject()));
    }

    private <T> Uni<T> in(TenantAccess access, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId()).chain(() -> work.apply(tx)));
    }
}
