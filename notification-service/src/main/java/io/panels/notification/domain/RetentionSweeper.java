package io.panels.notification.domain;

import io.panels.notification.config.NotificationSettings;
import io.panels.notification.store.DeliveryStore;
import io.panels.notification.store.NotificationStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.function.BiFunction;
import org.jboss.logging.Logger;

/**
 * Deletes what is no longer needed: succeeded and failed webhook deliveries past their retention,
 * and notifications read longer ago than theirs. Batches of {@code batch-size} rows, each its own
 * short transaction, so no long lock and no big WAL burst; replicas sweeping at the same time take
 * disjoint rows ({@code for update skip locked}). Pending deliveries and unread notifications stay.
 */
@ApplicationScoped
public class RetentionSweeper {

    private static final Logger LOG = Logger.getLogger(RetentionSweeper.class);

    /** What one sweep removed. */
    public record Swept(long deliveries, long notifications) {
    }

    private final Pool pool;
    private final DeliveryStore deliveries;
    private final NotificationStore notifications;
    private final NotificationSettings.Retention settings;

    public RetentionSweeper(Pool pool, DeliveryStore deliveries, NotificationStore notifications, NotificationSettings settings) {
        this.pool = pool;
        this.deliveries = deliveries;
        this.notifications = notifications;
        this.settings = settings.retention();
    }

    @Scheduled(every = "${panels.notification.retention.interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep()
                .invoke(swept -> {
                    if (swept.deliveries() + swept.notifications() > 0) {
                        LOG.infof("retention: deleted %d webhook deliveries and %d read notifications",
                                swept.deliveries(), swept.notifications());
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("retention sweep failed; the next one retries: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    public Uni<Swept> sweep() {
        Instant now = Instant.now();
        Instant deliveriesBefore = now.minus(settings.deliveries());
        Instant readBefore = now.minus(settings.readNotifications());
        return batches((tx, limit) -> deliveries.purgeFinished(tx, deliveriesBefore, limit), 0, 0)
                .chain(removedDeliveries -> batches((tx, limit) -> notifications.purgeRead(tx, readBefore, limit), 0, 0)
                        .map(removedNotifications -> new Swept(removedDeliveries, removedNotifications)));
    }

    /** Deletes batch after batch until one comes back short (or the per-sweep cap is reached). */
    private Uni<Long> batches(BiFunction<SqlClient, Integer, Uni<Integer>> delete, int done, long total) {
        int size = settings.batchSize();
        return pool.withTransaction(tx -> tx.query("select set_config('panels.worker', 'retention-sweeper', true)").execute()
                        .chain(() -> delete.apply(tx, size)))
                .chain(deleted -> deleted < size || done + 1 >= settings.maxBatches()
                        ? Uni.createFrom().item(total + deleted)
                        : batches(delete, done + 1, total + deleted));
    }
}
