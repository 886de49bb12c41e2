package io.panels.data.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.data.domain.ImportJob;
import io.panels.data.domain.ImportOptions;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Import jobs in {@code import_job}. Request paths bind the caller's tenant first; the worker's
 * progress updates bind the job's tenant; recovery reads across tenants through its own policy.
 */
@ApplicationScoped
public class ImportStore {

    private static final String COLUMNS = "id, panel_id, status, options::text AS options, file_bytes, lines_read, rows_imported,"
            + " rows_failed, errors::text AS errors, failure, created_at, created_by, started_at, finished_at, phases::text AS phases";
    private static final TypeReference<List<ImportJob.LineError>> ERRORS = new TypeReference<>() {
    };
    private static final TypeReference<java.util.LinkedHashMap<String, Long>> PHASES = new TypeReference<>() {
    };

    private final Pool pool;
    private final ObjectMapper json;

    public ImportStore(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** A job that a replica holds: which tenant, which node, and whether it had started. */
    public record Unfinished(UUID id, UUID tenantId, UUID panelId, String node, String createdBy) {
    }

    public Uni<Void> insert(SqlClient tx, UUID tenantId, ImportJob job, String node) {
        return tx.preparedQuery("INSERT INTO import_job (id, tenant_id, panel_id, status, options, file_bytes, created_at, created_by,"
                        + " node, phases) VALUES ($1, $2, $3, 'queued', CAST(CAST($4 AS text) AS jsonb), $5, $6, $7, $8,"
                        + " CAST(CAST($9 AS text) AS jsonb))")
                .execute(Tuple.tuple().addUUID(job.id()).addUUID(tenantId).addUUID(job.panelId()).addString(write(job.options()))
                        .addLong(job.fileBytes()).addOffsetDateTime(OffsetDateTime.ofInstant(job.createdAt(), java.time.ZoneOffset.UTC))
                        .addString(job.createdBy()).addString(node).addString(write(job.phases())))
                .replaceWithVoid();
    }

    /** Queued or running → cancelled, in the caller's transaction; false when the job is not there or has ended. */
    public Uni<Boolean> cancel(SqlClient tx, UUID panelId, UUID id) {
        return tx.preparedQuery("UPDATE import_job SET status = 'cancelled', finished_at = now()"
                        + " WHERE panel_id = $1 AND id = $2 AND status IN ('queued', 'running')")
                .execute(Tuple.of(panelId, id)).map(rows -> rows.rowCount() == 1);
    }

    /** Whether the job is still queued or running (held by a replica, maybe another one). */
    public Uni<Boolean> unfinished(UUID tenantId, UUID id) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT set_config('panels.tenant_id', $1, true)")
                        .execute(Tuple.of(tenantId.toString()))
                        .chain(() -> tx.preparedQuery("SELECT 1 FROM import_job WHERE id = $1 AND status IN ('queued', 'running')")
                                .execute(Tuple.of(id))))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Of these jobs (running on this replica), the ones cancelled meanwhile: read by the worker across
     * tenants (the cancel may have been asked on another replica).
     */
    public Uni<List<UUID>> cancelledAmong(List<UUID> ids) {
        return recovering(tx -> tx.preparedQuery("SELECT id FROM import_job WHERE id = ANY($1) AND status = 'cancelled'")
                .execute(Tuple.of(ids.toArray(UUID[]::new))))
                .map(rows -> {
                    List<UUID> cancelled = new ArrayList<>();
                    rows.forEach(row -> cancelled.add(row.getUUID(0)));
                    return cancelled;
                });
    }

    /** Adds phase durations to a job (the commit's own duration is known only after it). */
    public Uni<Void> addPhases(UUID tenantId, UUID id, java.util.Map<String, Long> phases) {
        return update(tenantId, "UPDATE import_job SET phases = phases || CAST(CAST($2 AS text) AS jsonb) WHERE id = $1",
                Tuple.of(id, write(phases)));
    }

