package io.panels.panel.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.panels.panel.api.PanelRequests.CreatePanel;
import io.panels.panel.api.PanelRequests.DuplicatePanel;
import io.panels.panel.api.PanelRequests.UpdatePanel;
import io.panels.panel.api.PanelResponses.PanelList;
import io.panels.panel.api.PanelResponses.PanelView;
import io.panels.panel.api.PanelResponses.UsageView;
import io.panels.panel.domain.PanelCursor;
import io.panels.panel.domain.PanelListQuery;
import io.panels.panel.domain.PanelSchema;
import io.panels.panel.domain.PanelSort;
import io.panels.panel.domain.PanelStatus;
import io.panels.panel.domain.Panels;
import io.panels.panel.store.PanelListCache;
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

/** Panels: the tables of a tenant. Viewers and editors read; admins and owners change them. */
@Path("/api/v1/panels")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "panels")
public class PanelResource {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final TenantContext tenant;
    private final Panels panels;
    private final IdempotentWrites writes;
    private final PanelListCache lists;
    private final ObjectMapper json;

    public PanelResource(TenantContext tenant, Panels panels, IdempotentWrites writes, PanelListCache lists, ObjectMapper json) {
        this.tenant = tenant;
        this.panels = panels;
        this.writes = writes;
        this.lists = lists;
        this.json = json;
    }

