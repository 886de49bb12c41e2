package io.panels.export.domain;

import io.panels.common.outbox.Outbox;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.common.tenant.TenantScope;
import io.panels.events.EventCatalog;
import io.panels.events.export.ExportCompleted;
import io.panels.events.export.ExportFailed;
import io.panels.export.client.DataServiceClient;
import io.panels.export.config.ExportSettings;
import io.panels.export.domain.format.PdfFonts;
import io.panels.export.domain.format.TableWriter;
import io.panels.export.domain.format.TableWriters;
import io.panels.export.store.ExportJobStore;
import io.panels.export.store.ExportStorage;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Runs one attempt of an export job on a worker thread (blocking): streams the rows from
 * data-service (one stream per attempt, read and parsed ahead of the writer, ADR 0043) through the
 * format's writer into the storage, and commits the file only when it is complete. Progress and a
 * heartbeat are written as it goes, which is also where a cancellation, or the loss of the job to
 * another replica (ADR 0034), is noticed. Every end is recorded with its event (export.completed or
 * export.failed) in one transaction, and only by the attempt that owns the job; a cancelled, failed
 * or lost attempt leaves no file.
 */
@ApplicationScoped
public class ExportRunner {

    private static final Logger LOG = Logger.getLogger(ExportRunner.class);
    private static final Duration DB_TIMEOUT = Duration.ofSeconds(30);

    private final Pool pool;
    private final ExportJobStore jobs;
    private final ExportStorage storage;
    private final DataServiceClient dataService;
    private final Outbox outbox;
    private final ExportSettings settings;
    private final PdfFonts pdfFonts;
    /** This process, as the owner of the attempts it runs: unique per start, so a restarted replica is another worker. */
    private final String worker;

