package io.panels.view.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Runs queries on data-service, guarded: a timeout per call and a circuit breaker that stops
 * calling for a while once half of the last ten calls failed (no answer in time, refused
 * connection, server error). Any of those is a 503 problem {@code service-unavailable}: retrying
 * later is safe. A refused query (4xx) is the caller's, and is answered with data-service's reason.
 */
@ApplicationScoped
public class DataService {

    private static final Logger LOG = Logger.getLogger(DataService.class);

    private final DataServiceApi api;
    private final ObjectMapper json;

    public DataService(@RestClient DataServiceApi api, ObjectMapper json) {
        this.api = api;
        this.json = json;
    }

    /** The query's answer (docs/data-service.md), or a problem: 4xx as data-service gave it, 503 when it is unwell. */
    public Uni<JsonNode> query(UUID panelId, String authorization, UUID tenant, JsonNode request) {
        return guarded(panelId, authorization, tenant == null ? null : tenant.toString(), request)
                .onFailure(failure -> !(failure instanceof ProblemException))
                .transform(failure -> {
                    LOG.warnf("data-service is unavailable: %s", failure.toString());
                    return new ProblemException(503, "service-unavailable", "Service unavailable",
                            "The rows cannot be read right now (data-service is unavailable); retrying later is safe.");
                });
    }

    @Timeout(value = 5, unit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, skipOn = ProblemException.class)
    @CircuitBreakerName("data-service")
    Uni<JsonNode> guarded(UUID panelId, String authorization, String tenant, JsonNode request) {
        return api.query(panelId, authorization, tenant, request).map(this::answer);
    }

    private JsonNode answer(Response response) {
        int status = response.getStatus();
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        if (status >= 500) {
            throw new DataServiceUnavailable("data-service answered " + status);
        }
        JsonNode node;
        try {
            node = body.isEmpty() ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            throw new DataServiceUnavailable("data-service answered " + status + " with a body that is not JSON");
        }
        if (status >= 400) {
            throw refused(status, node);
        }
        return node;
    }

    /** data-service's refusal as our own problem: same status, slug and field errors. */
    private static ProblemException refused(int status, JsonNode problem) {
        String type = problem.path("type").asText("");
        String slug = type.contains("/problems/") ? type.substring(type.lastIndexOf('/') + 1) : "validation";
        if (status == 404) {
            return ProblemException.notFound("panel", "of this view");
        }
        List<FieldError> errors = new ArrayList<>();
        problem.path("errors").forEach(e -> errors.add(new FieldError(e.path("field").asText(), e.path("message").asText())));
        return new ProblemException(status, slug, problem.path("title").asText("Refused"),
                problem.path("detail").asText("data-service refused the query."), errors);
    }
}
