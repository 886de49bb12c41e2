package io.panels.export.domain;

import com.fasterxml.jackson.databind.JsonNode;
import io.panels.common.outbox.Outbox;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.common.tenant.TenantScope;
import io.panels.events.EventCatalog;
import io.panels.events.export.ExportCompleted;
import io.panels.events.export.ExportFailed;
import io.panels.export.client.DataServiceClient;
import io.panels.export.config.ExportSettings;
import io.panels.export.domain.format.TableWriter;
import io.panels.export.domain.format.TableWriters;
import io.panels.export.store.ExportFiles;
import io.panels.export.store.ExportJobStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Runs one export job on a worker thread (blocking): claims it, streams the rows page by page from
 * data-service into a partial file through the format's writer, and moves the file into place only
 * when it is complete. Progress and a heartbeat are written after every page, which is also where a
 * cancellation is noticed. Every end is recorded with its event (export.completed or export.failed)
 * in one transaction; a cancelled or failed job leaves no file.
 */
@ApplicationScoped
public class ExportRunner {

    private static final Logger LOG = Logger.getLogger(ExportRunner.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private final Pool pool;
    private final ExportJobStore jobs;
    private final ExportFiles files;
    private final DataServiceClient dataService;
    private final Outbox outbox;
    private final ExportSettings settings;

    public ExportRunner(Pool pool, ExportJobStore jobs, ExportFiles files, DataServiceClient dataService, Outbox outbox,
                        ExportSettings settings) {
        this.pool = pool;
        this.jobs = jobs;
        this.files = files;
        this.dataService = dataService;
        this.outbox = outbox;
        this.settings = settings;
    }

    /** Runs the job if it is still queued; a job cancelled, ended or claimed by another worker is left alone. */
    public void run(UUID tenantId, UUID exportId) throws InterruptedException {
        Optional<ExportJob> claimed = inTenant(tenantId, tx -> jobs.claim(tx, exportId));
        if (claimed.isEmpty()) {
            return;
        }
        ExportJob job = claimed.get();
        Path partial = files.partial(job.id(), job.format().extension());
        long rows;
        try {
            rows = write(job, partial);
        } catch (Cancelled e) {
            files.delete(partial);
            LOG.infof("Export %s was cancelled; its partial file is deleted", job.id());
            return;
        } catch (ExportFailure e) {
            files.delete(partial);
            fail(job, e.getMessage());
            return;
        } catch (IOException e) {
            files.delete(partial);
            LOG.errorf(e, "Export %s could not write its file", job.id());
            fail(job, "The file could not be written (" + e.getClass().getSimpleName() + ").");
            return;
        } catch (RuntimeException e) {
            files.delete(partial);
            LOG.errorf(e, "Export %s failed unexpectedly", job.id());
            fail(job, "An unexpected error stopped the export.");
            return;
        }
        complete(job, partial, rows);
    }

    private long write(ExportJob job, Path partial) throws IOException, InterruptedException {
        List<ExportColumn> columns = job.columns();
        List<String> keys = columns.stream().map(ExportColumn::key).toList();
        long rows = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
            TableWriter writer = TableWriters.open(job.format(), out, columns, job.options().withDefaults(), job.title(),
                    Instant.now(), settings.maxPdfRows());
            try {
                String cursor = null;
                do {
                    DataServiceClient.Page page = dataService.page(job.tenantId(), job.requestedBy(), job.panelId(), job.query(),
                            keys, cursor, settings.pageSize());
                    Object[] cells = new Object[columns.size()];
                    for (JsonNode values : page.rows()) {
                        for (int i = 0; i < cells.length; i++) {
                            cells[i] = CellValues.read(columns.get(i), values.get(columns.get(i).key()));
                        }
                        writer.row(cells);
                        rows++;
                    }
                    long written = rows;
                    if (inTenant(job.tenantId(), tx -> jobs.progress(tx, job.id(), written)) == ExportStatus.CANCELLED) {
                        throw new Cancelled();
                    }
                    cursor = page.nextCursor();
                } while (cursor != null);
                writer.finish();
            } finally {
                writer.discard();
            }
        }
        return rows;
    }

    private void complete(ExportJob job, Path partial, long rows) {
        long bytes;
        try {
            bytes = files.publish(partial, job.tenantId(), job.id(), job.format().extension());
        } catch (IOException e) {
            files.delete(partial);
            LOG.errorf(e, "Export %s could not move its file into place", job.id());
            fail(job, "The file could not be stored (" + e.getClass().getSimpleName() + ").");
            return;
        }
        Instant now = Instant.now();
        boolean completed = inTenant(job.tenantId(), tx -> jobs.complete(tx, job.id(), rows, bytes, fileName(job),
                        now.plus(settings.retention()))
                .call(done -> done ? outbox.append(tx, new OutgoingEvent<>(EventCatalog.EXPORT_COMPLETED, job.tenantId(),
                        job.id().toString(), job.id().toString(), new ExportCompleted(job.id(), job.panelId(), job.viewId(),
                        job.format().value(), job.requestedBy(), rows, bytes, now))) : Uni.createFrom().voidItem()));
        if (!completed) {
            // Cancelled between the last page and now: the file must not be offered.
            files.delete(files.file(job.tenantId(), job.id(), job.format().extension()));
        }
    }

    /** Ends a queued or running job as failed with its event; nothing happens to a job that has ended. */
    public void fail(ExportJob job, String reason) {
        inTenant(job.tenantId(), tx -> failIn(tx, job, reason));
    }

    /** The same inside a transaction the caller holds (the housekeeping's, across tenants). */
    public Uni<Boolean> failIn(SqlClient tx, ExportJob job, String reason) {
        return jobs.fail(tx, job.id(), reason)
                .call(done -> done ? outbox.append(tx, new OutgoingEvent<>(EventCatalog.EXPORT_FAILED, job.tenantId(),
                        job.id().toString(), job.id().toString(), new ExportFailed(job.id(), job.panelId(), job.viewId(),
                        job.format().value(), job.requestedBy(), reason, Instant.now()))) : Uni.createFrom().voidItem());
    }

    /** A download name people recognise: the title, made safe for file systems, and the extension. */
    static String fileName(ExportJob job) {
        String base = job.title().replaceAll("[^\\p{L}\\p{N} ._-]+", "_").trim();
        if (base.isEmpty()) {
            base = "export";
        }
        return (base.length() > 100 ? base.substring(0, 100) : base) + "." + job.format().extension();
    }

    private <T> T inTenant(UUID tenantId, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(tx -> TenantScope.bind(tx, tenantId).chain(() -> work.apply(tx))).await().atMost(DB_TIMEOUT);
    }

    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }
}
