package io.panels.data.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.common.idempotency.IdempotencyKeys;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.panels.common.tenant.TenantScope;
import io.panels.data.api.RowRequests.BatchCreate;
import io.panels.data.api.RowRequests.BatchDelete;
import io.panels.data.api.RowRequests.BatchUpdate;
import io.panels.data.api.RowRequests.RowInput;
import io.panels.data.api.RowRequests.RowRef;
import io.panels.data.api.RowResponses.DeletedRows;
import io.panels.data.api.RowResponses.HistoryEntry;
import io.panels.data.api.RowResponses.HistoryPage;
import io.panels.data.api.RowResponses.RowList;
import io.panels.data.api.RowResponses.RowResponse;
import io.panels.data.domain.RowData;
import io.panels.data.domain.Rows;
import io.panels.data.store.Statements;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
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
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Rows of a panel: single and batch writes (each one transaction, with its history and its
 * events), reads, and a row's history. Viewers read; editors and above write.
 */
@Path("/api/v1/panels/{panelId}/rows")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Rows")
public class RowResource {

    private final TenantContext tenant;
    private final Rows rows;
    private final IdempotentWrites writes;
    private final Pool pool;
    private final ObjectMapper json;

    public RowResource(TenantContext tenant, Rows rows, IdempotentWrites writes, Pool pool, ObjectMapper json) {
        this.tenant = tenant;
        this.rows = rows;
        this.writes = writes;
        this.pool = pool;
        this.json = json;
    }

    @POST
    @Operation(summary = "Create a row", description = "Values are checked against the panel's columns; missing ones take the column's default.")
    public Uni<Response> create(@PathParam("panelId") UUID panelId, @NotNull @Valid RowInput request,
                                @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        TenantAccess access = tenant.require(Role.EDITOR);
        return writes.run(access.tenantId(), idempotencyKey, "POST /api/v1/panels/" + panelId + "/rows", request,
                tx -> rows.create(tx, access.tenantId(), access.subject(), panelId, List.of(request.values()), false)
                        .map(created -> writes.reply(201, RowResponse.of(created.getFirst()), etag(created.getFirst()),
                                "/api/v1/panels/" + panelId + "/rows/" + created.getFirst().id())));
    }

    @GET
    @Path("/{rowId}")
    @Operation(summary = "Read a row")
    public Uni<Response> get(@PathParam("panelId") UUID panelId, @PathParam("rowId") UUID rowId) {
        TenantAccess access = tenant.require(Role.VIEWER);
        return pool.withTransaction(tx -> Statements.together(TenantScope.bind(tx, access.tenantId()),
                        Uni.createFrom().deferred(() -> rows.get(tx, panelId, rowId))))
                .map(row -> Response.ok(RowResponse.of(row)).header(HttpHeaders.ETAG, etag(row)).build());
    }

    @PATCH
    @Path("/{rowId}")
    @Operation(summary = "Change some values of a row", description = "With If-Match, a row changed since is not overwritten (412).")
    public Uni<Response> update(@PathParam("panelId") UUID panelId, @PathParam("rowId") UUID rowId,
                                @NotNull @Valid RowInput request, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        TenantAccess access = tenant.require(Role.EDITOR);
        Long version = version(ifMatch);
        return writes.run(access.tenantId(), idempotencyKey, "PATCH /api/v1/panels/" + panelId + "/rows/" + rowId,
                new Object[] {request, ifMatch},
                tx -> rows.update(tx, access.tenantId(), access.subject(), panelId,
                                List.of(new Rows.Patch(rowId, version, request.values())), false)
                        .map(updated -> writes.reply(200, RowResponse.of(updated.getFirst()), etag(updated.getFirst()), null)));
    }

    @DELETE
    @Path("/{rowId}")
    @Operation(summary = "Delete a row", description = "With If-Match, a row changed since is not deleted (412).")
    public Uni<Response> delete(@PathParam("panelId") UUID panelId, @PathParam("rowId") UUID rowId,
                                @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        TenantAccess access = tenant.require(Role.EDITOR);
        Long version = version(ifMatch);
        return writes.run(access.tenantId(), idempotencyKey, "DELETE /api/v1/panels/" + panelId + "/rows/" + rowId, ifMatch,
                tx -> rows.delete(tx, access.tenantId(), access.subject(), panelId, List.of(rowId),
                                java.util.Collections.singletonList(version), false)
                        .map(deleted -> writes.reply(204, null, null, null)));
    }

