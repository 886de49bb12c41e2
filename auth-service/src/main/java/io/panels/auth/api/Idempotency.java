package io.panels.auth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.auth.store.IdempotencyStore;
import io.panels.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * Writes with an {@code Idempotency-Key}: the first reply is stored with a hash of the request;
 * the same key with the same request replays it, with a different request it is a 422.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY = 255;

    private final IdempotencyStore store;
    private final ObjectMapper json;

    public Idempotency(IdempotencyStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    public Uni<Response> run(String scope, String key, String operation, Object request, Supplier<Uni<Response>> write) {
        if (key == null) {
            return write.get();
        }
        if (key.isBlank() || key.length() > MAX_KEY) {
            throw ProblemException.invalid(HEADER, "1 to " + MAX_KEY + " characters");
        }
        String hash = hash(operation, request);
        return store.find(scope, key).chain(stored -> {
            if (stored.isPresent()) {
                if (!stored.get().requestHash().equals(hash)) {
                    return Uni.createFrom().failure(new ProblemException(422, "idempotency-key-reused",
                            "Idempotency key reused", "This Idempotency-Key was used for a different request."));
                }
                return Uni.createFrom().item(Response.status(stored.get().status())
                        .entity(stored.get().body()).type(MediaType.APPLICATION_JSON)
                        .header("Idempotent-Replayed", "true").build());
            }
            return write.get().call(response -> response.getStatus() < 300
                    ? store.store(scope, key, hash, response.getStatus(), body(response.getEntity()))
                    : Uni.createFrom().voidItem());
        });
    }

    private String body(Object entity) {
        try {
            return entity == null ? "" : json.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String hash(String operation, Object request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(operation.getBytes(StandardCharsets.UTF_8));
            digest.update(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
