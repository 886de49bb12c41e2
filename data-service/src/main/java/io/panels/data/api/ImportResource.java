package io.panels.data.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.common.idempotency.IdempotencyKeys;
import io.panels.common.ids.Ids;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.panels.common.tenant.TenantScope;
import io.panels.data.domain.ImportJob;
import io.panels.data.domain.ImportOptions;
import io.panels.data.domain.ImportWorker;
import io.panels.data.domain.Imports;
import io.panels.data.domain.Rows;
import io.panels.data.store.ImportFiles;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * CSV imports into a panel, run as background jobs (docs/data-service.md). The file is the
 * request body, streamed to disk, never held in memory; the options are query parameters.
 * Editors and above import; viewers read the jobs.
 */
@Path("/api/v1/panels/{panelId}/imports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Imports")
public class ImportResource {

    private static final TypeReference<Map<String, String>> MAPPING = new TypeReference<>() {
    };

    private final TenantContext tenant;
    private final Rows rows;
    private final Imports imports;
    private final ImportWorker worker;
    private final ImportFiles files;
    private final IdempotentWrites writes;
    private final Pool pool;
    private final ObjectMapper json;

    public ImportResource(TenantContext tenant, Rows rows, Imports imports, ImportWorker worker, ImportFiles files,
                          IdempotentWrites writes, Pool pool, ObjectMapper json) {
        this.tenant = tenant;
        this.rows = rows;
        this.imports = imports;
        this.worker = worker;
        this.files = files;
        this.writes = writes;
        this.pool = pool;
        this.json = json;
    }

    @RegisterForReflection
    public record LineErrorResponse(long line, String column, String message) {
    }

    @RegisterForReflection
    @Schema(description = "An import job: status queued, running, completed, failed or cancelled; progress counts; the first per-line errors;"
            + " how long each phase of its load took")
    public record ImportResponse(UUID id, UUID panelId,
                                 @Schema(enumeration = {"queued", "running", "completed", "failed", "cancelled"}) String status,
                                 ImportOptions options, long fileBytes, long linesRead, long rowsImported, long rowsFailed,
                                 List<LineErrorResponse> errors, String failure, Instant createdAt, String createdBy,
                                 Instant startedAt, Instant finishedAt,
                                 @Schema(description = "Milliseconds per phase, as far as the job went: upload, prepare, read (parse, check"
                                         + " and stream; copyWait of it waiting on the database), endCopy, duplicates, dropIndexes, insert,"
                                         + " indexes, analyze, complete, commit, total (from the start of the load)")
                                 Map<String, Long> phases) {

        static ImportResponse of(ImportJob job) {
            return new ImportResponse(job.id(), job.panelId(), job.status().sql(), job.options(), job.fileBytes(), job.linesRead(),
                    job.rowsImported(), job.rowsFailed(), job.errors().stream()
                    .map(e -> new LineErrorResponse(e.line(), e.column(), e.message())).toList(), job.failure(),
                    job.createdAt(), job.createdBy(), job.startedAt(), job.finishedAt(), job.phases());
        }
    }

    public record ImportPage(List<ImportResponse> imports, String nextCursor) {
    }

