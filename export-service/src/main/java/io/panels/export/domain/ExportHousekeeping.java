package io.panels.export.domain;

import io.panels.export.config.ExportSettings;
import io.panels.export.store.ExportJobStore;
import io.panels.export.store.ExportStorage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Work across tenants on a schedule (rows are locked with SKIP LOCKED so replicas share it):
 * <ul>
 * <li>every {@code panels.export.heartbeat}: this replica says its running jobs are alive, and
 * takes over running jobs whose replica has been silent for {@code panels.export.stale-after}
 * (stopped or crashed mid-export): each becomes the job's next attempt, run from the start on
 * this replica (ADR 0034). A job interrupted {@code panels.export.max-attempts} times fails with
 * a reason and its event instead, so a job that kills its worker cannot go round for ever;</li>
 * <li>every {@code panels.export.cleanup-interval}: a completed job past its retention loses its
 * file and becomes expired.</li>
 * </ul>
 */
@ApplicationScoped
public class ExportHousekeeping {

    static final String INTERRUPTED = "The export was interrupted too often (export-service stopped while writing the file);"
            + " request it again.";
    private static final Logger LOG = Logger.getLogger(ExportHousekeeping.class);
    private static final int BATCH = 100;

    private final Pool pool;
    private final ExportJobStore jobs;
    private final ExportStorage storage;
    private final ExportRunner runner;
    private final ExportSettings settings;
    private final ExecutorService resumed;

    public ExportHousekeeping(Pool pool, ExportJobStore jobs, ExportStorage storage, ExportRunner runner, ExportSettings settings) {
        this.pool = pool;
        this.jobs = jobs;
        this.storage = storage;
        this.runner = runner;
        this.settings = settings;
        AtomicInteger threads = new AtomicInteger();
        // Taken-over jobs run here, beside the Kafka workers' pool (the command of a taken-over job was consumed already).
        this.resumed = Executors.newFixedThreadPool(settings.workers(), task -> {
            Thread thread = new Thread(task, "export-resumed-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void stop(@Observes ShutdownEvent event) {
        resumed.shutdownNow();
    }

    @Scheduled(every = "${panels.export.heartbeat}", delay = 2, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void beat() {
        try {
            pool.withTransaction(tx -> ExportJobStore.bindSystem(tx).chain(() -> jobs.beat(tx, runner.worker())))
                    .await().atMost(Duration.ofSeconds(30));
            List<ExportJob> taken = takeOverInterrupted();
            if (!taken.isEmpty()) {
                LOG.infof("Took over %d interrupted export jobs", taken.size());
            }
        } catch (RuntimeException e) {
            LOG.warn("The export heartbeat failed; trying again", e);
        }
    }

    @Scheduled(every = "${panels.export.cleanup-interval}", delay = 5, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void cleanup() {
        int expired = expireFiles();
        if (expired > 0) {
            LOG.infof("Housekeeping: %d expired files deleted", expired);
        }
    }

    /**
     * Running jobs silent for stale-after: each is taken over as its next attempt and run on this
     * replica, or failed when it has had max-attempts already. Answers the jobs taken over.
     */
    public List<ExportJob> takeOverInterrupted() {
        Instant before = Instant.now().minus(settings.staleAfter());
        List<ExportJob> taken = pool.withTransaction(tx -> ExportJobStore.bindSystem(tx)
                        .chain(() -> jobs.stale(tx, before, BATCH))
                        .chain(stale -> Multi.createFrom().iterable(stale)
                                .onItem().transformToUniAndConcatenate(job -> job.attempt() >= settings.maxAttempts()
                                        ? runner.failIn(tx, job, INTERRUPTED).replaceWith(Optional.<ExportJob>empty())
                                        : jobs.takeOver(tx, job.id(), job.attempt(), runner.worker()))
                                .collect().asList()))
                .await().atMost(Duration.ofMinutes(1))
                .stream().flatMap(Optional::stream).toList();
        for (ExportJob job : taken) {
            LOG.infof("Export %s was interrupted; running it again as attempt %d", job.id(), job.attempt());
            resumed.execute(() -> {
                try {
                    runner.execute(job);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    LOG.errorf(e, "Export %s attempt %d stopped unexpectedly", job.id(), job.attempt());
                }
            });
        }
        return new ArrayList<>(taken);
    }

    /** Completed jobs past their retention: the file goes (blocking, here on the scheduler's thread), then the job is expired. */
    public int expireFiles() {
        List<ExportJob> expired = pool.withTransaction(tx -> ExportJobStore.bindSystem(tx)
                .chain(() -> jobs.expired(tx, Instant.now(), BATCH))).await().atMost(Duration.ofMinutes(1));
        int done = 0;
        for (ExportJob job : expired) {
            try {
                storage.delete(job.file());
            } catch (IOException e) {
                LOG.warnf("Could not delete the file of expired export %s; trying again later: %s", job.id(), e);
                continue;
            }
            pool.withTransaction(tx -> ExportJobStore.bindSystem(tx).chain(() -> jobs.markExpired(tx, job.id())))
                    .await().atMost(Duration.ofSeconds(30));
            done++;
        }
        return done;
    }
}
