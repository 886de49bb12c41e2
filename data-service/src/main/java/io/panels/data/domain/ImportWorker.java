package io.panels.data.domain;

import io.panels.data.config.DataSettings;
import io.panels.data.store.ImportStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs import jobs on a few threads of their own (a load is blocking JDBC and keeps one core
 * busy), says every few seconds that this replica's jobs are alive, and picks up jobs whose
 * replica went away: run again when their file is here (a load is one transaction, so an
 * interrupted one left nothing behind), failed with the reason otherwise. No job is lost silently.
 */
@ApplicationScoped
public class ImportWorker {

    private static final Logger LOG = Logger.getLogger(ImportWorker.class);
    /** How often this replica looks whether a job it is loading was cancelled on another replica. */
    private static final long CANCEL_CHECK_MILLIS = 1_000;

    private final Imports imports;
    private final ImportStore store;
    private final Vertx vertx;
    private final DataSettings settings;
    private final String node;
    private ExecutorService executor;

    public ImportWorker(Imports imports, ImportStore store, Vertx vertx, DataSettings settings,
                        @ConfigProperty(name = "quarkus.http.port") int port) {
        this.imports = imports;
        this.store = store;
        this.vertx = vertx;
        this.settings = settings;
        // Host and port: unique among the processes of one machine, and the same again after a restart.
        this.node = settings.imports().node().orElseGet(() -> hostName() + ":" + port);
    }

    /** The name this replica's jobs carry. */
    public String node() {
        return node;
    }

    void start(@Observes StartupEvent event) {
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newFixedThreadPool(settings.imports().concurrency(), task -> {
            Thread thread = new Thread(task, "data-import-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        // Before any request is served: whatever this replica's previous process left unfinished.
        recover(true);
        vertx.setPeriodic(settings.imports().heartbeat().toMillis(), id -> store.heartbeat(node)
                .subscribe().with(done -> executor.execute(() -> recover(false)),
                        failure -> LOG.warn("Could not mark this replica's imports alive; trying again", failure)));
        // A cancel asked on this replica reaches its load at once (cancel()); one asked on another replica, within a second.
        vertx.setPeriodic(CANCEL_CHECK_MILLIS, id -> {
            List<UUID> loading = imports.loading();
            if (!loading.isEmpty()) {
                store.cancelledAmong(loading).subscribe().with(cancelled -> cancelled.forEach(imports::stop),
                        failure -> LOG.debug("Could not look for cancelled imports; looking again", failure));
            }
        });
    }

    /** Stops this replica's load of a job that was just cancelled (nothing to do when another replica runs it). */
    public void cancel(UUID jobId) {
        imports.stop(jobId);
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Queues a job that this replica accepted. */
    public void submit(UUID jobId, UUID tenantId, UUID panelId, String user) {
        executor.execute(() -> imports.run(jobId, tenantId, panelId, user, node));
    }

    /**
     * Jobs left unfinished by a replica that went away. At start, this replica's own unfinished
     * jobs are such (it has just started); later, any replica's job silent for longer than the
     * configured time.
     */
    public void recover(boolean atStart) {
        try {
            Duration stale = settings.imports().staleAfter();
            List<ImportStore.Unfinished> orphans = store.orphaned(atStart ? node : null, stale).await().indefinitely();
            for (ImportStore.Unfinished job : orphans) {
                if (!store.takeOver(job, node).await().indefinitely()) {
                    continue;
                }
                if (imports.canResume(job.id())) {
                    LOG.infof("import %s was interrupted on %s; running it again", job.id(), job.node());
                    submit(job.id(), job.tenantId(), job.panelId(), job.createdBy());
                } else {
                    LOG.warnf("import %s was interrupted on %s and its file is gone; marking it failed", job.id(), job.node());
                    store.failed(job.tenantId(), job.id(), node, "data-service stopped before the import finished and the uploaded file"
                            + " is no longer available; nothing was imported. Upload the file again.", 0, 0, List.of())
                            .await().indefinitely();
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Looking for interrupted imports failed; trying again later", e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "data-service";
        }
    }
}
