package io.panels.export.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.panels.export.domain.ExportColumn;
import io.panels.export.domain.ExportFormat;
import io.panels.export.domain.ExportJob;
import io.panels.export.domain.ExportOptions;
import io.panels.export.domain.ExportStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL of export_job. Every call runs in the caller's transaction, bound to a tenant
 * ({@code TenantScope.bind}) or, for work across tenants, to system scope ({@link #bindSystem}).
 */
@ApplicationScoped
public class ExportJobStore {

    private static final String COLUMNS = "id, tenant_id, panel_id, view_id, format, options::text as options, title,"
            + " query::text as query, columns::text as columns, status, requested_by, requested_at, started_at, finished_at,"
            + " rows_written, file_bytes, file_name, failure_reason, expires_at, attempt";
    private static final TypeReference<List<ExportColumn>> COLUMN_LIST = new TypeReference<>() {
    };

    private final ObjectMapper json;

    public ExportJobStore(ObjectMapper json) {
        this.json = json;
    }

    /** Lets this transaction see every tenant's jobs (policy system_jobs): sweeps, retention and signed downloads only. */
    public static Uni<Void> bindSystem(SqlClient tx) {
        return tx.query("select set_config('panels.system', 'on', true)").execute().replaceWithVoid();
    }

    public Uni<Void> insert(SqlClient tx, ExportJob job) {
        return tx.preparedQuery("insert into export_job (id, tenant_id, panel_id, view_id, format, options, title, query, columns,"
                        + " status, requested_by, requested_at) values ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8::text::jsonb,"
                        + " $9::text::jsonb, $10, $11, $12)")
                .execute(Tuple.tuple(List.of(job.id(), job.tenantId(), job.panelId()))
                        .addValue(job.viewId()).addString(job.format().value()).addString(write(job.options()))
                        .addString(job.title()).addString(job.query().toString()).addString(write(job.columns()))
                        .addString(job.status().value()).addString(job.requestedBy()).addValue(utc(job.requestedAt())))
                .replaceWithVoid();
    }

    public Uni<Optional<ExportJob>> find(SqlClient tx, UUID id) {
        return tx.preparedQuery("select " + COLUMNS + " from export_job where id = $1").execute(Tuple.of(id)).map(this::first);
    }

    /** A page of jobs, newest first, after the keyset (requestedAt, id) of the previous page's last job. */
    public Uni<List<ExportJob>> list(SqlClient tx, String requestedBy, Instant afterTime, UUID afterId, int limit) {
        StringBuilder sql = new StringBuilder("select " + COLUMNS + " from export_job where true");
        Tuple args = Tuple.tuple();
        if (requestedBy != null) {
            args.addString(requestedBy);
            sql.append(" and requested_by = $").append(args.size());
        }
        if (afterTime != null) {
            args.addValue(utc(afterTime)).addValue(afterId);
            sql.append(" and (requested_at, id) < ($").append(args.size() - 1).append(", $").append(args.size()).append(")");
        }
        args.addInteger(limit);
        sql.append(" order by requested_at desc, id desc limit $").append(args.size());
        return tx.preparedQuery(sql.toString()).execute(args).map(this::all);
    }

    /**
     * Queued → running as the next attempt, owned by {@code worker}, for exactly one worker; empty
     * when the job is not queued (cancelled, or claimed before).
     */
    public Uni<Optional<ExportJob>> claim(SqlClient tx, UUID id, String worker) {
        return tx.preparedQuery("update export_job set status = 'running', started_at = now(), heartbeat_at = now(),"
                        + " attempt = attempt + 1, worker = $2, rows_written = 0 where id = $1 and status = 'queued' returning " + COLUMNS)
                .execute(Tuple.of(id, worker)).map(this::first);
    }

    /**
     * A running job whose worker went silent becomes the next attempt, owned by {@code worker};
     * empty when it changed meanwhile (ended, or taken over by another replica first).
     */
    public Uni<Optional<ExportJob>> takeOver(SqlClient tx, UUID id, int attempt, String worker) {
        return tx.preparedQuery("update export_job set attempt = attempt + 1, worker = $3, heartbeat_at = now(), rows_written = 0"
                        + " where id = $1 and status = 'running' and attempt = $2 returning " + COLUMNS)
                .execute(Tuple.of(id, attempt, worker)).map(this::first);
    }

    /**
     * Records an attempt's progress and heartbeat; answers the job's status (a worker sees a
     * cancellation), or empty when the attempt no longer owns the job (taken over meanwhile).
     */
    public Uni<Optional<ExportStatus>> progress(SqlClient tx, UUID id, int attempt, long rows) {
        return tx.preparedQuery("update export_job set rows_written = $2, heartbeat_at = now() where id = $1 and attempt = $3"
                        + " returning status")
                .execute(Tuple.of(id, rows, attempt))
                .map(result -> result.iterator().hasNext() ? Optional.of(ExportStatus.of(result.iterator().next().getString("status")))
                        : Optional.empty());
    }

    /** This replica's running jobs are alive (system scope: they belong to any tenant). */
    public Uni<Integer> beat(SqlClient tx, String worker) {
        return tx.preparedQuery("update export_job set heartbeat_at = now() where worker = $1 and status = 'running'")
                .execute(Tuple.of(worker)).map(RowSet::rowCount);
    }

    /** Running → completed for the attempt that owns the job; false when it was cancelled or taken over meanwhile. */
    public Uni<Boolean> complete(SqlClient tx, UUID id, int attempt, long rows, long bytes, String fileName, Instant expiresAt) {
        return tx.preparedQuery("update export_job set status = 'completed', finished_at = now(), rows_written = $2,"
                        + " file_bytes = $3, file_name = $4, expires_at = $5 where id = $1 and status = 'running' and attempt = $6")
                .execute(Tuple.tuple(List.of(id, rows, bytes, fileName)).addValue(utc(expiresAt)).addInteger(attempt))
                .map(result -> result.rowCount() == 1);
    }

    /** Running → failed for the attempt that owns the job; false when it ended or was taken over meanwhile. */
    public Uni<Boolean> fail(SqlClient tx, UUID id, int attempt, String reason) {
        return tx.preparedQuery("update export_job set status = 'failed', finished_at = now(), failure_reason = $2"
                        + " where id = $1 and status = 'running' and attempt = $3")
                .execute(Tuple.of(id, reason, attempt)).map(result -> result.rowCount() == 1);
    }

    /** Queued or running → failed; false when the job had ended already. */
    public Uni<Boolean> fail(SqlClient tx, UUID id, String reason) {
        return tx.preparedQuery("update export_job set status = 'failed', finished_at = now(), failure_reason = $2"
                        + " where id = $1 and status in ('queued', 'running')")
                .execute(Tuple.of(id, reason)).map(result -> result.rowCount() == 1);
    }

    /** Queued or running → cancelled; false when the job had ended already. */
    public Uni<Boolean> cancel(SqlClient tx, UUID id) {
        return tx.preparedQuery("update export_job set status = 'cancelled', finished_at = now()"
                        + " where id = $1 and status in ('queued', 'running')")
                .execute(Tuple.of(id)).map(result -> result.rowCount() == 1);
    }

    /** Running jobs whose worker stopped beating (system scope). */
    public Uni<List<ExportJob>> stale(SqlClient tx, Instant heartbeatBefore, int limit) {
        return tx.preparedQuery("select " + COLUMNS + " from export_job where status = 'running' and heartbeat_at < $1"
                + " order by heartbeat_at limit $2 for update skip locked").execute(Tuple.of(utc(heartbeatBefore), limit)).map(this::all);
    }

    /** Completed jobs whose file outlived the retention (system scope). */
    public Uni<List<ExportJob>> expired(SqlClient tx, Instant now, int limit) {
        return tx.preparedQuery("select " + COLUMNS + " from export_job where status = 'completed' and expires_at < $1"
                + " order by expires_at limit $2 for update skip locked").execute(Tuple.of(utc(now), limit)).map(this::all);
    }

    public Uni<Void> markExpired(SqlClient tx, UUID id) {
        return tx.preparedQuery("update export_job set status = 'expired' where id = $1 and status = 'completed'")
                .execute(Tuple.of(id)).replaceWithVoid();
    }

    private Optional<ExportJob> first(RowSet<Row> rows) {
        return rows.iterator().hasNext() ? Optional.of(job(rows.iterator().next())) : Optional.empty();
    }

    private List<ExportJob> all(RowSet<Row> rows) {
        List<ExportJob> jobs = new ArrayList<>();
        rows.forEach(row -> jobs.add(job(row)));
        return jobs;
    }

    private ExportJob job(Row row) {
        try {
            return new ExportJob(row.getUUID("id"), row.getUUID("tenant_id"), row.getUUID("panel_id"), row.getUUID("view_id"),
                    ExportFormat.parse(row.getString("format")).orElseThrow(),
                    json.readValue(row.getString("options"), ExportOptions.class), row.getString("title"),
                    json.readTree(row.getString("query")), json.readValue(row.getString("columns"), COLUMN_LIST),
                    ExportStatus.of(row.getString("status")), row.getString("requested_by"), instant(row, "requested_at"),
                    instant(row, "started_at"), instant(row, "finished_at"), row.getLong("rows_written"), row.getLong("file_bytes"),
                    row.getString("file_name"), row.getString("failure_reason"), instant(row, "expires_at"),
                    row.getInteger("attempt"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("export_job " + row.getUUID("id") + " holds unreadable JSON", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

}