    @POST
    @Consumes({"text/csv"})
    @Operation(summary = "Import a CSV file", description = "The file is the body (text/csv, UTF-8, a BOM is skipped). 202 with the job;"
            + " lines whose values do not fit their columns are reported and skipped, the others land together when the job completes.")
    @RequestBody(content = @Content(mediaType = "text/csv", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)))
    @APIResponse(responseCode = "202", description = "The job, queued", content = @Content(schema = @Schema(implementation = ImportResponse.class)))
    public Response create(@PathParam("panelId") UUID panelId,
                           @Parameter(description = "Field separator: one character, or `tab`") @QueryParam("delimiter") @DefaultValue(",") String delimiter,
                           @Parameter(description = "Whether the first line names the fields") @QueryParam("header") @DefaultValue("true") boolean header,
                           @Parameter(description = "JSON object: CSV header (or field number without a header) to column key;"
                                   + " default: headers matching a column's key or name, ignoring case") @QueryParam("mapping") String mapping,
                           @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey, @Context HttpHeaders headers,
                           InputStream body) throws IOException {
        TenantAccess access = tenant.require(Role.EDITOR);
        // A declared size over the limit is refused before a byte of the body is read.
        files.refuseDeclaredSize(declaredLength(headers.getHeaderString(HttpHeaders.CONTENT_LENGTH)));
        IdempotencyKeys.validate(idempotencyKey);
        ImportOptions options = new ImportOptions(delimiter, header, mapping(mapping));
        // Checked before the body is read: a wrong panel or mapping costs no upload.
        options.check(pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId()).chain(() -> rows.writable(tx, panelId)))
                .await().indefinitely());
        UUID id = Ids.newId();
        long uploadStart = System.nanoTime();
        ImportFiles.Spooled spooled = files.spool(id, body);
        long uploadMillis = (System.nanoTime() - uploadStart) / 1_000_000;
        try {
            String path = "/api/v1/panels/" + panelId + "/imports";
            Response response = writes.run(access.tenantId(), idempotencyKey, "POST " + path,
                            Map.of("options", options, "sha256", spooled.sha256(), "bytes", spooled.bytes()),
                            tx -> imports.queue(tx, access.tenantId(), access.subject(), panelId, id, options, spooled.bytes(), uploadMillis,
                                    worker.node())
                                    .map(job -> writes.reply(202, ImportResponse.of(job), null, path + "/" + job.id())))
                    .await().indefinitely();
            if (response.getHeaderString(IdempotencyKeys.REPLAYED_HEADER) == null) {
                worker.submit(id, access.tenantId(), panelId, access.subject());
            } else {
                files.delete(id);
            }
            return response;
        } catch (RuntimeException e) {
            files.delete(id);
            throw e;
        }
    }

    @GET
    @Path("/{importId}")
    @Operation(summary = "An import job", description = "Status, progress and the first per-line errors.")
    public Uni<ImportResponse> get(@PathParam("panelId") UUID panelId, @PathParam("importId") UUID importId) {
        TenantAccess access = tenant.require(Role.VIEWER);
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId())
                        .chain(() -> rows.panel(tx, panelId))
                        .chain(() -> imports.get(tx, panelId, importId)))
                .map(ImportResponse::of);
    }

    @POST
    @Path("/{importId}/cancel")
    @Operation(summary = "Cancel an import", description = "A queued job never runs; a running one stops and writes nothing. 409 once the job"
            + " has ended (completed, failed or cancelled).")
    @APIResponse(responseCode = "200", description = "The job, cancelled", content = @Content(schema = @Schema(implementation = ImportResponse.class)))
    public Uni<ImportResponse> cancel(@PathParam("panelId") UUID panelId, @PathParam("importId") UUID importId) {
        TenantAccess access = tenant.require(Role.EDITOR);
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId())
                        .chain(() -> rows.panel(tx, panelId))
                        .chain(() -> imports.cancel(tx, panelId, importId)))
                // After the commit: the load (when it runs on this replica) stops now rather than at the next check.
                .invoke(job -> worker.cancel(job.id()))
                .map(ImportResponse::of);
    }

    @GET
    @Operation(summary = "The panel's import jobs, newest first")
    public Uni<ImportPage> list(@PathParam("panelId") UUID panelId, @QueryParam("limit") Integer limit,
                                @QueryParam("cursor") String cursor) {
        TenantAccess access = tenant.require(Role.VIEWER);
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 1000) {
            throw ProblemException.invalid("limit", "must be 1 to 1000");
        }
        UUID before = cursor(cursor);
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId())
                        .chain(() -> rows.panel(tx, panelId))
                        .chain(() -> imports.list(tx, panelId, before, size + 1)))
                .map(jobs -> {
                    List<ImportResponse> page = jobs.stream().limit(size).map(ImportResponse::of).toList();
                    return new ImportPage(page, jobs.size() > size ? page.getLast().id().toString() : null);
                });
    }

    private Map<String, String> mapping(String mapping) {
        if (mapping == null || mapping.isBlank()) {
            return Map.of();
        }
        try {
            Map<String, String> parsed = json.readValue(mapping, MAPPING);
            if (parsed.size() > 1000 || parsed.containsValue(null)) {
                throw ProblemException.invalid("mapping", "must map at most 1,000 headers, each to a column key");
            }
            return parsed;
        } catch (IOException e) {
            throw ProblemException.invalid("mapping", "must be a JSON object of CSV header to column key, e.g. {\"Price\": \"price\"}");
        }
    }

    /** The declared body size (HttpHeaders.getLength() is an int: 2 GB and more would not fit); -1 when none or unreadable. */
    private static long declaredLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static UUID cursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            return UUID.fromString(cursor);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("cursor", "is not a cursor of this list");
        }
    }
}
