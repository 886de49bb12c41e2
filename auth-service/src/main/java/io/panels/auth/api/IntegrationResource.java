package io.panels.auth.api;

import io.panels.auth.config.AuthSettings;
import io.panels.auth.domain.Integrations;
import io.panels.auth.domain.TenantGate;
import io.panels.common.tenant.Role;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** API integrations of the caller's tenant; owners and admins only. */
@Path("/api/v1/integrations")
@Tag(name = "Integrations", description = "Service-account clients acting in the tenant with a chosen role")
public class IntegrationResource {

    private final TenantGate gate;
    private final Integrations integrations;
    private final Idempotency idempotency;
    private final String tokenUrl;

    public IntegrationResource(TenantGate gate, Integrations integrations, Idempotency idempotency, AuthSettings settings) {
        this.gate = gate;
        this.integrations = integrations;
        this.idempotency = idempotency;
        this.tokenUrl = settings.keycloak().url() + "/realms/" + settings.keycloak().realm() + "/protocol/openid-connect/token";
    }

    @POST
    @Operation(summary = "Create an integration",
            description = "The reply holds the client secret, shown this once. Tokens: client-credentials grant at tokenUrl.")
    @APIResponse(responseCode = "201", description = "Created")
    public Uni<Response> create(@Valid @NotNull CreateIntegrationRequest request,
                                @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        Role role = Role.fromClaim(request.role()).orElseThrow();
        return gate.require(Role.ADMIN).chain(access -> idempotency.run(access.tenantId().toString(), idempotencyKey,
                "POST /integrations", request, () -> integrations.create(access, request.name(), role)
                        .map(made -> Response.status(201)
                                .entity(IntegrationResponse.of(made.integration(), made.secret(), tokenUrl)).build())));
    }

    @GET
    @Operation(summary = "List integrations")
    public Uni<Page<IntegrationResponse>> list(
            @QueryParam("limit") @DefaultValue(Cursors.LIMIT_DEFAULT) @Min(1) @Max(Cursors.LIMIT_MAX) int limit,
            @QueryParam("cursor") String cursor) {
        UUID after = Cursors.decodeId(cursor);
        return gate.require(Role.ADMIN)
                .chain(access -> integrations.list(access.tenantId(), after, limit + 1))
                .map(rows -> Page.of(rows, limit, integration -> IntegrationResponse.of(integration, null, tokenUrl),
                        integration -> Cursors.encode(integration.id().toString())));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get an integration")
    public Uni<IntegrationResponse> get(@PathParam("id") UUID id) {
        return gate.require(Role.ADMIN)
                .chain(access -> integrations.get(access.tenantId(), id))
                .map(integration -> IntegrationResponse.of(integration, null, tokenUrl));
    }

    @POST
    @Path("/{id}/secret")
    @Operation(summary = "Rotate the secret", description = "The new secret is shown once; the old one stops working at once.")
    public Uni<IntegrationResponse> rotate(@PathParam("id") UUID id) {
        return gate.require(Role.ADMIN)
                .chain(access -> integrations.rotate(access.tenantId(), id))
                .map(made -> IntegrationResponse.of(made.integration(), made.secret(), tokenUrl));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an integration", description = "No new token can be had from this moment.")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Uni<Response> revoke(@PathParam("id") UUID id) {
        return gate.require(Role.ADMIN)
                .chain(access -> integrations.revoke(access.tenantId(), id))
                .replaceWith(Response.noContent().build());
    }
}
