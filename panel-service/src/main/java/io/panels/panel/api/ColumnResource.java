package io.panels.panel.api;

import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.panels.panel.api.PanelRequests.AddColumn;
import io.panels.panel.api.PanelRequests.ReorderColumns;
import io.panels.panel.api.PanelRequests.UpdateColumn;
import io.panels.panel.api.PanelResponses.ColumnView;
import io.panels.panel.api.PanelResponses.PanelView;
import io.panels.panel.domain.Panels;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The columns of a panel. Every change bumps the panel's schema version (its ETag), which is what
 * {@code If-Match} names here too.
 */
@Path("/api/v1/panels/{panelId}/columns")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "columns")
public class ColumnResource {

    private final TenantContext tenant;
    private final Panels panels;
    private final IdempotentWrites writes;

    public ColumnResource(TenantContext tenant, Panels panels, IdempotentWrites writes) {
        this.tenant = tenant;
        this.panels = panels;
        this.writes = writes;
    }

    @GET
    @Path("/{columnId}")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ColumnView.class)))
    @Operation(summary = "One column of a panel")
    public Uni<Response> get(@PathParam("panelId") UUID panelId, @PathParam("columnId") UUID columnId) {
        TenantAccess who = tenant.require(Role.VIEWER);
        return panels.get(who.tenantId(), panelId).map(schema -> Reply.ok(ColumnView.of(schema.column(columnId)
                        .orElseThrow(() -> ProblemException.notFound("Column", columnId)), schema.columns()), schema.panel().etag())
                .toResponse());
    }

    @POST
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ColumnView.class)))
    @Operation(summary = "Add a column (If-Match optional)")
    public Uni<Response> add(@PathParam("panelId") UUID panelId, @Valid @NotNull AddColumn request,
                             @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                             @HeaderParam(IdempotentWrites.HEADER) String idempotencyKey) {
        TenantAccess who = tenant.require(Role.ADMIN);
        return writes.run(who.tenantId(), idempotencyKey, "POST", "/api/v1/panels/" + panelId + "/columns", request,
                        tx -> panels.addColumn(tx, who, panelId, ifMatch, request.draft(), request.position()),
                        change -> Reply.created(ColumnView.of(change.column(), change.schema().columns()), change.schema().panel().etag(),
                                "/api/v1/panels/" + panelId + "/columns/" + change.column().id()))
                .call(() -> panels.evict(who.tenantId(), panelId));
    }

    @PUT
    @Path("/{columnId}")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ColumnView.class)))
    @Operation(summary = "Replace a column's definition (If-Match required; confirmLoss for lossy type changes, "
            + "cascade to re-type dependent formulas)")
    public Uni<Response> update(@PathParam("panelId") UUID panelId, @PathParam("columnId") UUID columnId,
                                @Valid @NotNull UpdateColumn request, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @QueryParam("confirmLoss") boolean confirmLoss, @QueryParam("cascade") boolean cascade) {
        TenantAccess who = tenant.require(Role.ADMIN);
        return writes.run(who.tenantId(), null, "PUT", "/api/v1/panels/" + panelId + "/columns/" + columnId, request,
                        tx -> panels.updateColumn(tx, who, panelId, columnId, ifMatch, request.draft(), confirmLoss, cascade),
                        change -> Reply.ok(ColumnView.of(change.column(), change.schema().columns()), change.schema().panel().etag()))
                .call(() -> panels.evict(who.tenantId(), panelId));
    }

    @DELETE
    @Path("/{columnId}")
    @APIResponse(responseCode = "204", description = "Done; ETag is the panel's new version")
    @Operation(summary = "Delete a column and its values (cascade to delete formula columns reading it)")
    public Uni<Response> delete(@PathParam("panelId") UUID panelId, @PathParam("columnId") UUID columnId,
                                @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @QueryParam("cascade") boolean cascade) {
        TenantAccess who = tenant.require(Role.ADMIN);
        return writes.run(who.tenantId(), null, "DELETE", "/api/v1/panels/" + panelId + "/columns/" + columnId, null,
                        tx -> panels.deleteColumn(tx, who, panelId, columnId, ifMatch, cascade),
                        schema -> Reply.noContent(schema.panel().etag()))
                .call(() -> panels.evict(who.tenantId(), panelId));
    }

    @PUT
    @Path("/order")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PanelView.class)))
    @Operation(summary = "Put the columns in a new order (every column id once; If-Match required)")
    public Uni<Response> reorder(@PathParam("panelId") UUID panelId, @Valid @NotNull ReorderColumns request,
                                 @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        TenantAccess who = tenant.require(Role.ADMIN);
        return writes.run(who.tenantId(), null, "PUT", "/api/v1/panels/" + panelId + "/columns/order", request,
                        tx -> panels.reorder(tx, who, panelId, ifMatch, request.columnIds()), PanelResource::ok)
                .call(() -> panels.evict(who.tenantId(), panelId));
    }
}
