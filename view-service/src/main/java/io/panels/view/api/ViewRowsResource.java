package io.panels.view.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.panels.common.tenant.TenantScope;
import io.panels.query.model.QueryJson;
import io.panels.view.client.DataService;
import io.panels.view.config.ViewSettings;
import io.panels.view.domain.RenderedPage;
import io.panels.view.domain.Rendering;
import io.panels.view.domain.Views;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Renders a view: a page of its rows through data-service's query API, with the caller's own
 * token (data-service applies its tenant checks again), and only the view's visible columns.
 */
@Path("/api/v1/views/{id}/rows")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Views")
public class ViewRowsResource {

    private final TenantContext tenant;
    private final Views views;
    private final DataService data;
    private final ViewSettings settings;
    private final Pool pool;

    public ViewRowsResource(TenantContext tenant, Views views, DataService data, ViewSettings settings, Pool pool) {
        this.tenant = tenant;
        this.views = views;
        this.data = data;
        this.settings = settings;
        this.pool = pool;
    }

    @GET
    @Operation(summary = "Render a page of a view", description = "The view's filter AND the ad-hoc filter and search, the"
            + " view's sorts (or the ad-hoc ones), visible columns in order, group headers and the summary row. 503 when"
            + " data-service is unavailable.")
    public Uni<RenderedPage> rows(@PathParam("id") UUID id,
                                  @Parameter(description = "A filter group of docs/query.md, as JSON") @QueryParam("filter") String filter,
                                  @Parameter(description = "Free text, ANDed with the view's") @QueryParam("search") String search,
                                  @Parameter(description = "Sorts of docs/query.md as a JSON list, instead of the view's") @QueryParam("sorts") String sorts,
                                  @QueryParam("cursor") String cursor, @QueryParam("limit") Integer limit,
                                  @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        TenantAccess access = tenant.require(Role.VIEWER);
        Rendering.Request request = request(filter, search, sorts, cursor, limit);
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId())
                        .chain(() -> views.visible(tx, access, id, false))
                        .chain(view -> views.panel(tx, view.panelId())
                                .map(panel -> Rendering.of(view, panel, Rendering.Audience.MEMBER, request))))
                .chain(rendering -> data.query(rendering.panelId(), authorization, null,
                                rendering.dataRequest(request, settings.defaultPageSize()))
                        .map(rendering::page));
    }

    /** The reader's additions from query parameters; 400 for JSON that does not parse. */
    static Rendering.Request request(String filter, String search, String sorts, String cursor, Integer limit) {
        return new Rendering.Request(json("filter", filter), search, json("sorts", sorts), cursor, limit);
    }

    private static JsonNode json(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return QueryJson.mapper().readTree(value);
        } catch (java.io.IOException e) {
            throw ProblemException.invalid(parameter, "is not valid JSON");
        }
    }
}
