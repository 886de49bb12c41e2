package io.panels.data.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.panels.common.tenant.TenantScope;
import io.panels.data.api.RowResponses.RowResponse;
import io.panels.data.config.DataSettings;
import io.panels.data.domain.RowQueries;
import io.panels.data.domain.Rows;
import io.panels.query.InvalidQueryException;
import io.panels.query.model.Query;
import io.panels.query.model.QueryJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Reads rows with the query model of platform/query (docs/query.md): filters, search, sorts, groups, summaries. */
@Path("/api/v1/panels/{panelId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Rows")
public class QueryResource {

    private final TenantContext tenant;
    private final Rows rows;
    private final RowQueries queries;
    private final Pool pool;
    private final DataSettings settings;

    public QueryResource(TenantContext tenant, Rows rows, RowQueries queries, Pool pool, DataSettings settings) {
        this.tenant = tenant;
        this.rows = rows;
        this.queries = queries;
        this.pool = pool;
        this.settings = settings;
    }

    @Schema(description = "A query run: the query (docs/query.md), the columns to return (default: all), page size"
            + " (default 100, at most 1,000), the nextCursor of the previous page, and how to count")
    public record QueryRequest(@Schema(description = "The query's JSON form, see docs/query.md") JsonNode query,
                               @Size(max = 500) List<String> columns, Integer limit, @Size(max = 16384) String cursor,
                               @Schema(enumeration = {"estimated", "exact", "none"}) String count) {
    }

    public record CountResponse(long value, boolean exact) {
    }

    public record GroupResponse(int level, List<JsonNode> values, long count, List<JsonNode> summaries) {
    }

    @Schema(description = "A page of rows; count is approximate unless exact; groups are in display order, each with its"
            + " count and the summaries in the order asked; summaries are those of the whole result")
    public record QueryResponse(List<RowResponse> rows, String nextCursor, CountResponse count, List<GroupResponse> groups,
                                List<JsonNode> summaries) {
    }

    @POST
    @Path("/query")
    @Operation(summary = "Query rows", description = "Filters, search, sorts, keyset pages, counts, group headers and summaries.")
    public Uni<QueryResponse> query(@PathParam("panelId") UUID panelId, @Valid QueryRequest request) {
        TenantAccess access = tenant.require(Role.VIEWER);
        QueryRequest body = request == null ? new QueryRequest(null, null, null, null, null) : request;
        Query query = parse(body.query() == null ? "{}" : body.query().toString());
        return run(access, panelId, new RowQueries.Request(query, body.columns(),
                body.limit() == null ? settings.defaultPageSize() : body.limit(), body.cursor(), countMode(body.count())));
    }

    @GET
    @Path("/rows")
    @Operation(summary = "List rows", description = "A page of rows; `query` is the query's JSON form (docs/query.md).")
    public Uni<QueryResponse> list(@PathParam("panelId") UUID panelId, @QueryParam("query") String query,
                                   @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
                                   @QueryParam("count") String count) {
        TenantAccess access = tenant.require(Role.VIEWER);
        return run(access, panelId, new RowQueries.Request(parse(query == null || query.isBlank() ? "{}" : query), null,
                limit == null ? settings.defaultPageSize() : limit, cursor, count == null ? RowQueries.CountMode.NONE : countMode(count)));
    }

    private Uni<QueryResponse> run(TenantAccess access, UUID panelId, RowQueries.Request request) {
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId())
                        .chain(() -> rows.panel(tx, panelId))
                        .chain(panel -> queries.run(tx, panel, request)))
                .map(result -> new QueryResponse(result.rows().stream().map(RowResponse::of).toList(), result.nextCursor(),
                        result.count() == null ? null : new CountResponse(result.count().value(), result.count().exact()),
                        result.groups().stream().map(g -> new GroupResponse(g.level(), g.values(), g.count(), g.summaries())).toList(),
                        result.summaries()));
    }

    private static Query parse(String json) {
        try {
            return QueryJson.parse(json);
        } catch (InvalidQueryException e) {
            throw ProblemException.invalid("The query is not valid.", e.errors().stream()
                    .map(error -> new FieldError(error.field() == null || error.field().isEmpty() ? "query" : "query." + error.field(),
                            error.message()))
                    .toList());
        }
    }

    private static RowQueries.CountMode countMode(String count) {
        if (count == null) {
            return RowQueries.CountMode.ESTIMATED;
        }
        try {
            return RowQueries.CountMode.valueOf(count.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("count", "must be estimated, exact or none");
        }
    }
}