    @POST
    @Path("/batch-create")
    @Operation(summary = "Create up to 1,000 rows in one transaction",
            description = "All or nothing: errors name the row index and column key (rows[3].values.price).")
    public Uni<Response> createBatch(@PathParam("panelId") UUID panelId, @NotNull @Valid BatchCreate request,
                                     @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        TenantAccess access = tenant.require(Role.EDITOR);
        return writes.run(access.tenantId(), idempotencyKey, "POST /api/v1/panels/" + panelId + "/rows/batch-create", request,
                tx -> rows.create(tx, access.tenantId(), access.subject(), panelId,
                                request.rows().stream().map(RowInput::values).toList(), true)
                        .map(created -> writes.reply(201, RowList.of(created), null, null)));
    }

    @POST
    @Path("/batch-update")
    @Operation(summary = "Change up to 1,000 rows in one transaction", description = "All or nothing.")
    public Uni<Response> updateBatch(@PathParam("panelId") UUID panelId, @NotNull @Valid BatchUpdate request,
                                     @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        TenantAccess access = tenant.require(Role.EDITOR);
        return writes.run(access.tenantId(), idempotencyKey, "POST /api/v1/panels/" + panelId + "/rows/batch-update", request,
                tx -> rows.update(tx, access.tenantId(), access.subject(), panelId, request.rows().stream()
                                .map(p -> new Rows.Patch(p.id(), p.version(), p.values())).toList(), true)
                        .map(updated -> writes.reply(200, RowList.of(updated), null, null)));
    }

    @POST
    @Path("/batch-delete")
    @Operation(summary = "Delete up to 1,000 rows in one transaction", description = "All or nothing.")
    public Uni<Response> deleteBatch(@PathParam("panelId") UUID panelId, @NotNull @Valid BatchDelete request,
                                     @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        TenantAccess access = tenant.require(Role.EDITOR);
        return writes.run(access.tenantId(), idempotencyKey, "POST /api/v1/panels/" + panelId + "/rows/batch-delete", request,
                tx -> rows.delete(tx, access.tenantId(), access.subject(), panelId,
                                request.rows().stream().map(RowRef::id).toList(),
                                request.rows().stream().map(RowRef::version).toList(), true)
                        .map(deleted -> writes.reply(200, new DeletedRows(deleted), null, null)));
    }

    @Schema(description = "The version whose values the row gets back")
    public record RestoreRequest(@NotNull @Min(1) Long version) {
    }

    @POST
    @Path("/{rowId}/restore")
    @Operation(summary = "Restore a row to an earlier version", description = "The row gets the values it had at `version`, as a new"
            + " version (history action `restored`, event row.updated). With If-Match, a row changed since is not overwritten (412)."
            + " A deleted row cannot be restored (404).")
    public Uni<Response> restore(@PathParam("panelId") UUID panelId, @PathParam("rowId") UUID rowId,
                                 @NotNull @Valid RestoreRequest request, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                 @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        TenantAccess access = tenant.require(Role.EDITOR);
        Long expected = version(ifMatch);
        return writes.run(access.tenantId(), idempotencyKey, "POST /api/v1/panels/" + panelId + "/rows/" + rowId + "/restore",
                new Object[] {request, ifMatch},
                tx -> rows.restore(tx, access.tenantId(), access.subject(), panelId, rowId, request.version(), expected)
                        .map(restored -> writes.reply(200, RowResponse.of(restored), etag(restored), null)));
    }

    @GET
    @Path("/{rowId}/history")
    @Operation(summary = "A row's changes, newest first", description = "Who changed what, old and new values; cursor pagination.")
    public Uni<HistoryPage> history(@PathParam("panelId") UUID panelId, @PathParam("rowId") UUID rowId,
                                    @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        TenantAccess access = tenant.require(Role.VIEWER);
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 1000) {
            throw ProblemException.invalid("limit", "must be 1 to 1000");
        }
        Long before = historyCursor(cursor);
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId())
                        .chain(() -> rows.history(tx, panelId, rowId, before, size + 1)))
                .map(records -> {
                    List<HistoryEntry> entries = records.stream().limit(size).map(r -> new HistoryEntry(r.version(), r.action(),
                            r.at(), r.by(), parse(r.changes()))).toList();
                    String next = records.size() > size ? Long.toString(entries.getLast().version()) : null;
                    return new HistoryPage(entries, next);
                });
    }

    private static Long historyCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return Long.parseLong(cursor);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("cursor", "is not a cursor of this list");
        }
    }

    private JsonNode parse(String changes) {
        try {
            return json.readTree(changes);
        } catch (IOException e) {
            throw new IllegalStateException("row history holds JSON that does not parse", e);
        }
    }

    static String etag(RowData row) {
        return "\"" + row.version() + "\"";
    }

    /** The version an {@code If-Match} names ({@code "3"}, {@code W/"3"} or {@code 3}); null without the header. */
    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(HttpHeaders.IF_MATCH, "must be the ETag of the row, e.g. \"3\"");
        }
    }
}
