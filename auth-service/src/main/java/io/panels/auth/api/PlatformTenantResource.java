package io.panels.auth.api;

import io.panels.auth.domain.Invitations;
import io.panels.auth.domain.NewTenant;
import io.panels.auth.domain.TenantImport;
import io.panels.auth.domain.TenantProvisioning;
import io.panels.auth.domain.TenantStatus;
import io.panels.auth.domain.Tenants;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.TenantContext;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Tenant lifecycle, for platform admins (realm role platform-admin) only. */
@Path("/api/v1/platform/tenants")
@Tag(name = "Platform: tenants", description = "Create, list, change, suspend, reactivate and delete tenants")
public class PlatformTenantResource {

    private final TenantContext caller;
    private final JsonWebToken token;
    private final TenantProvisioning provisioning;
    private final Tenants tenants;
    private final Idempotency idempotency;
    private final TenantImport imports;
    private final Invitations invitations;

    public PlatformTenantResource(TenantContext caller, JsonWebToken token, TenantProvisioning provisioning, Tenants tenants,
                                  Idempotency idempotency, TenantImport imports, Invitations invitations) {
        this.caller = caller;
        this.token = token;
        this.provisioning = provisioning;
        this.tenants = tenants;
        this.idempotency = idempotency;
        this.imports = imports;
        this.invitations = invitations;
    }

    @POST
    @Operation(summary = "Create a tenant",
            description = "Creates the Keycloak organization and the first owner (an existing user, or a new one with an "
                    + "invitation link) in one retry-safe step. Repeating the same request resumes an unfinished creation.")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "409", description = "Slug in use")
    @APIResponse(responseCode = "503", description = "Keycloak unavailable: the creation is resumed later")
    public Uni<Response> create(@Valid @NotNull CreateTenantRequest request,
                                @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        caller.requirePlatformAdmin();
        return idempotency.run("platform:" + token.getSubject(), idempotencyKey, "POST /platform/tenants", request, () -> provisioning
                .create(new NewTenant(request.slug(), request.name(), request.plan(), request.limits().toLimits(),
                        request.ownerEmail().toLowerCase(Locale.ROOT)))
                .map(created -> Response.created(URI.create("/api/v1/platform/tenants/" + created.tenant().id()))
                        .entity(CreatedTenantResponse.of(created)).build()));
    }

    @POST
    @Path("/import")
    @Operation(summary = "Import an organization made outside auth-service",
            description = "The organization (e.g. the demo tenant) becomes a tenant managed here, with its members that "
                    + "have a tenant_roles value for it; tenant.created and member.added are published.")
    @APIResponse(responseCode = "201", description = "Imported")
    @APIResponse(responseCode = "409", description = "Managed already")
    public Uni<Response> importOrganization(@Valid @NotNull ImportTenantRequest request) {
        caller.requirePlatformAdmin();
        return imports.adopt(request.organizationId(), request.plan(), request.limits().toLimits())
                .map(tenant -> Response.created(URI.create("/api/v1/platform/tenants/" + tenant.id()))
                        .entity(TenantResponse.of(tenant)).build());
    }

    @POST
    @Path("/{id}/owner-invitation")
    @Operation(summary = "Make a new owner invitation link",
            description = "For a lost first-owner link, or to add an owner. Accepting it as the first owner auth-service "
                    + "made sets that account's password and names.")
    @APIResponse(responseCode = "201", description = "Invited")
    public Uni<Response> ownerInvitation(@PathParam("id") UUID id, @Valid @NotNull OwnerInvitationRequest request) {
        caller.requirePlatformAdmin();
        return invitations.inviteOwner(id, request.email().toLowerCase(Locale.ROOT), token.getSubject())
                .map(link -> Response.status(201).entity(InvitationLinkResponse.of(link)).build());
    }

    @GET
    @Operation(summary = "List tenants", description = "Ordered by id; cursor pagination.")
    public Uni<Page<TenantResponse>> list(
            @Parameter(description = "active, suspended or deleted") @QueryParam("status") String status,
            @QueryParam("limit") @DefaultValue(Cursors.LIMIT_DEFAULT) @Min(1) @Max(Cursors.LIMIT_MAX) int limit,
            @QueryParam("cursor") String cursor) {
        caller.requirePlatformAdmin();
        TenantStatus wanted = status(status);
        return tenants.list(wanted, Cursors.decodeId(cursor), limit + 1)
                .map(rows -> Page.of(rows, limit, TenantResponse::of, tenant -> Cursors.encode(tenant.id().toString())));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a tenant")
    public Uni<Response> get(@PathParam("id") UUID id) {
        caller.requirePlatformAdmin();
        return tenants.get(id).map(tenant -> Response.ok(TenantResponse.of(tenant))
                .tag(Versions.etag(tenant.version())).build());
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Change a tenant's name, plan and limits", description = "If-Match with the ETag: 412 when stale.")
    @APIResponse(responseCode = "412", description = "The tenant changed since it was read")
    public Uni<Response> update(@PathParam("id") UUID id, @Valid @NotNull UpdateTenantRequest request,
                                @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        caller.requirePlatformAdmin();
        return tenants.update(id, Versions.ifMatch(ifMatch), request.name(), request.plan(), request.limits().toLimits())
                .map(tenant -> Response.ok(TenantResponse.of(tenant))
                        .tag(Versions.etag(tenant.version())).build());
    }

    @POST
    @Path("/{id}/suspend")
    @Operation(summary = "Suspend a tenant", description = "Every call of its members and integrations is refused (403).")
    public Uni<TenantResponse> suspend(@PathParam("id") UUID id, @Valid SuspendTenantRequest request) {
        caller.requirePlatformAdmin();
        return tenants.suspend(id, request == null ? null : request.reason()).map(TenantResponse::of);
    }

    @POST
    @Path("/{id}/reactivate")
    @Operation(summary = "Reactivate a suspended tenant")
    public Uni<TenantResponse> reactivate(@PathParam("id") UUID id) {
        caller.requirePlatformAdmin();
        return tenants.reactivate(id).map(TenantResponse::of);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a tenant",
            description = "Deletes its organization, members' roles, invitations and integrations; the slug stays reserved.")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        caller.requirePlatformAdmin();
        return tenants.delete(id).replaceWith(Response.noContent().build());
    }

    private static TenantStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return TenantStatus.of(status);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("status", "one of active, suspended, deleted");
        }
    }
}
