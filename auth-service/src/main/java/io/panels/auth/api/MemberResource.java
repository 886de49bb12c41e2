package io.panels.auth.api;

import io.panels.auth.domain.Members;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Members of the caller's tenant; owners and admins only. */
@Path("/api/v1/members")
@Tag(name = "Members", description = "Who is in the tenant with which role (owners and admins)")
public class MemberResource {

    private final TenantGate gate;
    private final Members members;

    public MemberResource(TenantGate gate, Members members) {
        this.gate = gate;
        this.members = members;
    }

    @GET
    @Operation(summary = "List members", description = "Ordered by user id; cursor pagination.")
    public Uni<Page<MemberResponse>> list(
            @QueryParam("limit") @DefaultValue(Cursors.LIMIT_DEFAULT) @Min(1) @Max(Cursors.LIMIT_MAX) int limit,
            @QueryParam("cursor") String cursor) {
        String after = Cursors.decode(cursor);
        return gate.require(Role.ADMIN)
                .chain(access -> members.list(access.tenantId(), after, limit + 1))
                .map(rows -> Page.of(rows, limit, MemberResponse::of, member -> Cursors.encode(member.userId())));
    }

    @GET
    @Path("/{userId}")
    @Operation(summary = "Get a member", description = "The ETag is the version If-Match names on a role change.")
    public Uni<Response> get(@PathParam("userId") String userId) {
        return gate.require(Role.ADMIN)
                .chain(access -> members.get(access.tenantId(), userId))
                .map(member -> Response.ok(MemberResponse.of(member)).tag(Versions.etag(member.version())).build());
    }

    @PUT
    @Path("/{userId}/role")
    @Operation(summary = "Change a member's role",
            description = "Only owners make owners or change them; the last owner cannot be demoted (409).")
    @APIResponse(responseCode = "409", description = "Last owner")
    @APIResponse(responseCode = "412", description = "Stale If-Match")
    public Uni<Response> changeRole(@PathParam("userId") String userId, @Valid @NotNull ChangeRoleRequest request,
                                    @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        Integer version = Versions.ifMatch(ifMatch);
        Role role = Role.fromClaim(request.role()).orElseThrow();
        return gate.require(Role.ADMIN)
                .chain(access -> members.changeRole(access, userId, role, version))
                .map(member -> Response.ok(MemberResponse.of(member)).tag(Versions.etag(member.version())).build());
    }

    @DELETE
    @Path("/{userId}")
    @Operation(summary = "Remove a member", description = "The last owner cannot be removed (409).")
    @APIResponse(responseCode = "204", description = "Removed")
    public Uni<Response> remove(@PathParam("userId") String userId) {
        return gate.require(Role.ADMIN)
                .chain(access -> members.remove(access, userId))
                .replaceWith(Response.noContent().build());
    }
}
