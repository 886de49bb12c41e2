package io.panels.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.common.request.RequestIds;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/**
 * A rejected bearer token (bad signature, expired, another realm) is refused by the HTTP layer
 * before any resource runs; this gives that reply the same problem+json shape as every other error.
 */
@ApplicationScoped
public class AuthenticationProblems {

    private final ObjectMapper json;

    public AuthenticationProblems(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext context) {
        Throwable failure = context.failure();
        if (!(failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException)
                || context.response().headWritten()) {
            context.next();
            return;
        }
        Problem body = new Problem(Problem.TYPE_BASE + "unauthorized", "Unauthorized", 401,
                "A valid bearer token is required.", context.normalizedPath(), RequestIds.traceId(), List.of());
        try {
            context.response().setStatusCode(401)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("WWW-Authenticate", "Bearer")
                    .end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            context.next();
        }
    }
}
