package io.panels.view.events;

import io.panels.common.inbox.IncomingEvents;
import io.panels.common.inbox.ProcessedEvents;
import io.panels.common.tenant.TenantScope;
import io.panels.events.MalformedEventException;
import io.panels.view.domain.PanelChanges;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * panel.* and column.* events of panel-service, each applied once (processed_event, in the same
 * transaction as the change and its view.* events) and in order per panel (record key = panel id).
 */
@ApplicationScoped
public class PanelEventConsumer {

    static final String CONSUMER = "view-service.panels";
    private static final Logger LOG = Logger.getLogger(PanelEventConsumer.class);

    private final ProcessedEvents processed;
    private final PanelChanges changes;

    public PanelEventConsumer(ProcessedEvents processed, PanelChanges changes) {
        this.processed = processed;
        this.changes = changes;
    }

    /** Transient failures are retried with backoff; what still fails (or cannot be read) goes to panels.panels.dlq. */
    @Incoming("panels-panels")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> onPanelEvent(Message<byte[]> message) {
        return Uni.createFrom().item(() -> IncomingEvents.envelope(message))
                .chain(event -> event.type().startsWith("panel.") || event.type().startsWith("column.")
                        ? processed.once(CONSUMER, event, tx -> TenantScope.bind(tx, event.tenantId())
                                        .chain(() -> changes.apply(tx, event)))
                        .onFailure(failure -> !(failure instanceof MalformedEventException))
                        .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                        .replaceWithVoid()
                        : Uni.createFrom().voidItem())
                .onItemOrFailure().transformToUni((done, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    LOG.errorf(failure, "A panel event could not be applied; it goes to the dead-letter topic");
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }
}
