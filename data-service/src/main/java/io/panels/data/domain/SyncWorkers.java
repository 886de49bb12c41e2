package io.panels.data.domain;

import io.panels.data.config.DataSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The worker pool that runs sync commands ({@code sync.requested}): {@code workers} threads of
 * their own (a run is blocking I/O and JDBC), a timer thread for retries with exponential backoff
 * and for the per-run deadline (no thread sleeps: a retry is a task scheduled for later, a
 * deadline cancels what blocks). One run at a time per source: the run's status changes from
 * queued to running under a unique index, so a second one is recorded as skipped.
 */
@ApplicationScoped
public class SyncWorkers {

    private static final Logger LOG = Logger.getLogger(SyncWorkers.class);

    private final Syncs syncs;
    private final DataSettings.Sync settings;
    private ExecutorService executor;
    private ScheduledExecutorService timer;

    public SyncWorkers(Syncs syncs, DataSettings settings) {
        this.syncs = syncs;
        this.settings = settings.sync();
    }

    void start(@Observes StartupEvent event) {
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(settings.workers(), task -> {
            Thread thread = new Thread(task, "data-sync-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "data-sync-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
            timer.shutdownNow();
        }
    }

    /** A command: the run exists (queued); duplicates and runs already taken change nothing. */
    public void submit(UUID tenantId, UUID runId, UUID sourceId, String trigger) {
        executor.execute(() -> begin(tenantId, runId, sourceId, trigger));
    }

    private void begin(UUID tenantId, UUID runId, UUID sourceId, String trigger) {
        Optional<DataSource> source;
        try {
            source = syncs.start(tenantId, runId, sourceId, trigger);
        } catch (Exception e) {
            LOG.errorf(e, "sync run %s could not start", runId);
            return;
        }
        if (source.isEmpty()) {
            return;
        }
        Deadline deadline = Deadline.in(settings.runTimeout());
        var watchdog = timer.schedule(deadline::expire, settings.runTimeout().toMillis(), TimeUnit.MILLISECONDS);
        attempt(tenantId, runId, source.get(), deadline, 1, watchdog);
    }

    private void attempt(UUID tenantId, UUID runId, DataSource source, Deadline deadline, int attempt,
                         java.util.concurrent.ScheduledFuture<?> watchdog) {
        try {
            syncs.load(tenantId, runId, source, deadline);
            watchdog.cancel(false);
        } catch (SyncFailure failure) {
            Duration backoff = settings.backoff().multipliedBy(1L << Math.min(attempt - 1, 10));
            boolean retry = failure.retryable() && attempt < settings.attempts() && !deadline.expired()
                    && deadline.remaining().compareTo(backoff) > 0;
            if (retry) {
                LOG.infof("sync run %s attempt %d failed (%s); retrying in %d ms", runId, attempt, failure.getMessage(), backoff.toMillis());
                try {
                    syncs.attempt(tenantId, runId, attempt + 1);
                } catch (Exception e) {
                    LOG.warnf(e, "could not count attempt %d of sync run %s", attempt + 1, runId);
                }
                timer.schedule(() -> executor.execute(() -> attempt(tenantId, runId, source, deadline, attempt + 1, watchdog)),
                        backoff.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            watchdog.cancel(false);
            String reason = deadline.expired() ? "The run took longer than its time limit of " + settings.runTimeout().toSeconds()
                    + " s; the panel keeps its data." : failure.getMessage();
            if (failure.retryable()) {
                reason = reason + " (after " + attempt + (attempt == 1 ? " attempt" : " attempts") + "; the panel keeps its data)";
            }
            syncs.fail(tenantId, runId, source.id(), source.panelId(), source.ownerId(), reason);
        } catch (Exception | Error unexpected) {
            watchdog.cancel(false);
            LOG.errorf(unexpected, "sync run %s failed unexpectedly", runId);
            String reason = unexpected instanceof java.sql.SQLException sql && "23505".equals(sql.getSQLState())
                    ? "A value of a unique column was taken by another write while the run loaded; nothing was written. Run it again."
                    : "The run failed unexpectedly; nothing was written and the panel keeps its data. Contact support with this run id.";
            syncs.fail(tenantId, runId, source.id(), source.panelId(), source.ownerId(), reason);
        }
    }
}
