package io.panels.notification.domain;

import io.panels.notification.client.WebhookSender;
import io.panels.notification.client.WebhookSender.Outcome;
import io.panels.notification.config.NotificationSettings;
import io.panels.notification.store.DeliveryStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Works through the persisted webhook deliveries: each tick takes the due ones (any replica may;
 * they skip each other's), sends them concurrently, and records each outcome: success, a retry
 * after an exponential backoff with jitter, or giving up once the retry period (24 h) is over.
 * Failed attempts in a row disable the webhook.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    private static final int MAX_ERROR_LENGTH = 500;

    private final Pool pool;
    private final DeliveryStore deliveries;
    private final WebhookSender sender;
    private final NotificationSettings.Webhooks settings;
    private final RetrySchedule retries;

    private final WebhookSecrets secrets;

    public WebhookDispatcher(Pool pool, DeliveryStore deliveries, WebhookSender sender, WebhookSecrets secrets,
                             NotificationSettings settings) {
        this.pool = pool;
        this.secrets = secrets;
        this.deliveries = deliveries;
        this.sender = sender;
        this.settings = settings.webhooks();
        this.retries = new RetrySchedule(this.settings.initialBackoff(), this.settings.maxBackoff());
    }

    @Scheduled(every = "${panels.notification.webhooks.dispatch-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        // A dead dispatcher's lease runs out after two request timeouts, then another takes the delivery again.
        Duration lease = settings.requestTimeout().multipliedBy(2).plusSeconds(5);
        return pool.withTransaction(tx -> deliveries.actAsDispatcher(tx).chain(() -> deliveries.claimDue(tx, settings.batchSize(), lease)))
                .chain(this::sendAll)
                .onFailure().invoke(failure -> LOG.warnf(failure, "webhook dispatch tick failed; the next tick retries"))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> sendAll(List<DueDelivery> due) {
        if (due.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(due.stream().map(this::attempt).toList()).andCollectFailures().replaceWithVoid();
    }

    private Uni<Void> attempt(DueDelivery delivery) {
        List<String> signing;
        try {
            signing = delivery.previousSecret() == null ? List.of(secrets.open(delivery.webhookId(), delivery.secret()))
                    : List.of(secrets.open(delivery.webhookId(), delivery.secret()), secrets.open(delivery.webhookId(), delivery.previousSecret()));
        } catch (RuntimeException unreadable) {
            // A key missing from panels.secrets.key / previous-keys: retried like any failure, visible in the log.
            return record(delivery, new Outcome(null, "the signing secret cannot be read: " + unreadable.getMessage()));
        }
        return sender.send(delivery.id(), delivery.webhookId(), delivery.url(), signing, delivery.payload())
                .chain(outcome -> record(delivery, outcome));
    }

    private Uni<Void> record(DueDelivery delivery, Outcome outcome) {
        return pool.withTransaction(tx -> deliveries.actAsDispatcher(tx).chain(() -> {
            if (outcome.succeeded()) {
                return deliveries.succeeded(tx, delivery.id(), delivery.webhookId(), outcome.statusCode());
            }
            Instant next = Instant.now().plus(retries.delayAfter(delivery.attempts()));
            String error = outcome.error() != null ? outcome.error() : "the endpoint answered " + outcome.statusCode();
            LOG.infof("webhook delivery %s attempt %d failed: %s", delivery.id(), delivery.attempts(), error);
            return deliveries.failed(tx, delivery.id(), delivery.webhookId(), outcome.statusCode(), truncate(error),
                    next.isAfter(delivery.retryUntil()) ? null : next, settings.maxConsecutiveFailures());
        }));
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ERROR_LENGTH ? text : text.substring(0, MAX_ERROR_LENGTH);
    }
}
