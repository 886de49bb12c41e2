package io.panels.data.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.panels.data.domain.RowStreams;
import io.panels.query.InvalidQueryException;
import io.panels.query.model.Query;
import io.panels.query.model.QueryJson;
import io.smallrye.mutiny.Multi;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Every row of a query in one streamed answer, for bulk readers such as export-service (ADR 0043,
 * docs/data-service-row-stream.md). Who may call it is decided as for {@code /query}: a viewer of
 * the panel's tenant, or a trusted service naming the tenant (ADR 0023).
 */
@Path("/api/v1/panels/{panelId}")
@Tag(name = "Rows")
public class RowStreamResource {

    public static final String NDJSON = "application/x-ndjson";

    private final TenantContext tenant;
    private final RowStreams streams;

    public RowStreamResource(TenantContext tenant, RowStreams streams) {
        this.tenant = tenant;
        this.streams = streams;
    }

    @Schema(description = "A stream of every row of a query: the query (docs/query.md; groups and summaries are ignored),"
            + " the columns to return in this order (default: all), the cursor to resume after (of a checkpoint or end line,"
            + " or a /query nextCursor) and how many rows go between two checkpoint lines (default 1,000, at most 10,000)")
    public record StreamRequest(@Schema(description = "The query's JSON form, see docs/query.md") JsonNode query,
                                @Size(max = 500) List<String> columns, @Size(max = 16384) String after,
                                Integer checkpointEvery) {
    }

    @POST
    @Path("/rows:stream")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(NDJSON)
    @Operation(summary = "Stream rows",
            description = "Every row of the query from one consistent snapshot, as NDJSON: a first line"
                    + " {\"columns\": [keys]}, one JSON array of values per row in that order (values as /query shows them),"
                    + " a checkpoint line {\"rows\": n, \"cursor\": c} every checkpointEvery rows, and a last line"
                    + " {\"end\": true, \"rows\": n, \"cursor\": c}. A stream without its last line was cut: resume with"
                    + " after = the cursor of the last checkpoint kept.")
    @APIResponse(responseCode = "200", description = "The rows, streamed",
            content = @Content(mediaType = NDJSON, schema = @Schema(type = SchemaType.STRING)))
    public Multi<byte[]> stream(@PathParam("panelId") UUID panelId, @Valid StreamRequest request) {
        TenantAccess access = tenant.require(Role.VIEWER);
        StreamRequest body = request == null ? new StreamRequest(null, null, null, null) : request;
        return streams.stream(access.tenantId(), panelId, new RowStreams.Request(parse(body.query()), body.columns(), body.after(),
                body.checkpointEvery() == null ? RowStreams.DEFAULT_CHECKPOINT_EVERY : body.checkpointEvery()));
    }

    private static Query parse(JsonNode query) {
        try {
            return QueryJson.parse(query == null ? "{}" : query.toString());
        } catch (InvalidQueryException e) {
            throw ProblemException.invalid("The query is not valid.", e.errors().stream()
                    .map(error -> new FieldError(error.field() == null || error.field().isEmpty() ? "query" : "query." + error.field(),
                            error.message()))
                    .toList());
        }
    }
}
