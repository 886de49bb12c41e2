package io.panels.data.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.common.idempotency.IdempotencyKeys;
import io.panels.common.ids.Ids;
import io.panels.common.outbound.OutboundAddressPolicy.RefusedTarget;
import io.panels.common.outbox.Outbox;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.common.problem.FieldError;
import io.panels.common.problem.ProblemException;
import io.panels.common.tenant.Role;
import io.panels.common.tenant.TenantAccess;
import io.panels.common.tenant.TenantContext;
import io.panels.common.tenant.TenantScope;
import io.panels.data.config.DataSettings;
import io.panels.data.domain.DataSource;
import io.panels.data.domain.JsonPath;
import io.panels.data.domain.PanelColumn;
import io.panels.data.domain.PanelSchema;
import io.panels.data.domain.Rows;
import io.panels.data.domain.SourceDefinition;
import io.panels.data.domain.SourceDefinition.Config;
import io.panels.data.domain.SourceDefinition.Credentials;
import io.panels.data.domain.SourceDefinition.FieldMapping;
import io.panels.data.domain.SourceDefinition.Kind;
import io.panels.data.domain.SourceDefinition.Mode;
import io.panels.data.domain.SourceReaders;
import io.panels.data.domain.SyncFailure;
import io.panels.data.domain.SyncRun;
import io.panels.data.domain.SyncSchedules;
import io.panels.data.domain.Syncs;
import io.panels.data.store.SourceStore;
import io.panels.events.EventCatalog;
import io.panels.events.sync.SyncRequested;
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
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Data sources of a panel and their sync runs (docs/data-sources.md). Admins and owners manage
 * sources and preview them; editors and above read them, ask for a run and read the runs.
 * Credentials are write-only: a response names which are set, never their values.
 */
@Path("/api/v1/panels/{panelId}/sources")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Data sources")
public class DataSourceResource {

    private final TenantContext tenant;
    private final Rows rows;
    private final SourceStore store;
    private final Syncs syncs;
    private final SourceReaders readers;
    private final IdempotentWrites writes;
    private final Outbox outbox;
    private final Pool pool;
    private final DataSettings settings;

    public DataSourceResource(TenantContext tenant, Rows rows, SourceStore store, Syncs syncs, SourceReaders readers,
                              IdempotentWrites writes, Outbox outbox, Pool pool, DataSettings settings) {
        this.tenant = tenant;
        this.rows = rows;
        this.store = store;
        this.syncs = syncs;
        this.readers = readers;
        this.writes = writes;
        this.outbox = outbox;
        this.pool = pool;
        this.settings = settings;
    }

    @RegisterForReflection
    @Schema(description = "A data source: what to read (config, without credentials), how records map to columns, the mode and the schedule")
    public record SourceRequest(@NotBlank @Size(max = 200) String name,
                                @NotNull @Schema(enumeration = {"http_json", "csv_url", "postgresql", "mariadb"}) String kind,
                                @NotNull Config config,
                                @Schema(description = "Write-only secrets: password (basic auth, databases), token (bearer), apiKey") Credentials credentials,
                                @NotNull @Size(min = 1, max = 500) List<@Valid @NotNull FieldMapping> mapping,
                                @Schema(enumeration = {"replace", "upsert", "append"}, defaultValue = "replace") String mode,
                                @Schema(description = "The column whose value identifies a record (upsert)") String keyColumn,
                                @Schema(description = "Cron, five fields, UTC; none: only manual runs") String schedule,
                                Boolean enabled) {
    }

    @RegisterForReflection
    @Schema(description = "Changes to a data source: only the fields given; credentials given replace all credentials ({} removes them); schedule \"\" removes it")
    public record SourcePatch(@Size(min = 1, max = 200) String name, Config config, Credentials credentials,
                              @Size(min = 1, max = 500) List<@Valid @NotNull FieldMapping> mapping,
                              @Schema(enumeration = {"replace", "upsert", "append"}) String mode, String keyColumn, String schedule,
                              Boolean enabled) {
    }

