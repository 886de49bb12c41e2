package io.panels.export.domain;

import io.panels.export.config.ExportSettings;
import io.panels.export.store.ExportFiles;
import io.panels.export.store.ExportJobStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Work across tenants on a schedule (every panels.export.cleanup-interval, one run at a time per
 * replica; rows are locked with SKIP LOCKED so replicas share it):
 * <ul>
 * <li>a running job whose worker stopped beating for panels.export.stale-after (the replica was
 * stopped or crashed mid-export) is failed with a reason and its event, so nothing stays running
 * for ever; its partial file is deleted when a worker next writes the same id, or by the
 * directory's own cleanup;</li>
 * <li>a completed job past its retention loses its file and becomes expired.</li>
 * </ul>
 */
@ApplicationScoped
public class ExportHousekeeping {

    static final String INTERRUPTED = "The export was interrupted (export-service stopped while writing the file); request it again.";
    private static final Logger LOG = Logger.getLogger(ExportHousekeeping.class);
    private static final int BATCH = 100;

    private final Pool pool;
    private final ExportJobStore jobs;
    private final ExportFiles files;
    private final ExportRunner runner;
    private final ExportSettings settings;

    public ExportHousekeeping(Pool pool, ExportJobStore jobs, ExportFiles files, ExportRunner runner, ExportSettings settings) {
        this.pool = pool;
        this.jobs = jobs;
        this.files = files;
        this.runner = runner;
        this.settings = settings;
    }

    @Scheduled(every = "${panels.export.cleanup-interval}", delay = 5, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        int interrupted = failInterrupted();
        int expired = expireFiles();
        if (interrupted + expired > 0) {
            LOG.infof("Housekeeping: %d interrupted jobs failed, %d expired files deleted", interrupted, expired);
        }
    }

    public int failInterrupted() {
        Instant before = Instant.now().minus(settings.staleAfter());
        return pool.withTransaction(tx -> ExportJobStore.bindSystem(tx)
                .chain(() -> jobs.stale(tx, before, BATCH))
                .chain(stale -> Multi.createFrom().iterable(stale)
                        .onItem().transformToUniAndConcatenate(job -> runner.failIn(tx, job, INTERRUPTED))
                        .collect().asList().map(done -> stale.size())))
                .await().atMost(Duration.ofMinutes(1));
    }

    public int expireFiles() {
        return pool.withTransaction(tx -> ExportJobStore.bindSystem(tx)
                .chain(() -> jobs.expired(tx, Instant.now(), BATCH))
                .chain(expired -> Multi.createFrom().iterable(expired)
                        .onItem().transformToUniAndConcatenate(job -> Uni.createFrom()
                                .item(() -> {
                                    files.delete(files.file(job.tenantId(), job.id(), job.format().extension()));
                                    return job;
                                })
                                .chain(done -> jobs.markExpired(tx, job.id())))
                        .collect().asList().map(done -> expired.size())))
                .await().atMost(Duration.ofMinutes(1));
    }
}
