package io.panels.data.api;

import io.panels.common.idempotency.IdempotencyKeys;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.TenantScope;
import io.panels.data.store.PanelRegistry;
import io.panels.data.store.Statements;
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
 * the first reply, a failed write releases the key. A write that finds the panel's schema changed
 * under it ({@link PanelRegistry.StaleSchema}) is rolled back and run again.
 */
@ApplicationScoped
public class IdempotentWrites {

    /** Attempts after the first when a panel's schema changes under a write: one schema event each. */
    private static final int STALE_SCHEMA_RETRIES = 3;

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
        // The tenant is bound in the same round trip as what follows it (pipelined, and so run
        // after it): the claim of the key, or without a key the write's first statements.
        Uni<Response> attempt = pool.withTransaction(tx -> key == null
                ? Statements.together(TenantScope.bind(tx, tenantId), Uni.createFrom().deferred(() -> write.apply(tx)))
                        .map(IdempotentWrites::response)
                : Statements.together(TenantScope.bind(tx, tenantId), keys.claim(tx, scope, key, fingerprint))
                        .chain(earlier -> earlier.isPresent()
                                ? Uni.createFrom().item(earlier.get().toResponse())
                                : write.apply(tx).call(reply -> keys.complete(tx, scope, key, reply)).map(IdempotentWrites::response)));
        // A write made with a panel schema that changed meanwhile rolled back: run it again (ADR 0042).
        return attempt.onFailure(PanelRegistry.StaleSchema.class).retry().atMost(STALE_SCHEMA_RETRIES)
                .onFailure(PanelRegistry.StaleSchema.class).transform(stale -> new ProblemException(503, "panel-schema-changing",
                        "Panel schema changing", "The panel's columns changed while the rows were written; nothing was written. Send it again."));
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
