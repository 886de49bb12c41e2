package io.panels.notification.events;

import io.panels.common.inbox.IncomingEvents;
import io.panels.common.inbox.ProcessedEvents;
import io.panels.common.tenant.TenantScope;
import io.panels.notification.domain.Notification;
import io.panels.notification.domain.Notifications;
import io.panels.notification.store.NotificationStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Stores the notifications that export, sync and membership events make, once each. */
@ApplicationScoped
public class InboxConsumer {

    static final String CONSUMER = "notification-service.inbox";
    private static final Logger LOG = Logger.getLogger(InboxConsumer.class);

    private final ProcessedEvents processed;
    private final NotificationStore notifications;

    public InboxConsumer(ProcessedEvents processed, NotificationStore notifications) {
        this.processed = processed;
        this.notifications = notifications;
    }

    @Incoming("inbox")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> onEvent(Message<byte[]> message) {
        return Uni.createFrom().item(() -> IncomingEvents.envelope(message))
                .chain(event -> {
                    if (!Notifications.concerns(event.type())) {
                        return Uni.createFrom().voidItem();
                    }
                    Optional<Notification> notification = Notifications.from(event);
                    if (notification.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return processed.once(CONSUMER, event, tx -> TenantScope.bind(tx, event.tenantId())
                                    .chain(() -> notifications.insert(tx, notification.get())))
                            .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                            .replaceWithVoid();
                })
                .onItemOrFailure().transformToUni((done, failure) -> {
                    if (failure != null) {
                        LOG.errorf(failure, "an event could not become a notification; skipped");
                    }
                    return Uni.createFrom().completionStage(message.ack());
                });
    }
}
