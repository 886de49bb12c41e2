package io.panels.view.api;

import io.panels.view.api.ViewResponses.PublicColumn;
import io.panels.view.api.ViewResponses.PublicView;
import io.panels.view.client.DataService;
import io.panels.view.client.ServiceIdentity;
import io.panels.view.config.ViewSettings;
import io.panels.view.domain.RenderedPage;
import io.panels.view.domain.Rendering;
import io.panels.view.domain.Shares;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A share link, opened by anyone who has it: no bearer token. Only the view's visible columns are
 * ever shown, and the visitor may filter, sort and search on those alone. The rows are read with
 * view-service's own identity (client credentials), acting as a viewer in the link's tenant.
 */
@Path("/api/v1/public/shares/{token}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Share links")
public class PublicShareResource {

    public static final String PASSWORD_HEADER = "Panels-Share-Password";

    private final Shares shares;
    private final DataService data;
    private final ServiceIdentity identity;
    private final ViewSettings settings;
    private final Pool pool;

    public PublicShareResource(Shares shares, DataService data, ServiceIdentity identity, ViewSettings settings, Pool pool) {
        this.shares = shares;
        this.data = data;
        this.identity = identity;
        this.settings = settings;
        this.pool = pool;
    }

    @GET
    @Operation(summary = "Open a share link", description = "The view's name, type and visible columns. 404 for a link that does"
            + " not work (unknown, revoked, expired); 401 share-password-required without the right password.")
    public Uni<PublicView> view(@PathParam("token") String token, @HeaderParam(PASSWORD_HEADER) String password) {
        return pool.withTransaction(tx -> shares.open(tx, token, password)).map(opened -> new PublicView(opened.view().name(),
                opened.view().type().name(), opened.view().visibleColumns().stream()
                .flatMap(c -> opened.panel().column(c.key()).stream()
                        .map(column -> new PublicColumn(c.key(), column.name(), column.type(), c.width())))
                .toList()));
    }

    @GET
    @Path("/rows")
    @Operation(summary = "Render a page of a shared view", description = "Like GET /api/v1/views/{id}/rows, but a filter, sort or"
            + " search may only name visible columns (400 otherwise), and group headers and summaries of hidden columns are left out.")
    public Uni<RenderedPage> rows(@PathParam("token") String token, @HeaderParam(PASSWORD_HEADER) String password,
                                  @Parameter(description = "A filter group of docs/query.md on visible columns, as JSON") @QueryParam("filter") String filter,
                                  @Parameter(description = "Free text, searched in the visible text columns") @QueryParam("search") String search,
                                  @Parameter(description = "Sorts on visible columns as a JSON list, instead of the view's") @QueryParam("sorts") String sorts,
                                  @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit) {
        Rendering.Request request = ViewRowsResource.request(filter, search, sorts, cursor, limit);
        return pool.withTransaction(tx -> shares.open(tx, token, password))
                .map(opened -> Rendering.of(opened.view(), opened.panel(), Rendering.Audience.PUBLIC, request))
                .chain(rendering -> identity.authorization()
                        .chain(authorization -> data.query(rendering.panelId(), authorization, rendering.tenantId(),
                                rendering.dataRequest(request, settings.defaultPageSize())))
                        .map(rendering::page));
    }
}