    public Uni<Optional<ImportJob>> find(SqlClient tx, UUID panelId, UUID id) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM import_job WHERE panel_id = $1 AND id = $2")
                .execute(Tuple.of(panelId, id))
                .map(rows -> rows.rowCount() == 0 ? Optional.empty() : Optional.of(job(rows.iterator().next())));
    }

    /** A panel's jobs, newest first, older than {@code before} when given. */
    public Uni<List<ImportJob>> list(SqlClient tx, UUID panelId, UUID before, int limit) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM import_job WHERE panel_id = $1 AND ($2::uuid IS NULL OR id < $2)"
                        + " ORDER BY id DESC LIMIT $3")
                .execute(Tuple.of(panelId, before, limit))
                .map(rows -> {
                    List<ImportJob> jobs = new ArrayList<>();
                    rows.forEach(row -> jobs.add(job(row)));
                    return jobs;
                });
    }

    /** Starts a queued job of this replica; false when it is not (any more) this replica's queued job. */
    public Uni<Boolean> running(UUID tenantId, UUID id, String node) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT set_config('panels.tenant_id', $1, true)")
                        .execute(Tuple.of(tenantId.toString()))
                        .chain(() -> tx.preparedQuery("UPDATE import_job SET status = 'running', started_at = now(), heartbeat_at = now(),"
                                + " lines_read = 0, rows_failed = 0, errors = '[]', failure = NULL"
                                + " WHERE id = $1 AND status = 'queued' AND node = $2").execute(Tuple.of(id, node))))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Progress of a running job; false when it is no longer running (cancelled meanwhile). */
    public Uni<Boolean> progress(UUID tenantId, UUID id, long linesRead, long rowsFailed) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT set_config('panels.tenant_id', $1, true)")
                        .execute(Tuple.of(tenantId.toString()))
                        .chain(() -> tx.preparedQuery("UPDATE import_job SET lines_read = $2, rows_failed = $3, heartbeat_at = now()"
                                + " WHERE id = $1 AND status = 'running'").execute(Tuple.of(id, linesRead, rowsFailed))))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Fails this replica's job with the reason (nothing of it was written). */
    public Uni<Void> failed(UUID tenantId, UUID id, String node, String reason, long linesRead, long rowsFailed,
                            List<ImportJob.LineError> errors) {
        return update(tenantId, "UPDATE import_job SET status = 'failed', failure = $2, lines_read = $3, rows_failed = $4,"
                + " rows_imported = 0, errors = CAST(CAST($5 AS text) AS jsonb), finished_at = now() WHERE id = $1"
                + " AND status IN ('queued', 'running') AND node = $6",
                Tuple.tuple().addUUID(id).addString(reason).addLong(linesRead).addLong(rowsFailed).addString(write(errors)).addString(node));
    }

    private Uni<Void> update(UUID tenantId, String sql, Tuple parameters) {
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT set_config('panels.tenant_id', $1, true)")
                .execute(Tuple.of(tenantId.toString()))
                .chain(() -> tx.preparedQuery(sql).execute(parameters))).replaceWithVoid();
    }

    /** This replica's jobs are alive. */
    public Uni<Void> heartbeat(String node) {
        return recovering(tx -> tx.preparedQuery("UPDATE import_job SET heartbeat_at = now() WHERE node = $1"
                + " AND status IN ('queued', 'running')").execute(Tuple.of(node))).replaceWithVoid();
    }

    /**
     * Unfinished jobs whose replica is gone: this replica's own (it just started, so whatever it
     * held died with the previous process) and any other replica's that has been silent for {@code stale}.
     */
    public Uni<List<Unfinished>> orphaned(String node, Duration stale) {
        return recovering(tx -> tx.preparedQuery("SELECT id, tenant_id, panel_id, node, created_by FROM import_job"
                        + " WHERE status IN ('queued', 'running') AND (($1::text IS NOT NULL AND node = $1) OR heartbeat_at < now() - make_interval(secs => $2))"
                        + " ORDER BY id")
                .execute(Tuple.of(node, (double) stale.toSeconds())))
                .map(rows -> {
                    List<Unfinished> jobs = new ArrayList<>();
                    for (Row row : rows) {
                        jobs.add(new Unfinished(row.getUUID("id"), row.getUUID("tenant_id"), row.getUUID("panel_id"),
                                row.getString("node"), row.getString("created_by")));
                    }
                    return jobs;
                });
    }

    /** Takes a job over from a replica that went away; false when another replica was quicker. */
    public Uni<Boolean> takeOver(Unfinished job, String node) {
        return recovering(tx -> tx.preparedQuery("UPDATE import_job SET node = $2, status = 'queued', heartbeat_at = now()"
                        + " WHERE id = $1 AND node = $3 AND status IN ('queued', 'running')")
                .execute(Tuple.of(job.id(), node, job.node())))
                .map(rows -> rows.rowCount() == 1);
    }

    private <T> Uni<T> recovering(java.util.function.Function<SqlClient, Uni<T>> work) {
        return pool.withTransaction(tx -> tx.query("SELECT set_config('panels.import_recovery', 'on', true)").execute()
                .chain(() -> work.apply(tx)));
    }

    private ImportJob job(Row row) {
        try {
            return new ImportJob(row.getUUID("id"), row.getUUID("panel_id"),
                    ImportJob.Status.valueOf(row.getString("status").toUpperCase(Locale.ROOT)),
                    json.readValue(row.getString("options"), ImportOptions.class), row.getLong("file_bytes"),
                    row.getLong("lines_read"), row.getLong("rows_imported"), row.getLong("rows_failed"),
                    json.readValue(row.getString("errors"), ERRORS), row.getString("failure"),
                    JsonValues.instant(row.getValue("created_at")), row.getString("created_by"),
                    JsonValues.instant(row.getValue("started_at")), JsonValues.instant(row.getValue("finished_at")),
                    json.readValue(row.getString("phases"), PHASES));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("import_job holds JSON that does not parse", e);
        }
    }

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value, e);
        }
    }
}
