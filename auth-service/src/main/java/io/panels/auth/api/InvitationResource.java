package io.panels.auth.api;

import io.panels.auth.domain.Invitations;
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
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Invitations of the caller's tenant; owners and admins only. */
@Path("/api/v1/invitations")
@Tag(name = "Invitations", description = "Links with an expiring token that make the invitee a member")
public class InvitationResource {

    private final TenantGate gate;
    private final Invitations invitations;
    private final Idempotency idempotency;

    public InvitationResource(TenantGate gate, Invitations invitations, Idempotency idempotency) {
        this.gate = gate;
        this.invitations = invitations;
        this.idempotency = idempotency;
    }

    @POST
    @Operation(summary = "Invite someone",
            description = "Answers the link (token shown once) to hand to the invitee; only owners invite owners.")
    @APIResponse(responseCode = "201", description = "Invited")
    @APIResponse(responseCode = "409", description = "Already a member")
    public Uni<Response> invite(@Valid @NotNull InviteRequest request, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        Role role = Role.fromClaim(request.role()).orElseThrow();
        return gate.require(Role.ADMIN).chain(access -> idempotency.run(access.tenantId().toString(), idempotencyKey,
                "POST /invitations", request, () -> invitations.invite(access, request.email().toLowerCase(Locale.ROOT), role)
                        .map(link -> Response.status(201).entity(InvitationLinkResponse.of(link)).build())));
    }

    @GET
    @Operation(summary = "List invitations", description = "Pending, accepted, revoked and expired; never their tokens.")
    public Uni<Page<InvitationResponse>> list(
            @QueryParam("limit") @DefaultValue(Cursors.LIMIT_DEFAULT) @Min(1) @Max(Cursors.LIMIT_MAX) int limit,
            @QueryParam("cursor") String cursor) {
        UUID after = Cursors.decodeId(cursor);
        return gate.require(Role.ADMIN)
                .chain(access -> invitations.list(access.tenantId(), after, limit + 1))
                .map(rows -> Page.of(rows, limit, InvitationResponse::of, invitation -> Cursors.encode(invitation.id().toString())));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke an invitation")
    @APIResponse(responseCode = "204", description = "Revoked")
    public Uni<Response> revoke(@PathParam("id") UUID id) {
        return gate.require(Role.ADMIN)
                .chain(access -> invitations.revoke(access.tenantId(), id))
                .replaceWith(Response.noContent().build());
    }
}