    @RegisterForReflection
    public record SourceResponse(UUID id, UUID panelId, String name, String kind, Config config,
                                 @Schema(description = "Which credentials are set (never their values)") List<String> credentials,
                                 List<FieldMapping> mapping, String mode, String keyColumn, String schedule, Instant nextRunAt,
                                 boolean enabled, String ownerId, long version, Instant createdAt, String createdBy,
                                 Instant updatedAt, String updatedBy) {

        static SourceResponse of(DataSource s) {
            return new SourceResponse(s.id(), s.panelId(), s.name(), s.kind().wire(), s.config(), s.credentialNames(), s.mapping(),
                    s.mode().wire(), s.keyColumn(), s.schedule(), s.nextRunAt(), s.enabled(), s.ownerId(), s.version(), s.createdAt(),
                    s.createdBy(), s.updatedAt(), s.updatedBy());
        }
    }

    public record SourcePage(List<SourceResponse> sources, String nextCursor) {
    }

    @RegisterForReflection
    @Schema(description = "A sync run: status queued, running, completed, failed or skipped; counts; the first record errors; why it failed")
    public record RunResponse(UUID id, UUID sourceId, UUID panelId,
                              @Schema(enumeration = {"queued", "running", "completed", "failed", "skipped"}) String status,
                              @Schema(enumeration = {"schedule", "manual"}) String trigger, String requestedBy, int attempts,
                              long rowsRead, long rowsInserted, long rowsUpdated, long rowsDeleted, long rowsFailed,
                              List<SyncRun.RecordError> errors, String failure, Instant requestedAt, Instant startedAt,
                              Instant finishedAt) {

        static RunResponse of(SyncRun r) {
            return new RunResponse(r.id(), r.sourceId(), r.panelId(), r.status(), r.trigger(), r.requestedBy(), r.attempts(), r.rowsRead(),
                    r.rowsInserted(), r.rowsUpdated(), r.rowsDeleted(), r.rowsFailed(), r.errors(), r.failure(), r.requestedAt(),
                    r.startedAt(), r.finishedAt());
        }
    }

    public record RunPage(List<RunResponse> runs, String nextCursor) {
    }

    @RegisterForReflection
    public record PreviewResponse(@Schema(description = "The first 20 records: values by column key, or the record's errors") List<PreviewRow> rows) {
    }

    @RegisterForReflection
    public record PreviewRow(long record, Map<String, JsonNode> values, List<SyncRun.RecordError> errors) {
    }

    // ---- sources ----

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a data source to the panel", description = "Admins and owners. Credentials are sealed (AES-GCM) and never returned.")
    @APIResponse(responseCode = "201", description = "The source", content = @Content(schema = @Schema(implementation = SourceResponse.class)))
    public Uni<Response> create(@PathParam("panelId") UUID panelId, @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                @Valid @NotNull SourceRequest request) {
        TenantAccess access = tenant.require(Role.ADMIN);
        String path = "/api/v1/panels/" + panelId + "/sources";
        UUID id = Ids.newId();
        Kind kind = kind(request.kind());
        Mode mode = mode(request.mode());
        List<FieldError> errors = new ArrayList<>();
        SourceDefinition.check(kind, request.config(), request.credentials(), errors);
        checkAddress(kind, request.config(), errors);
        String schedule = blankToNull(request.schedule());
        checkSchedule(schedule, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The data source is not valid.", errors);
        }
        Credentials credentials = request.credentials() == null ? Credentials.NONE : request.credentials();
        Instant now = Instant.now();
        boolean enabled = request.enabled() == null || request.enabled();
        DataSource source = new DataSource(id, access.tenantId(), panelId, request.name().strip(), kind, request.config(),
                syncs.seal(id, credentials), credentials.names(), request.mapping(), mode, blankToNull(request.keyColumn()), schedule,
                enabled && schedule != null ? SyncSchedules.next(schedule, now) : null, enabled, access.subject(), 1, now,
                access.subject(), now, access.subject());
        // The fingerprint of a retry: the request with the credentials' names only (no secret is hashed or stored).
        Map<String, Object> fingerprint = Map.of("request", new SourceRequest(request.name(), request.kind(), request.config(), null,
                request.mapping(), request.mode(), request.keyColumn(), request.schedule(), request.enabled()), "credentials", credentials.names());
        return writes.run(access.tenantId(), idempotencyKey, "POST " + path, fingerprint,
                tx -> rows.writable(tx, panelId)
                        .invoke(panel -> checkMapping(panel, source))
                        .chain(() -> store.insert(tx, source))
                        .map(ignored -> writes.reply(201, SourceResponse.of(source), etag(source), path + "/" + id)));
    }

