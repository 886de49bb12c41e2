package io.panels.view.api;

import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.panels.common.tenant.TenantScope;
import io.panels.view.api.ViewRequests.CreateShare;
import io.panels.view.api.ViewResponses.ShareList;
import io.panels.view.api.ViewResponses.ShareResponse;
import io.panels.view.domain.Shares;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Public read-only links of a collaborative view: editors and above create, list and revoke them. */
@Path("/api/v1/views/{id}/shares")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Share links")
public class ShareResource {

    private final TenantContext tenant;
    private final Shares shares;
    private final Pool pool;

    public ShareResource(TenantContext tenant, Shares shares, Pool pool) {
        this.tenant = tenant;
        this.shares = shares;
        this.pool = pool;
    }

    @POST
    @Operation(summary = "Create a share link", description = "The reply holds the token, shown this once; only its SHA-256 is kept.")
    public Uni<Response> create(@PathParam("id") UUID viewId, @Valid CreateShare request) {
        TenantAccess access = tenant.require(Role.VIEWER);
        CreateShare body = request == null ? new CreateShare(null, null) : request;
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId())
                        .chain(() -> shares.create(tx, access, viewId, body.password(), body.expiresAt())))
                .map(created -> Response.status(201).entity(ShareResponse.of(created.share(), created.token()))
                        .header("Location", "/api/v1/views/" + viewId + "/shares/" + created.share().id()).build());
    }

    @GET
    @Operation(summary = "List a view's share links", description = "Newest first, revoked and expired ones included; never their tokens.")
    public Uni<ShareList> list(@PathParam("id") UUID viewId) {
        TenantAccess access = tenant.require(Role.VIEWER);
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId()).chain(() -> shares.list(tx, access, viewId)))
                .map(list -> new ShareList(list.stream().map(share -> ShareResponse.of(share, null)).toList()));
    }

    @DELETE
    @Path("/{shareId}")
    @Operation(summary = "Revoke a share link", description = "For good: the link answers 404 from now on.")
    public Uni<Response> revoke(@PathParam("id") UUID viewId, @PathParam("shareId") UUID shareId) {
        TenantAccess access = tenant.require(Role.VIEWER);
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId()).chain(() -> shares.revoke(tx, access, viewId, shareId)))
                .map(done -> Response.noContent().build());
    }
}
