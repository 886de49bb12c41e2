package io.panels.export.api;

import io.panels.common.idempotency.IdempotencyKeys;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.panels.common.tenant.TenantScope;
import io.panels.export.domain.DownloadLinks;
import io.panels.export.domain.ExportFormat;
import io.panels.export.domain.ExportJob;
import io.panels.export.domain.ExportOptions;
import io.panels.export.domain.Exports;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Export jobs of the caller's tenant: request, follow, list, cancel (docs/export-service.md). */
@Path("/api/v1/exports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Exports")
public class ExportResource {

    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 200;

    private final TenantContext tenant;
    private final Exports exports;
    private final DownloadLinks links;
    private final IdempotencyKeys keys;
    private final Pool pool;

    public ExportResource(TenantContext tenant, Exports exports, DownloadLinks links, IdempotencyKeys keys, Pool pool) {
        this.tenant = tenant;
        this.exports = exports;
        this.links = links;
        this.keys = keys;
        this.pool = pool;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Request an export", description = "Stores the job and queues it (202); follow it with GET"
            + " /api/v1/exports/{id}. Honours Idempotency-Key.")
    public Uni<Response> request(ExportRequest request, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        TenantAccess caller = tenant.require(Role.VIEWER);
        Exports.Command command = command(request);
        IdempotencyKeys.validate(idempotencyKey);
        String scope = caller.tenantId().toString();
        return inTenant(caller, tx -> {
            Uni<IdempotencyKeys.Reply> write = exports.request(tx, caller, command)
                    .map(job -> keys.reply(202, ExportResponse.of(job, links), null, "/api/v1/exports/" + job.id()));
            if (idempotencyKey == null) {
                return write.map(ExportResource::response);
            }
            return keys.claim(tx, scope, idempotencyKey, keys.fingerprint("POST /api/v1/exports", request))
                    .chain(earlier -> earlier.isPresent() ? Uni.createFrom().item(earlier.get().toResponse())
                            : write.call(reply -> keys.complete(tx, scope, idempotencyKey, reply)).map(ExportResource::response));
        });
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "An export job", description = "Status, progress and, once completed, a signed download URL.")
    public Uni<ExportResponse> get(@PathParam("id") UUID id) {
        TenantAccess caller = tenant.require(Role.VIEWER);
        return inTenant(caller, tx -> exports.get(tx, caller, id)).map(job -> ExportResponse.of(job, links));
    }

    @GET
    @Operation(summary = "List export jobs", description = "The caller's jobs, newest first; scope=tenant lists every job"
            + " of the tenant (admins and owners).")
    public Uni<ExportResponse.Page> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor,
                                         @QueryParam("scope") String scope) {
        TenantAccess caller = tenant.require(Role.VIEWER);
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_PAGE);
        }
        if (scope != null && !scope.equals("mine") && !scope.equals("tenant")) {
            throw ProblemException.invalid("scope", "must be mine or tenant");
        }
        Cursor after = Cursor.decode(cursor);
        return inTenant(caller, tx -> exports.list(tx, caller, "tenant".equals(scope), after == null ? null : after.time(),
                        after == null ? null : after.id(), size + 1))
                .map(jobs -> {
                    List<ExportResponse> items = new ArrayList<>();
                    jobs.stream().limit(size).forEach(job -> items.add(ExportResponse.of(job, links)));
                    ExportJob last = jobs.size() > size ? jobs.get(size - 1) : null;
                    return new ExportResponse.Page(items, last == null ? null : new Cursor(last.requestedAt(), last.id()).encode());
                });
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel an export", description = "A queued or running job stops and leaves no file; 409 once it has ended.")
    public Uni<ExportResponse> cancel(@PathParam("id") UUID id) {
        TenantAccess caller = tenant.require(Role.VIEWER);
        return inTenant(caller, tx -> exports.cancel(tx, caller, id)).map(job -> ExportResponse.of(job, links));
    }

    private <T> Uni<T> inTenant(TenantAccess caller, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(tx -> TenantScope.bind(tx, caller.tenantId()).chain(() -> work.apply(tx)));
    }

    private static Exports.Command command(ExportRequest request) {
        if (request == null) {
            throw ProblemException.invalid("The body must name what to export.", List.of(new FieldError("format", "is required")));
        }
        List<FieldError> errors = new ArrayList<>();
        if ((request.panelId() == null) == (request.viewId() == null)) {
            errors.add(new FieldError("panelId", "name exactly one of panelId and viewId"));
        }
        ExportFormat format = request.format() == null ? null : ExportFormat.parse(request.format()).orElse(null);
        if (format == null) {
            errors.add(new FieldError("format", "must be csv, xlsx, json, ndjson or pdf"));
        }
        ExportOptions options = request.options() == null ? ExportOptions.none() : request.options();
        errors.addAll(options.errors());
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The export request is not valid.", errors);
        }
        return new Exports.Command(request.panelId(), request.viewId(), format, options);
    }

    private static Response response(IdempotencyKeys.Reply reply) {
        Response.ResponseBuilder response = Response.status(reply.status());
        if (reply.body() != null) {
            response.entity(reply.body()).type(MediaType.APPLICATION_JSON);
        }
        if (reply.location() != null) {
            response.header(HttpHeaders.LOCATION, reply.location());
        }
        return response.build();
    }

    /** Keyset of the list: the last job's (requestedAt, id), base64url; tenant-scoped queries make it safe to expose. */
    record Cursor(Instant time, UUID id) {

        String encode() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, time);
            return Base64.getUrlEncoder().withoutPadding().encodeToString((micros + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            if (cursor == null || cursor.isEmpty()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 2);
                return new Cursor(Instant.EPOCH.plus(Long.parseLong(parts[0]), ChronoUnit.MICROS), UUID.fromString(parts[1]));
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
                throw ProblemException.invalid("cursor", "is not a cursor this list gave out");
            }
        }
    }
}