    @POST
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PanelView.class)))
    @Operation(summary = "Create a panel, optionally with its first columns")
    public Uni<Response> create(@Valid @NotNull CreatePanel request,
                                @HeaderParam(IdempotentWrites.HEADER) String idempotencyKey) {
        TenantAccess who = tenant.require(Role.ADMIN);
        return writes.run(who.tenantId(), idempotencyKey, "POST", "/api/v1/panels", request,
                tx -> panels.create(tx, who, request.details(), request.drafts()),
                schema -> Reply.created(PanelView.of(schema), schema.panel().etag(), location(schema)))
                .call(() -> panels.evictList(who.tenantId()));
    }

    @GET
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PanelList.class)))
    @Operation(summary = "List panels (cursor pagination, name search, sorted by name, created or updated)")
    public Uni<Response> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
                               @QueryParam("q") String search, @QueryParam("sort") String sort,
                               @QueryParam("order") String order, @QueryParam("status") String status) {
        TenantAccess who = tenant.require(Role.VIEWER);
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        PanelSort by = sort == null ? PanelSort.CREATED : PanelSort.fromWire(sort)
                .orElseThrow(() -> ProblemException.invalid("sort", "must be name, created or updated"));
        boolean descending;
        if (order == null) {
            descending = by.descendingByDefault();
        } else if (order.equals("asc") || order.equals("desc")) {
            descending = order.equals("desc");
        } else {
            throw ProblemException.invalid("order", "must be asc or desc");
        }
        PanelStatus statuses = switch (status == null ? "active" : status) {
            case "active" -> PanelStatus.ACTIVE;
            case "archived" -> PanelStatus.ARCHIVED;
            case "all" -> null;
            default -> throw ProblemException.invalid("status", "must be active, archived or all");
        };
        if (search != null && search.length() > 200) {
            throw ProblemException.invalid("q", "must be at most 200 characters");
        }
        PanelCursor after = cursor == null || cursor.isBlank() ? null : PanelCursor.decode(cursor, by, descending);
        PanelListQuery query = new PanelListQuery(search, by, descending, statuses, size, after);
        if (search != null && !search.isBlank()) {
            // Searches are not cached: their variety would crowd out the pages people page through.
            return panels.list(who.tenantId(), query).map(page -> listReply(PanelList.of(page)));
        }
        String cacheField = by.wireName() + (descending ? ":desc:" : ":asc:") + (statuses == null ? "all" : statuses.wireName())
                + ":" + size + ":" + (after == null ? "" : cursor);
        return lists.get(who.tenantId(), cacheField).chain(lookup -> lookup.page() != null
                ? Uni.createFrom().item(lookup.page())
                : panels.list(who.tenantId(), query).map(page -> write(PanelList.of(page)))
                        .call(page -> lists.put(who.tenantId(), lookup, cacheField, page)))
                .map(PanelResource::listReply);
    }

    private String write(PanelList list) {
        try {
            return json.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a panel list did not serialise", e);
        }
    }

    private static Response listReply(Object body) {
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/usage")
    @Operation(summary = "Panels held against the plan's limit")
    public Uni<UsageView> usage() {
        TenantAccess who = tenant.require(Role.VIEWER);
        return panels.usage(who.tenantId()).map(UsageView::of);
    }

    @GET
    @Path("/{panelId}")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PanelView.class)))
    @Operation(summary = "A panel with its columns (ETag: its schema version)")
    public Uni<Response> get(@PathParam("panelId") UUID panelId, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        TenantAccess who = tenant.require(Role.VIEWER);
        return panels.get(who.tenantId(), panelId).map(schema -> {
            if (schema.panel().etag().equals(ifNoneMatch)) {
                return Response.notModified(schema.panel().etag()).build();
            }
            return Reply.ok(PanelView.of(schema), schema.panel().etag()).toResponse();
        });
    }

    @PUT
    @Path("/{panelId}")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PanelView.class)))
    @Operation(summary = "Replace a panel's name, description, icon and colour (If-Match required)")
    public Uni<Response> update(@PathParam("panelId") UUID panelId, @Valid @NotNull UpdatePanel request,
                                @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        TenantAccess who = tenant.require(Role.ADMIN);
        return writes.run(who.tenantId(), null, "PUT", "/api/v1/panels/" + panelId, request,
                        tx -> panels.update(tx, who, panelId, ifMatch, request.details()), PanelResource::ok)
                .call(() -> panels.evict(who.tenantId(), panelId));
    }

    @POST
    @Path("/{panelId}/archive")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PanelView.class)))
    @Operation(summary = "Archive a panel: data kept, schema frozen, hidden from the default list")
    public Uni<Response> archive(@PathParam("panelId") UUID panelId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                 @HeaderParam(IdempotentWrites.HEADER) String idempotencyKey) {
        TenantAccess who = tenant.require(Role.ADMIN);
        return writes.run(who.tenantId(), idempotencyKey, "POST", "/api/v1/panels/" + panelId + "/archive", null,
                        tx -> panels.archive(tx, who, panelId, ifMatch), PanelResource::ok)
                .call(() -> panels.evict(who.tenantId(), panelId));
    }

    @POST
    @Path("/{panelId}/restore")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PanelView.class)))
    @Operation(summary = "Restore an archived panel")
    public Uni<Response> restore(@PathParam("panelId") UUID panelId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                 @HeaderParam(IdempotentWrites.HEADER) String idempotencyKey) {
        TenantAccess who = tenant.require(Role.ADMIN);
        return writes.run(who.tenantId(), idempotencyKey, "POST", "/api/v1/panels/" + panelId + "/restore", null,
                        tx -> panels.restore(tx, who, panelId, ifMatch), PanelResource::ok)
                .call(() -> panels.evict(who.tenantId(), panelId));
    }

    @DELETE
    @Path("/{panelId}")
    @APIResponse(responseCode = "204", description = "Deleted")
    @Operation(summary = "Delete a panel, its columns and (downstream) its rows")
    public Uni<Response> delete(@PathParam("panelId") UUID panelId, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        TenantAccess who = tenant.require(Role.ADMIN);
        return writes.run(who.tenantId(), null, "DELETE", "/api/v1/panels/" + panelId, null,
                        tx -> panels.delete(tx, who, panelId, ifMatch).replaceWith(Boolean.TRUE),
                        done -> Reply.noContent(null))
                .call(() -> panels.evict(who.tenantId(), panelId));
    }

    @POST
    @Path("/{panelId}/duplicate")
    @APIResponse(responseCode = "201", description = "Created",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PanelView.class)))
    @Operation(summary = "Copy a panel's structure (never its rows), optionally with its views")
    public Uni<Response> duplicate(@PathParam("panelId") UUID panelId, @Valid DuplicatePanel request,
                                   @HeaderParam(IdempotentWrites.HEADER) String idempotencyKey) {
        TenantAccess who = tenant.require(Role.ADMIN);
        DuplicatePanel options = request == null ? new DuplicatePanel(null, false) : request;
        return writes.run(who.tenantId(), idempotencyKey, "POST", "/api/v1/panels/" + panelId + "/duplicate", options,
                tx -> panels.duplicate(tx, who, panelId, options.name(), options.withViews()),
                schema -> Reply.created(PanelView.of(schema), schema.panel().etag(), location(schema)))
                .call(() -> panels.evictList(who.tenantId()));
    }

    static Reply ok(PanelSchema schema) {
        return Reply.ok(PanelView.of(schema), schema.panel().etag());
    }

    static String location(PanelSchema schema) {
        return "/api/v1/panels/" + schema.panel().id();
    }
}
