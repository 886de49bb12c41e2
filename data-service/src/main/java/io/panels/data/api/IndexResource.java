package io.panels.data.api;

import io.panels.common.idempotency.IdempotencyKeys;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.panels.common.tenant.TenantScope;
import io.panels.data.domain.PanelIndex;
import io.panels.data.domain.PanelIndexes;
import io.panels.data.domain.PanelSchema;
import io.panels.data.domain.Rows;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Indexes of a panel's columns beyond the automatic rule (the primary field and unique columns, ADR
 * 0041): asked for here by admins and owners, or made from query usage (ADR 0018). Built in the background; the status says when it is ready.
 */
@Path("/api/v1/panels/{panelId}/indexes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Indexes")
public class IndexResource {

    private final TenantContext tenant;
    private final Rows rows;
    private final PanelIndexes indexes;
    private final IdempotentWrites writes;
    private final Pool pool;

    public IndexResource(TenantContext tenant, Rows rows, PanelIndexes indexes, IdempotentWrites writes, Pool pool) {
        this.tenant = tenant;
        this.rows = rows;
        this.indexes = indexes;
        this.writes = writes;
        this.pool = pool;
    }

    @Schema(description = "The column (by key) to index for its filters and sorts")
    public record IndexRequest(@NotBlank @Size(max = 200) String column) {
    }

    @RegisterForReflection
    @Schema(description = "An index of one column: origin request (an admin asked) or usage (queries used the column often);"
            + " status building, ready or failed")
    public record IndexResponse(UUID id, String column, String kind, String origin, String status, String failure,
                                Instant createdAt, String createdBy, Instant readyAt) {

        static IndexResponse of(PanelIndex index) {
            return new IndexResponse(index.id(), index.column(), index.kind(), index.origin(), index.status(), index.failure(),
                    index.createdAt(), index.createdBy(), index.readyAt());
        }
    }

    public record IndexList(List<IndexResponse> indexes) {
    }

    @GET
    @Operation(summary = "The panel's indexes made on request or from usage", description = "Not the automatic ones of every panel"
            + " (the primary field and unique columns, ADR 0041: docs/data-service.md).")
    public Uni<IndexList> list(@PathParam("panelId") UUID panelId) {
        TenantAccess access = tenant.require(Role.ADMIN);
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId()).chain(() -> rows.panel(tx, panelId))
                        .chain(() -> indexes.list(tx, panelId)))
                .map(list -> new IndexList(list.stream().map(IndexResponse::of).toList()));
    }

    @POST
    @Operation(summary = "Index a column", description = "202: built in the background with CREATE INDEX CONCURRENTLY (writes"
            + " never wait); 409 when the column has such an index already (also the automatic one of the primary field or a unique column).")
    public Uni<Response> create(@PathParam("panelId") UUID panelId, @NotNull @Valid IndexRequest request,
                                @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        TenantAccess access = tenant.require(Role.ADMIN);
        AtomicReference<PanelSchema> panel = new AtomicReference<>();
        AtomicReference<PanelIndex> made = new AtomicReference<>();
        String path = "/api/v1/panels/" + panelId + "/indexes";
        return writes.run(access.tenantId(), idempotencyKey, "POST " + path, request,
                        tx -> rows.panel(tx, panelId).invoke(panel::set)
                                .chain(found -> indexes.request(tx, access.tenantId(), access.subject(), found, request.column()))
                                .invoke(made::set)
                                .map(index -> writes.reply(202, IndexResponse.of(index), null, path + "/" + index.id())))
                .invoke(response -> {
                    if (made.get() != null) {
                        indexes.build(access.tenantId(), panel.get(), made.get());
                    }
                });
    }

    @DELETE
    @Path("/{indexId}")
    @Operation(summary = "Remove an index", description = "204; the index is dropped CONCURRENTLY (writes never wait).")
    public Uni<Response> delete(@PathParam("panelId") UUID panelId, @PathParam("indexId") UUID indexId) {
        TenantAccess access = tenant.require(Role.ADMIN);
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId()).chain(() -> rows.panel(tx, panelId))
                        .chain(() -> indexes.delete(tx, panelId, indexId)))
                .call(indexes::dropIndexes)
                .map(index -> Response.noContent().build());
    }
}
