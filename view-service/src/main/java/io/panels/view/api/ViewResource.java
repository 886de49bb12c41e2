package io.panels.view.api;

import io.panels.common.idempotency.IdempotencyKeys;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.panels.common.tenant.TenantScope;
import io.panels.view.api.ViewRequests.CreateView;
import io.panels.view.api.ViewRequests.DuplicateView;
import io.panels.view.api.ViewRequests.ReorderViews;
import io.panels.view.api.ViewRequests.UpdateView;
import io.panels.view.api.ViewResponses.ViewList;
import io.panels.view.api.ViewResponses.ViewResponse;
import io.panels.view.domain.View;
import io.panels.view.domain.ViewDraft;
import io.panels.view.domain.Views;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Saved views of panels. Every member reads collaborative views and keeps personal ones (only
 * their owner sees them); editors and above create and change collaborative views unless locked.
 * Another tenant's view, and someone else's personal view, is 404.
 */
@Path("/api/v1/views")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Views")
public class ViewResource {

    private final TenantContext tenant;
    private final Views views;
    private final IdempotentWrites writes;
    private final Pool pool;

    public ViewResource(TenantContext tenant, Views views, IdempotentWrites writes, Pool pool) {
        this.tenant = tenant;
        this.views = views;
        this.writes = writes;
        this.pool = pool;
    }

    @GET
    @Operation(summary = "List a panel's views", description = "The collaborative views and the caller's personal ones, in order.")
    public Uni<ViewList> list(@QueryParam("panelId") UUID panelId) {
        TenantAccess access = tenant.require(Role.VIEWER);
        if (panelId == null) {
            throw ProblemException.invalid("panelId", "is required");
        }
        return read(access, tx -> views.ofPanel(tx, access, panelId)).map(ViewList::of);
    }

    @POST
    @Operation(summary = "Create a view", description = "Collaborative views need the editor role; anyone may keep personal views.")
    public Uni<Response> create(@NotNull @Valid CreateView request, @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        TenantAccess access = tenant.require(Role.VIEWER);
        ViewDraft draft = new ViewDraft(request.name(), type(request.type()), visibility(request.visibility()), request.columns(),
                request.query(), request.settings());
        return writes.run(access.tenantId(), idempotencyKey, "POST /api/v1/views", request,
                tx -> views.create(tx, access, request.panelId(), draft).map(view -> reply(201, view)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a view")
    public Uni<Response> get(@PathParam("id") UUID id) {
        TenantAccess access = tenant.require(Role.VIEWER);
        return read(access, tx -> views.visible(tx, access, id, false))
                .map(view -> Response.ok(ViewResponse.of(view)).header(HttpHeaders.ETAG, etag(view)).build());
    }

    @PATCH
    @Path("/{id}")
    @Operation(summary = "Change a view", description = "With If-Match, a view changed since is not overwritten (412). A locked view is 409.")
    public Uni<Response> update(@PathParam("id") UUID id, @NotNull @Valid UpdateView request,
                                @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        TenantAccess access = tenant.require(Role.VIEWER);
        Long version = version(ifMatch);
        ViewDraft draft = new ViewDraft(request.name(), type(request.type()), visibility(request.visibility()), request.columns(),
                request.query(), request.settings());
        return writes.run(access.tenantId(), idempotencyKey, "PATCH /api/v1/views/" + id, new Object[] {request, ifMatch},
                tx -> views.update(tx, access, id, draft, version).map(view -> reply(200, view)));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a view", description = "A locked view is 409 until unlocked; with If-Match, a changed view is 412.")
    public Uni<Response> delete(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        TenantAccess access = tenant.require(Role.VIEWER);
        Long version = version(ifMatch);
        return writes.run(access.tenantId(), null, "DELETE /api/v1/views/" + id, null,
                tx -> views.delete(tx, access, id, version).map(done -> writes.reply(204, null, null, null)));
    }

    @POST
    @Path("/{id}/duplicate")
    @Operation(summary = "Duplicate a view", description = "The copy goes last; a collaborative copy needs the editor role.")
    public Uni<Response> duplicate(@PathParam("id") UUID id, @Valid DuplicateView request,
                                   @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        TenantAccess access = tenant.require(Role.VIEWER);
        DuplicateView body = request == null ? new DuplicateView(null, null) : request;
        return writes.run(access.tenantId(), idempotencyKey, "POST /api/v1/views/" + id + "/duplicate", body,
                tx -> views.duplicate(tx, access, id, body.name(), visibility(body.visibility())).map(view -> reply(201, view)));
    }

    @POST
    @Path("/{id}/lock")
    @Operation(summary = "Lock a view against changes")
    public Uni<Response> lock(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return setLocked(id, true, ifMatch);
    }

    @POST
    @Path("/{id}/unlock")
    @Operation(summary = "Unlock a view")
    public Uni<Response> unlock(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        return setLocked(id, false, ifMatch);
    }

    @POST
    @Path("/reorder")
    @Operation(summary = "Reorder a panel's collaborative views", description = "Editors and above; the list names each collaborative view once.")
    public Uni<ViewList> reorder(@NotNull @Valid ReorderViews request) {
        TenantAccess access = tenant.require(Role.VIEWER);
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId())
                        .chain(() -> views.reorder(tx, access, request.panelId(), request.viewIds())))
                .map(ViewList::of);
    }

    private Uni<Response> setLocked(UUID id, boolean locked, String ifMatch) {
        TenantAccess access = tenant.require(Role.VIEWER);
        Long version = version(ifMatch);
        return writes.run(access.tenantId(), null, "POST /api/v1/views/" + id + (locked ? "/lock" : "/unlock"), null,
                tx -> views.lock(tx, access, id, locked, version).map(view -> reply(200, view)));
    }

    private <T> Uni<T> read(TenantAccess access, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId()).chain(() -> work.apply(tx)));
    }

    private IdempotencyKeys.Reply reply(int status, View view) {
        return writes.reply(status, ViewResponse.of(view), etag(view), "/api/v1/views/" + view.id());
    }

    static String etag(View view) {
        return "\"" + view.version() + "\"";
    }

    /** The version an If-Match names ({@code "3"} or {@code W/"3"}); null without one; 400 when it is no version. */
    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("If-Match", "must be the ETag of the view, e.g. \"3\"");
        }
    }

    static View.ViewType type(String type) {
        if (type == null) {
            return null;
        }
        try {
            return View.ViewType.valueOf(type.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("type", "must be grid, kanban, gallery or calendar");
        }
    }

    static View.Visibility visibility(String visibility) {
        if (visibility == null) {
            return null;
        }
        try {
            return View.Visibility.valueOf(visibility.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("visibility", "must be personal or collaborative");
        }
    }
}