    @GET
    @Operation(summary = "The panel's data sources", description = "Editors and above.")
    public Uni<SourcePage> list(@PathParam("panelId") UUID panelId, @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        TenantAccess access = tenant.require(Role.EDITOR);
        int size = limit(limit);
        UUID after = cursor(cursor);
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId())
                        .chain(() -> rows.panel(tx, panelId))
                        .chain(() -> store.list(tx, panelId, after, size + 1)))
                .map(found -> {
                    List<SourceResponse> page = found.stream().limit(size).map(SourceResponse::of).toList();
                    return new SourcePage(page, found.size() > size ? page.getLast().id().toString() : null);
                });
    }

    @GET
    @Path("/{sourceId}")
    @Operation(summary = "A data source", description = "Editors and above; with ETag.")
    @APIResponse(responseCode = "200", description = "The source", content = @Content(schema = @Schema(implementation = SourceResponse.class)))
    public Uni<Response> get(@PathParam("panelId") UUID panelId, @PathParam("sourceId") UUID sourceId) {
        TenantAccess access = tenant.require(Role.EDITOR);
        return find(access, panelId, sourceId).map(source -> Response.ok(SourceResponse.of(source)).header(HttpHeaders.ETAG, etag(source)).build());
    }

    @PATCH
    @Path("/{sourceId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a data source", description = "Admins and owners; If-Match with the ETag, 412 when stale.")
    @APIResponse(responseCode = "200", description = "The source", content = @Content(schema = @Schema(implementation = SourceResponse.class)))
    public Uni<Response> update(@PathParam("panelId") UUID panelId, @PathParam("sourceId") UUID sourceId,
                                @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, @Valid @NotNull SourcePatch patch) {
        TenantAccess access = tenant.require(Role.ADMIN);
        Long expected = ifMatch(ifMatch);
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId())
                .chain(() -> rows.writable(tx, panelId))
                .chain(panel -> store.find(tx, panelId, sourceId).map(found -> found.orElseThrow(() -> ProblemException.notFound("Data source", sourceId)))
                        .chain(current -> {
                            if (expected != null && expected != current.version()) {
                                throw ProblemException.stale("The data source changed since version " + expected + "; it is at " + current.version() + ".");
                            }
                            DataSource changed = patched(current, patch, access.subject());
                            checkMapping(panel, changed);
                            return store.update(tx, changed, current.version()).map(done -> {
                                if (!done) {
                                    throw ProblemException.stale("The data source changed meanwhile; read it again.");
                                }
                                return Response.ok(SourceResponse.of(changed)).header(HttpHeaders.ETAG, etag(changed)).build();
                            });
                        })));
    }

    @DELETE
    @Path("/{sourceId}")
    @Operation(summary = "Remove a data source and its run history", description = "Admins and owners. The panel's rows stay.")
    @APIResponse(responseCode = "204", description = "Removed")
    public Uni<Response> delete(@PathParam("panelId") UUID panelId, @PathParam("sourceId") UUID sourceId) {
        TenantAccess access = tenant.require(Role.ADMIN);
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId())
                        .chain(() -> rows.panel(tx, panelId))
                        .chain(() -> store.delete(tx, panelId, sourceId)))
                .map(deleted -> {
                    if (!deleted) {
                        throw ProblemException.notFound("Data source", sourceId);
                    }
                    return Response.noContent().build();
                });
    }

    // ---- preview ----

    @POST
    @Path("/preview")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Preview a data source before saving it", description = "Admins and owners. The first 20 records mapped and checked; nothing is written or stored."
            + " 422 `source-failed` when the source cannot be read.")
    public PreviewResponse previewNew(@PathParam("panelId") UUID panelId, @Valid @NotNull SourceRequest request) {
        TenantAccess access = tenant.require(Role.ADMIN);
        Kind kind = kind(request.kind());
        List<FieldError> errors = new ArrayList<>();
        SourceDefinition.check(kind, request.config(), request.credentials(), errors);
        checkAddress(kind, request.config(), errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The data source is not valid.", errors);
        }
        UUID id = Ids.newId();
        Instant now = Instant.now();
        DataSource source = new DataSource(id, access.tenantId(), panelId, request.name(), kind, request.config(), null, List.of(),
                request.mapping(), mode(request.mode()), blankToNull(request.keyColumn()), null, null, false, access.subject(), 1, now,
                access.subject(), now, access.subject());
        PanelSchema panel = panel(access, panelId);
        checkMapping(panel, source);
        return preview(source, request.credentials() == null ? Credentials.NONE : request.credentials(), panel);
    }

    @POST
    @Path("/{sourceId}/preview")
    @Operation(summary = "Preview a saved data source", description = "Admins and owners. The first 20 records mapped and checked; nothing is written."
            + " 422 `source-failed` when the source cannot be read.")
    public PreviewResponse preview(@PathParam("panelId") UUID panelId, @PathParam("sourceId") UUID sourceId) {
        TenantAccess access = tenant.require(Role.ADMIN);
        DataSource source = find(access, panelId, sourceId).await().indefinitely();
        return preview(source, syncs.open(source), panel(access, panelId));
    }

    private PreviewResponse preview(DataSource source, Credentials credentials, PanelSchema panel) {
        try {
            return new PreviewResponse(syncs.preview(source, credentials, panel).stream()
                    .map(row -> new PreviewRow(row.record(), row.values(), row.errors())).toList());
        } catch (SyncFailure failure) {
            throw new ProblemException(422, "source-failed", "The source could not be read", failure.getMessage());
        }
    }

    // ---- runs ----

    @POST
    @Path("/{sourceId}/runs")
    @Operation(summary = "Sync now", description = "Editors and above. 202 with the queued run; it runs on a sync worker (one run at a time per source).")
    @APIResponse(responseCode = "202", description = "The run, queued", content = @Content(schema = @Schema(implementation = RunResponse.class)))
    public Uni<Response> trigger(@PathParam("panelId") UUID panelId, @PathParam("sourceId") UUID sourceId,
                                 @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey) {
        TenantAccess access = tenant.require(Role.EDITOR);
        String path = "/api/v1/panels/" + panelId + "/sources/" + sourceId + "/runs";
        Instant now = Instant.now();
        return writes.run(access.tenantId(), idempotencyKey, "POST " + path, Map.of(),
                tx -> rows.writable(tx, panelId)
                        .chain(() -> store.find(tx, panelId, sourceId))
                        .map(found -> found.orElseThrow(() -> ProblemException.notFound("Data source", sourceId)))
                        .chain(source -> {
                            SyncRun run = new SyncRun(Ids.newId(), source.id(), panelId, "queued", "manual", access.subject(), 0, 0, 0, 0, 0, 0,
                                    List.of(), null, now, null, null);
                            return store.insertRun(tx, access.tenantId(), run)
                                    .chain(() -> outbox.append(tx, new OutgoingEvent<>(EventCatalog.SYNC_REQUESTED, access.tenantId(),
                                            source.id().toString(), run.id().toString(),
                                            new SyncRequested(source.id(), panelId, run.id(), "manual", access.subject(), now))))
                                    .map(ignored -> writes.reply(202, RunResponse.of(run), null, path + "/" + run.id()));
                        }));
    }

    @GET
    @Path("/{sourceId}/runs")
    @Operation(summary = "The source's runs, newest first", description = "Editors and above.")
    public Uni<RunPage> runs(@PathParam("panelId") UUID panelId, @PathParam("sourceId") UUID sourceId,
                             @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        TenantAccess access = tenant.require(Role.EDITOR);
        int size = limit(limit);
        UUID before = cursor(cursor);
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId())
                        .chain(() -> rows.panel(tx, panelId))
                        .chain(() -> store.find(tx, panelId, sourceId))
                        .map(found -> found.orElseThrow(() -> ProblemException.notFound("Data source", sourceId)))
                        .chain(source -> store.listRuns(tx, sourceId, before, size + 1)))
                .map(found -> {
                    List<RunResponse> page = found.stream().limit(size).map(RunResponse::of).toList();
                    return new RunPage(page, found.size() > size ? page.getLast().id().toString() : null);
                });
    }

    @GET
    @Path("/{sourceId}/runs/{runId}")
    @Operation(summary = "A sync run", description = "Editors and above.")
    public Uni<RunResponse> run(@PathParam("panelId") UUID panelId, @PathParam("sourceId") UUID sourceId, @PathParam("runId") UUID runId) {
        TenantAccess access = tenant.require(Role.EDITOR);
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId())
                        .chain(() -> rows.panel(tx, panelId))
                        .chain(() -> store.find(tx, panelId, sourceId))
                        .map(found -> found.orElseThrow(() -> ProblemException.notFound("Data source", sourceId)))
                        .chain(source -> store.findRun(tx, sourceId, runId)))
                .map(found -> RunResponse.of(found.orElseThrow(() -> ProblemException.notFound("Sync run", runId))));
    }

    // ---- helpers ----

    private Uni<DataSource> find(TenantAccess access, UUID panelId, UUID sourceId) {
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId())
                .chain(() -> rows.panel(tx, panelId))
                .chain(() -> store.find(tx, panelId, sourceId))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("Data source", sourceId))));
    }

    private PanelSchema panel(TenantAccess access, UUID panelId) {
        return pool.withTransaction(tx -> TenantScope.bind(tx, access.tenantId()).chain(() -> rows.panel(tx, panelId)))
                .await().indefinitely();
    }

    private DataSource patched(DataSource current, SourcePatch patch, String user) {
        Config config = patch.config() != null ? patch.config() : current.config();
        String sealed = current.sealedCredentials();
        List<String> names = current.credentialNames();
        if (patch.credentials() != null) {
            sealed = syncs.seal(current.id(), patch.credentials());
            names = patch.credentials().names();
        }
        List<FieldError> errors = new ArrayList<>();
        SourceDefinition.check(current.kind(), config, patch.credentials(), errors);
        checkAddress(current.kind(), config, errors);
        String schedule = patch.schedule() == null ? current.schedule() : blankToNull(patch.schedule());
        if (patch.schedule() != null) {
            checkSchedule(schedule, errors);
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The data source is not valid.", errors);
        }
        boolean enabled = patch.enabled() == null ? current.enabled() : patch.enabled();
        Instant now = Instant.now();
        Instant next = !enabled || schedule == null ? null
                : (schedule.equals(current.schedule()) && current.nextRunAt() != null ? current.nextRunAt() : SyncSchedules.next(schedule, now));
        return new DataSource(current.id(), current.tenantId(), current.panelId(), patch.name() == null ? current.name() : patch.name().strip(),
                current.kind(), config, sealed, names, patch.mapping() == null ? current.mapping() : patch.mapping(),
                patch.mode() == null ? current.mode() : mode(patch.mode()),
                patch.keyColumn() == null ? current.keyColumn() : blankToNull(patch.keyColumn()), schedule, next, enabled,
                current.ownerId(), current.version() + 1, current.createdAt(), current.createdBy(), now, user);
    }

    /** The mapping against the panel: columns that exist and take values, sources that parse, the key for upsert. */
    private static void checkMapping(PanelSchema panel, DataSource source) {
        List<FieldError> errors = new ArrayList<>();
        Set<String> columns = new HashSet<>();
        for (int i = 0; i < source.mapping().size(); i++) {
            FieldMapping field = source.mapping().get(i);
            String at = "mapping[" + i + "]";
            if (field.source() == null || field.source().isBlank() || field.source().length() > 500) {
                errors.add(new FieldError(at + ".source", "is required (a JSONPath such as $.price, or a field name), at most 500 characters"));
            } else if (JsonPath.isPath(field.source())) {
                try {
                    JsonPath.parse(field.source());
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError(at + ".source", "is not a supported JSONPath: " + e.getMessage()));
                }
            }
            PanelColumn column = field.column() == null ? null : panel.column(field.column()).orElse(null);
            if (column == null) {
                errors.add(new FieldError(at + ".column", "is not a column of the panel"));
            } else if (column.computed()) {
                errors.add(new FieldError(at + ".column", "is computed and cannot be filled by a source"));
            } else if (!columns.add(column.key())) {
                errors.add(new FieldError(at + ".column", "is mapped twice"));
            }
        }
        if (source.mode() == Mode.UPSERT) {
            if (source.keyColumn() == null) {
                errors.add(new FieldError("keyColumn", "is required in upsert mode"));
            } else if (!columns.contains(source.keyColumn())) {
                errors.add(new FieldError("keyColumn", "must be one of the mapped columns"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid("The data source's mapping does not fit the panel.", errors);
        }
    }

    /** The URL's shape and, when the host is an address, the address itself: refused at once (no DNS here). */
    private void checkAddress(Kind kind, Config config, List<FieldError> errors) {
        if (config == null) {
            return;
        }
        try {
            if (kind.http() && config.url() != null) {
                URI uri = readers.policy().checkUrl(config.url());
                checkLiteral(uri.getHost());
            } else if (!kind.http() && config.host() != null) {
                checkLiteral(config.host());
            }
        } catch (RefusedTarget refused) {
            errors.add(new FieldError(kind.http() ? "config.url" : "config.host", refused.getMessage()));
        }
    }

    private void checkLiteral(String host) {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (literal.matches("[0-9.]+") || literal.contains(":")) {
            try {
                readers.policy().check(InetAddress.getByName(literal));
            } catch (java.net.UnknownHostException e) {
                throw new RefusedTarget("not a valid address");
            }
        }
    }

    private void checkSchedule(String schedule, List<FieldError> errors) {
        if (schedule == null) {
            return;
        }
        String problem = schedule.length() > 200 ? "is too long" : SyncSchedules.problem(schedule, settings.sync().minInterval());
        if (problem != null) {
            errors.add(new FieldError("schedule", problem));
        }
    }

    private static Kind kind(String kind) {
        try {
            return Kind.of(kind);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.invalid("kind", "must be one of http_json, csv_url, postgresql, mariadb");
        }
    }

    private static Mode mode(String mode) {
        if (mode == null) {
            return Mode.REPLACE;
        }
        try {
            return Mode.of(mode);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("mode", "must be one of replace, upsert, append");
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private static String etag(DataSource source) {
        return "\"" + source.version() + "\"";
    }

    private static Long ifMatch(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("If-Match", "must be the ETag of the data source");
        }
    }

    private static int limit(Integer limit) {
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > 1000) {
            throw ProblemException.invalid("limit", "must be 1 to 1000");
        }
        return size;
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

    @SuppressWarnings("unused")
    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
