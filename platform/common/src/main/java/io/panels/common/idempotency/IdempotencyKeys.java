package io.panels.common.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.common.problem.ProblemException;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * {@code Idempotency-Key} for writes: a retried request gets the first reply instead of a second
 * change. The key is claimed inside the write's transaction:
 * <pre>
 * pool.withTransaction(tx -> keys.claim(tx, scope, key, fingerprint)
 *         .chain(earlier -> earlier.isPresent()
 *                 ? Uni.createFrom().item(earlier.get().toResponse())
 *                 : write(tx).call(reply -> keys.complete(tx, scope, key, reply))...));
 * </pre>
 * A concurrent request with the same key waits on the claim and then replays the committed reply;
 * when the first write rolls back, its claim goes with it. The same key with a different request
 * is refused (422).
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    /** On a replayed reply, so a client can tell it from the original. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);
    private static final Pattern ACCEPTABLE = Pattern.compile("[\\x21-\\x7E]{1,255}");

    /** What a write answered: replayed as it was. */
    public record Reply(int status, String body, String etag, String location) {

        public Response toResponse() {
            Response.ResponseBuilder response = Response.status(status).header(REPLAYED_HEADER, "true");
            if (body != null) {
                response.entity(body).type("application/json");
            }
            if (etag != null) {
                response.header(HttpHeaders.ETAG, etag);
            }
            if (location != null) {
                response.header(HttpHeaders.LOCATION, location);
            }
            return response.build();
        }
    }

    private final Pool pool;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final Duration retention;

    public IdempotencyKeys(Pool pool, Vertx vertx, ObjectMapper json,
                           @ConfigProperty(name = "panels.idempotency.retention", defaultValue = "P1D") Duration retention) {
        this.pool = pool;
        this.vertx = vertx;
        this.json = json;
        this.retention = retention;
    }

    void scheduleCleanUp(@Observes StartupEvent event) {
        vertx.setPeriodic(Duration.ofMinutes(10).toMillis(), id -> pool
                .preparedQuery("delete from idempotency_claim where created_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds()))
                .subscribe().with(done -> {
                }, failure -> LOG.warn("Idempotency key clean-up failed; it runs again later", failure)));
    }

    /** Refuses a key that is not 1-255 visible ASCII characters (400); null means no key was sent. */
    public static void validate(String key) {
        if (key != null && !ACCEPTABLE.matcher(key).matches()) {
            throw ProblemException.invalid(HEADER, "must be 1 to 255 visible ASCII characters");
        }
    }

    /** The reply to store for a write: the entity as the JSON the client received. */
    public Reply reply(int status, Object entity, String etag, String location) {
        try {
            return new Reply(status, entity == null ? null : json.writeValueAsString(entity), etag, location);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the reply", e);
        }
    }

    /** A digest of what was asked: the operation (method and path) and the request body. */
    public String fingerprint(String operation, Object request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(operation.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint the request", e);
        }
    }

    /**
     * Claims {@code key} in {@code scope} for this request, inside the write's transaction. Empty
     * when the claim is new (make the write, then {@link #complete}); otherwise the reply of the
     * earlier request with this key.
     */
    public Uni<Optional<Reply>> claim(SqlConnection transaction, String scope, String key, String fingerprint) {
        validate(key);
        return transaction.preparedQuery("insert into idempotency_claim (scope, key, fingerprint) values ($1, $2, $3)"
                        + " on conflict (scope, key) do nothing")
                .execute(Tuple.of(scope, key, fingerprint))
                .chain(inserted -> inserted.rowCount() == 1
                        ? Uni.createFrom().item(Optional.<Reply>empty())
                        : earlier(transaction, scope, key, fingerprint).map(Optional::of));
    }

    /** Stores the reply of the write that claimed {@code key}, in the same transaction. */
    public Uni<Void> complete(SqlConnection transaction, String scope, String key, Reply reply) {
        return transaction.preparedQuery("update idempotency_claim set status = $3, body = $4, etag = $5, location = $6"
                        + " where scope = $1 and key = $2")
                .execute(Tuple.of(scope, key, reply.status(), reply.body(), reply.etag(), reply.location()))
                .replaceWithVoid();
    }

    private Uni<Reply> earlier(SqlConnection transaction, String scope, String key, String fingerprint) {
        return transaction.preparedQuery("select fingerprint, status, body, etag, location from idempotency_claim"
                        + " where scope = $1 and key = $2")
                .execute(Tuple.of(scope, key))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    if (!fingerprint.equals(row.getString("fingerprint"))) {
                        throw new ProblemException(422, "idempotency-key-reused", "Idempotency key reused",
                                "This Idempotency-Key was used for a different request; use a new key for a new request.");
                    }
                    return new Reply(row.getInteger("status"), row.getString("body"), row.getString("etag"),
                            row.getString("location"));
                });
    }
}
