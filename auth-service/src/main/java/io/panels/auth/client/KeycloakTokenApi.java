package io.panels.auth.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The realm's token endpoint, for auth-service's own service-account token. */
@RegisterRestClient(configKey = "keycloak-token")
public interface KeycloakTokenApi {

    @POST
    @Path("/protocol/openid-connect/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<JsonNode> clientCredentials(@FormParam("grant_type") String grantType, @FormParam("client_id") String clientId,
                                    @FormParam("client_secret") String clientSecret);
}
