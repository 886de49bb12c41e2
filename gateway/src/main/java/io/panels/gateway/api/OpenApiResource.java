package io.panels.gateway.api;

import io.panels.gateway.client.OpenApiSources;
import io.panels.gateway.config.GatewaySettings;
import io.panels.gateway.domain.MergedOpenApi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The merged OpenAPI document of every service (Swagger UI at /api/v1/docs reads it). */
@Path("/api/v1/openapi")
public class OpenApiResource {

    private record Cached(String document, Instant until) {
    }

    private static final AtomicReference<Cached> CACHE = new AtomicReference<>();

    private final OpenApiSources sources;
    private final GatewaySettings settings;

    public OpenApiResource(OpenApiSources sources, GatewaySettings settings) {
        this.sources = sources;
        this.settings = settings;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The OpenAPI document of the whole API, merged from every service's")
    public Uni<String> document() {
        Cached cached = CACHE.get();
        if (cached != null && Instant.now().isBefore(cached.until())) {
            return Uni.createFrom().item(cached.document());
        }
        List<String> services = settings.openapi().services().orElseGet(() -> List.copyOf(settings.services().keySet()));
        Map<String, JsonObject> documents = new HashMap<>();
        List<Future<?>> fetches = new ArrayList<>();
        for (String service : services) {
            fetches.add(sources.fetch(service)
                    .onSuccess(document -> record(documents, service, document))
                    .onFailure(failure -> record(documents, service, null))
                    .otherwiseEmpty());
        }
        return Uni.createFrom().completionStage(Future.join(fetches).toCompletionStage())
                .onFailure().recoverWithNull()
                .map(ignored -> {
                    String merged;
                    synchronized (documents) {
                        merged = MergedOpenApi.merge(documents).encodePrettily();
                    }
                    CACHE.set(new Cached(merged, Instant.now().plus(settings.openapi().cacheFor())));
                    return merged;
                });
    }

    private static void record(Map<String, JsonObject> documents, String service, JsonObject document) {
        synchronized (documents) {
            documents.put(service, document);
        }
    }
}
