package io.panels.auth.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** The parts of the Keycloak Admin REST API of realm panels that auth-service uses. */
@RegisterRestClient(configKey = "keycloak-admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface KeycloakAdminApi {

    String AUTH = "Authorization";

    @POST
    @Path("/organizations")
    Uni<Response> createOrganization(@HeaderParam(AUTH) String auth, JsonNode organization);

    @GET
    @Path("/organizations")
    Uni<JsonNode> findOrganizations(@HeaderParam(AUTH) String auth, @QueryParam("q") String attributeQuery,
                                    @QueryParam("briefRepresentation") boolean brief);

    @GET
    @Path("/organizations/{id}")
    Uni<Response> organization(@HeaderParam(AUTH) String auth, @PathParam("id") String id);

    @PUT
    @Path("/organizations/{id}")
    Uni<Response> updateOrganization(@HeaderParam(AUTH) String auth, @PathParam("id") String id, JsonNode organization);

    @DELETE
    @Path("/organizations/{id}")
    Uni<Response> deleteOrganization(@HeaderParam(AUTH) String auth, @PathParam("id") String id);

    @POST
    @Path("/organizations/{id}/members")
    Uni<Response> addOrganizationMember(@HeaderParam(AUTH) String auth, @PathParam("id") String id, JsonNode userId);

    @GET
    @Path("/organizations/{id}/members")
    Uni<Response> organizationMembers(@HeaderParam(AUTH) String auth, @PathParam("id") String id,
                                      @QueryParam("first") int first, @QueryParam("max") int max,
                                      @QueryParam("briefRepresentation") boolean brief);

    @DELETE
    @Path("/organizations/{id}/members/{userId}")
    Uni<Response> removeOrganizationMember(@HeaderParam(AUTH) String auth, @PathParam("id") String id,
                                           @PathParam("userId") String userId);

    @GET
    @Path("/users")
    Uni<JsonNode> usersByEmail(@HeaderParam(AUTH) String auth, @QueryParam("email") String email,
                               @QueryParam("exact") boolean exact);

    @POST
    @Path("/users")
    Uni<Response> createUser(@HeaderParam(AUTH) String auth, JsonNode user);

    @GET
    @Path("/users/{id}")
    Uni<Response> user(@HeaderParam(AUTH) String auth, @PathParam("id") String id);

    @PUT
    @Path("/users/{id}")
    Uni<Response> updateUser(@HeaderParam(AUTH) String auth, @PathParam("id") String id, JsonNode user);

    @DELETE
    @Path("/users/{id}")
    Uni<Response> deleteUser(@HeaderParam(AUTH) String auth, @PathParam("id") String id);

    @PUT
    @Path("/users/{id}/reset-password")
    Uni<Response> resetPassword(@HeaderParam(AUTH) String auth, @PathParam("id") String id, JsonNode credential);

    @POST
    @Path("/clients")
    Uni<Response> createClient(@HeaderParam(AUTH) String auth, JsonNode client);

    @GET
    @Path("/clients")
    Uni<JsonNode> clientsByClientId(@HeaderParam(AUTH) String auth, @QueryParam("clientId") String clientId);

    @POST
    @Path("/clients/{id}/client-secret")
    Uni<Response> regenerateSecret(@HeaderParam(AUTH) String auth, @PathParam("id") String id);

    @GET
    @Path("/clients/{id}/client-secret")
    Uni<Response> secret(@HeaderParam(AUTH) String auth, @PathParam("id") String id);

    @DELETE
    @Path("/clients/{id}")
    Uni<Response> deleteClient(@HeaderParam(AUTH) String auth, @PathParam("id") String id);
}