    public ExportRunner(Pool pool, ExportJobStore jobs, ExportStorage storage, DataServiceClient dataService, Outbox outbox,
                        ExportSettings settings) {
        this.pool = pool;
        this.jobs = jobs;
        this.storage = storage;
        this.dataService = dataService;
        this.outbox = outbox;
        this.settings = settings;
        this.pdfFonts = new PdfFonts(settings.pdfFonts().orElse(List.of()).stream().map(Path::of).toList());
        this.worker = hostName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String worker() {
        return worker;
    }

    /** Runs the job if it is still queued; a job cancelled, ended or claimed by another worker is left alone. */
    public void run(UUID tenantId, UUID exportId) throws InterruptedException {
        Optional<ExportJob> claimed = inTenant(tenantId, tx -> jobs.claim(tx, exportId, worker));
        if (claimed.isPresent()) {
            execute(claimed.get());
        }
    }

    /** Runs an attempt this worker owns (claimed, or taken over from a replica that died) to its end. */
    public void execute(ExportJob job) throws InterruptedException {
        LOG.infof("Export %s: attempt %d on %s", job.id(), job.attempt(), worker);
        ExportStorage.Upload upload;
        long rows;
        try {
            upload = storage.begin(job.file());
        } catch (IOException e) {
            LOG.errorf(e, "Export %s could not start its file", job.id());
            fail(job, "The file could not be written (" + e.getClass().getSimpleName() + ").");
            return;
        }
        try {
            rows = write(job, upload);
        } catch (Cancelled e) {
            upload.abort();
            LOG.infof("Export %s was cancelled; its partial file is deleted", job.id());
            return;
        } catch (Lost e) {
            upload.abort();
            LOG.warnf("Export %s attempt %d was taken over by another replica; this attempt stops", job.id(), job.attempt());
            return;
        } catch (ExportFailure e) {
            upload.abort();
            fail(job, e.getMessage());
            return;
        } catch (IOException e) {
            upload.abort();
            LOG.errorf(e, "Export %s could not write its file", job.id());
            fail(job, "The file could not be written (" + e.getClass().getSimpleName() + ").");
            return;
        } catch (InterruptedException e) {
            upload.abort();
            throw e;
        } catch (RuntimeException e) {
            upload.abort();
            LOG.errorf(e, "Export %s failed unexpectedly", job.id());
            fail(job, "An unexpected error stopped the export.");
            return;
        }
        complete(job, upload, rows);
    }

    private long write(ExportJob job, ExportStorage.Upload upload) throws IOException, InterruptedException {
        List<ExportColumn> columns = job.columns();
        long rows = 0;
        long started = System.nanoTime();
        long reported = started;
        long waited = 0;
        long answers = 0;
        long reads = 0;
        TableWriter writer = TableWriters.open(job.format(), upload.stream(), columns, job.options().withDefaults(), job.title(),
                Instant.now(), settings.maxPdfRows(), pdfFonts);
        try (PageReader pages = new PageReader(sink -> dataService.stream(job.tenantId(), job.requestedBy(), job.panelId(),
                job.query(), columns, settings.pageSize(), sink))) {
            DataServiceClient.Page page;
            while (true) {
                long before = System.nanoTime();
                page = pages.next();
                waited += System.nanoTime() - before;
                if (page == null) {
                    break;
                }
                answers += page.timing().answerNanos();
                reads += page.timing().readNanos();
                for (Object[] cells : page.rows()) {
                    writer.row(cells);
                }
                rows += page.rows().size();
                if (System.nanoTime() - reported >= settings.progressInterval().toNanos()) {
                    checkIn(job, rows);
                    reported = System.nanoTime();
                }
            }
            checkIn(job, rows);
            writer.finish();
        } finally {
            writer.discard();
        }
        long total = System.nanoTime() - started;
        // Where the time went (bench/export/RESULTS.md): the worker waiting for rows vs everything else it did.
        LOG.infof("Export %s: %d rows in %.1f s (%.0f rows/s); waiting for rows %.1f s; data-service answering %.1f s and"
                        + " reading/parsing %.1f s (on the reader thread, overlapped with writing); writing %.1f s", job.id(), rows,
                total / 1e9, rows / (total / 1e9), waited / 1e9, answers / 1e9, reads / 1e9, (total - waited) / 1e9);
        return rows;
    }

    /** Progress and heartbeat; stops the attempt when the job was cancelled or taken over meanwhile. */
    private void checkIn(ExportJob job, long rows) {
        Optional<ExportStatus> status = inTenant(job.tenantId(), tx -> jobs.progress(tx, job.id(), job.attempt(), rows));
        if (status.isEmpty()) {
            throw new Lost();
        }
        if (status.get() == ExportStatus.CANCELLED) {
            throw new Cancelled();
        }
    }

    private void complete(ExportJob job, ExportStorage.Upload upload, long rows) {
        long bytes;
        try {
            bytes = upload.commit();
        } catch (IOException e) {
            upload.abort();
            LOG.errorf(e, "Export %s could not store its file", job.id());
            fail(job, "The file could not be stored (" + e.getClass().getSimpleName() + ").");
            return;
        }
        Instant now = Instant.now();
        boolean completed = inTenant(job.tenantId(), tx -> jobs.complete(tx, job.id(), job.attempt(), rows, bytes, fileName(job),
                        now.plus(settings.retention()))
                .call(done -> done ? outbox.append(tx, new OutgoingEvent<>(EventCatalog.EXPORT_COMPLETED, job.tenantId(),
                        job.id().toString(), job.id().toString(), new ExportCompleted(job.id(), job.panelId(), job.viewId(),
                        job.format().value(), job.requestedBy(), rows, bytes, now))) : Uni.createFrom().voidItem()));
        if (!completed) {
            // Cancelled or taken over between the last page and now: this attempt's file must not be offered.
            try {
                storage.delete(job.file());
            } catch (IOException e) {
                LOG.warnf("Could not delete the file of export %s attempt %d: %s", job.id(), job.attempt(), e);
            }
        }
    }

    /** Ends this attempt as failed with its event; nothing happens when the job ended or was taken over. */
    public void fail(ExportJob job, String reason) {
        inTenant(job.tenantId(), tx -> jobs.fail(tx, job.id(), job.attempt(), reason)
                .call(done -> done ? failed(tx, job, reason) : Uni.createFrom().voidItem()));
    }

    /** A queued or running job fails, whoever runs it, inside a transaction the caller holds (the housekeeping's). */
    public Uni<Boolean> failIn(SqlClient tx, ExportJob job, String reason) {
        return jobs.fail(tx, job.id(), reason).call(done -> done ? failed(tx, job, reason) : Uni.createFrom().voidItem());
    }

    private Uni<Void> failed(SqlClient tx, ExportJob job, String reason) {
        return outbox.append(tx, new OutgoingEvent<>(EventCatalog.EXPORT_FAILED, job.tenantId(), job.id().toString(),
                job.id().toString(), new ExportFailed(job.id(), job.panelId(), job.viewId(), job.format().value(),
                job.requestedBy(), reason, Instant.now()))).replaceWithVoid();
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

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "export-service";
        }
    }

    private static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }

    private static final class Lost extends RuntimeException {
        Lost() {
            super(null, null, false, false);
        }
    }
}
