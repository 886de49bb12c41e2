package io.panels.view.api;

import io.panels.common.idempotency.IdempotencyKeys;
import io.panels.common.tenant.TenantScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs a write in one transaction bound to the caller's tenant (row-level security), with its
 * {@code Idempotency-Key} claimed in that same transaction when the caller sent one: a retry gets
 * the first reply, a failed write releases the key.
 */
@ApplicationScoped
public class IdempotentWrites {

    private final Pool pool;
    private final IdempotencyKeys keys;

    public IdempotentWrites(Pool pool, IdempotencyKeys keys) {
        this.pool = pool;
        this.keys = keys;
    }

    public Uni<Response> run(UUID tenantId, String key, String operation, Object request,
                             Function<SqlConnection, Uni<IdempotencyKeys.Reply>> write) {
        IdempotencyKeys.validate(key);
        String scope = tenantId.toString();
        String fingerprint = key == null ? null : keys.fingerprint(operation, request == null ? "" : request);
        return pool.withTransaction(tx -> TenantScope.bind(tx, tenantId).chain(() -> key == null
                ? write.apply(tx).map(IdempotentWrites::response)
                : keys.claim(tx, scope, key, fingerprint).chain(earlier -> earlier.isPresent()
                        ? Uni.createFrom().item(earlier.get().toResponse())
                        : write.apply(tx).call(reply -> keys.complete(tx, scope, key, reply)).map(IdempotentWrites::response))));
    }

    public IdempotencyKeys.Reply reply(int status, Object entity, String etag, String location) {
        return keys.reply(status, entity, etag, location);
    }

    private static Response response(IdempotencyKeys.Reply reply) {
        Response.ResponseBuilder response = Response.status(reply.status());
        if (reply.body() != null) {
            response.entity(reply.body()).type("application/json");
        }
        if (reply.etag() != null) {
            response.header(HttpHeaders.ETAG, reply.etag());
        }
        if (reply.location() != null) {
            response.header(HttpHeaders.LOCATION, reply.location());
        }
        return response.build();
    }
}
