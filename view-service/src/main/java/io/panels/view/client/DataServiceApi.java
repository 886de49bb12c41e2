package io.panels.view.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * data-service's query API (docs/data-service.md). Answers are taken as they come (the default
 * exception mapper is off): {@link DataService} tells a refused query (4xx, the caller's fault)
 * from data-service being unwell.
 */
@RegisterRestClient(configKey = "data-service")
@Path("/api/v1/panels")
public interface DataServiceApi {

    /**
     * @param authorization the caller's {@code Bearer} token, or view-service's own for a share link
     * @param tenant        the tenant a service-identity call acts in (null with a user's token)
     */
    @POST
    @Path("/{panelId}/query")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Response> query(@PathParam("panelId") UUID panelId, @HeaderParam("Authorization") String authorization,
                        @HeaderParam("X-Panels-Tenant") String tenant, JsonNode request);
}
