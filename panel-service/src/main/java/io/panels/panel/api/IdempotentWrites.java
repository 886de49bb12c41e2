package io.panels.panel.api;

import io.panels.common.idempotency.IdempotencyKeys;
import io.panels.panel.store.PanelStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs a write in one tenant transaction, honouring {@code Idempotency-Key} through platform/common's
 * {@link IdempotencyKeys} (docs/adr/0010): the first request with a key stores its reply with the
 * change; a repeat with the same request gets that reply again (and no second change); the same key
 * with another request is a 422.
 */
@ApplicationScoped
public class IdempotentWrites {

    public static final String HEADER = IdempotencyKeys.HEADER;

    private final PanelStore store;
    private final IdempotencyKeys keys;

    public IdempotentWrites(PanelStore store, IdempotencyKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    /**
     * @param request what identifies the request besides its path (the body and options): the same
     *                key with a different request is refused
     */
    public <T> Uni<Response> run(UUID tenantId, String key, String method, String path, Object request,
                                 Function<SqlConnection, Uni<T>> change, Function<T, Reply> reply) {
        IdempotencyKeys.validate(key);
        String scope = tenantId.toString();
        String fingerprint = keys.fingerprint(method + " " + path, request);
        return store.inTenant(tenantId, tx -> (key == null
                ? Uni.createFrom().item(Optional.<IdempotencyKeys.Reply>empty())
                : keys.claim(tx, scope, key, fingerprint))
                .chain(earlier -> {
                    if (earlier.isPresent()) {
                        return Uni.createFrom().item(earlier.get().toResponse());
                    }
                    return change.apply(tx).map(reply).chain(made -> key == null
                            ? Uni.createFrom().item(made.toResponse())
                            : keys.complete(tx, scope, key, keys.reply(made.status(), made.body(), made.etag(), made.location()))
                            .replaceWith(made.toResponse()));
                }));
    }
}
