package io.panels.data.domain;

import io.agroal.api.AgroalDataSource;
import io.panels.common.ids.Ids;
import io.panels.common.outbox.OutgoingEvent;
import io.panels.data.config.DataSettings;
import io.panels.data.store.JdbcOutbox;
import io.panels.data.store.SourceStore;
import io.panels.events.EventCatalog;
import io.panels.events.sync.SyncFailed;
import io.panels.events.sync.SyncRequested;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Asks for the runs of due sources, safely with any number of replicas (ADR 0029): every few
 * seconds one transaction locks the due sources with {@code FOR UPDATE SKIP LOCKED} (a source
 * another replica's pass holds is skipped, not waited for), writes for each a queued run and
 * {@code sync.requested} to the outbox, and moves its {@code next_run_at} to the next time of its
 * cron schedule after now (a replica that was down does not catch up with a burst of runs). The
 * same pass fails runs that a stopped replica left running or queued, so none stays open forever.
 */
@ApplicationScoped
public class SyncScheduler {

    private static final Logger LOG = Logger.getLogger(SyncScheduler.class);

    private final SourceStore store;
    private final AgroalDataSource dataSource;
    private final DataSettings.Sync settings;
    private final String eventSource;
    private final boolean enabled;
    private ScheduledExecutorService timer;

    public SyncScheduler(SourceStore store, AgroalDataSource dataSource, DataSettings settings,
                         @ConfigProperty(name = "quarkus.application.name") String applicationName,
                         @ConfigProperty(name = "panels.data.sync.scheduler-enabled", defaultValue = "true") boolean enabled) {
        this.store = store;
        this.dataSource = dataSource;
        this.settings = settings.sync();
        this.eventSource = "/panels/" + applicationName;
        this.enabled = enabled;
    }

    void start(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "data-sync-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.schedulerInterval().toMillis();
        timer.scheduleWithFixedDelay(this::pass, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One pass; answers how many runs it asked for. */
    public int pass() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Instant now = Instant.now();
                List<SourceStore.Due> due = store.claimDue(connection, settings.schedulerBatch());
                for (SourceStore.Due source : due) {
                    SyncRun run = new SyncRun(Ids.newId(), source.id(), source.panelId(), "queued", "schedule", null, 0, 0, 0, 0, 0, 0,
                            List.of(), null, now, null, null);
                    store.insertRun(connection, source.tenantId(), run);
                    JdbcOutbox.append(connection, eventSource, new OutgoingEvent<>(EventCatalog.SYNC_REQUESTED, source.tenantId(),
                            source.id().toString(), run.id().toString(),
                            new SyncRequested(source.id(), source.panelId(), run.id(), "schedule", null, now)), null);
                    store.scheduled(connection, source.id(), source.schedule() == null ? null : SyncSchedules.next(source.schedule(), now));
                }
                // A run is given its whole time limit (and more) before it counts as abandoned.
                for (SourceStore.Abandoned run : store.abandoned(connection, settings.runTimeout().plusMinutes(1),
                        settings.runTimeout().multipliedBy(2).plusMinutes(5))) {
                    String reason = "The replica running this sync stopped before it finished; nothing was written and the panel keeps its data.";
                    Instant finished = Instant.now();
                    store.finish(connection, run.id(), "failed", 0, 0, 0, 0, 0, List.of(), reason, finished);
                    JdbcOutbox.append(connection, eventSource, new OutgoingEvent<>(EventCatalog.SYNC_FAILED, run.tenantId(),
                            run.sourceId().toString(), run.id().toString(),
                            new SyncFailed(run.sourceId(), run.panelId(), run.id(), run.ownerId(), reason, finished)), null);
                }
                connection.commit();
                return due.size();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (Exception e) {
            LOG.warn("The sync scheduler's pass failed; trying again at the next one", e);
            return 0;
        }
    }
}
