package io.panels.auth.domain;

import io.panels.auth.config.AuthSettings;
import io.panels.auth.store.AuditPartitions;
import io.panels.auth.store.IdempotencyStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/** Keeps the audit log's monthly partitions made ahead and drops those past the retention. */
@ApplicationScoped
public class AuditMaintenance {

    private static final Logger LOG = Logger.getLogger(AuditMaintenance.class);
    private static final Duration IDEMPOTENCY_RETENTION = Duration.ofDays(1);

    private final AuditPartitions partitions;
    private final IdempotencyStore idempotency;
    private final AuthSettings settings;
    private volatile boolean stopping;

    public AuditMaintenance(AuditPartitions partitions, IdempotencyStore idempotency, AuthSettings settings) {
        this.partitions = partitions;
        this.idempotency = idempotency;
        this.settings = settings;
    }

    void onStart(@Observes StartupEvent start) {
        maintain().await().atMost(Duration.ofSeconds(30));
    }

    void onStop(@Observes ShutdownEvent stop) {
        stopping = true;
    }

    @Scheduled(every = "${panels.auth.audit.maintain-every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> maintain() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        LocalDate oldestKept = LocalDate.now(ZoneOffset.UTC).minusDays(settings.audit().retention().toDays());
        return partitions.ensure(YearMonth.now(ZoneOffset.UTC), settings.audit().monthsAhead())
                .chain(() -> partitions.dropBefore(oldestKept))
                .invoke(dropped -> {
                    if (dropped > 0) {
                        LOG.infof("dropped %d audit partitions older than %s", dropped, oldestKept);
                    }
                })
                .chain(() -> idempotency.deleteOlderThan(IDEMPOTENCY_RETENTION));
    }
}
