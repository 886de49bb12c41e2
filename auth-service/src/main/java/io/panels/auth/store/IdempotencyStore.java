package io.panels.auth.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Replies of writes made with an {@code Idempotency-Key}, per scope (the tenant, or the platform
 * admin for tenant lifecycle calls). Infrastructure data, not exposed: no row-level security.
 */
@ApplicationScoped
public class IdempotencyStore {

    public record Stored(String requestHash, int status, String body) {
    }

    private final Pool pool;

    public IdempotencyStore(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<Stored>> find(String scope, String key) {
        return pool.preparedQuery("select request_hash, status, body from idempotency_record where scope = $1 and key = $2")
                .execute(Tuple.of(scope, key))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(row ->
                        new Stored(row.getString("request_hash"), row.getInteger("status"), row.getString("body"))));
    }

    /** Keeps the first reply stored under the key; a concurrent twin's reply is dropped. */
    public Uni<Void> store(String scope, String key, String requestHash, int status, String body) {
        return pool.preparedQuery("insert into idempotency_record (scope, key, request_hash, status, body)"
                        + " values ($1, $2, $3, $4, $5) on conflict do nothing")
                .execute(Tuple.of(scope, key, requestHash, status, body)).replaceWithVoid();
    }

    public Uni<Void> deleteOlderThan(Duration age) {
        return pool.preparedQuery("delete from idempotency_record where created_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) age.toSeconds())).replaceWithVoid();
    }
}
