package io.panels.panel.events;

import io.panels.common.inbox.IncomingEvents;
import io.panels.events.EventEnvelope;
import io.panels.events.MalformedEventException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps each tenant's plan limit and status from tenant.* events (auth-service owns them), once per
 * event. A deleted tenant's panels are deleted, each with its panel.deleted event so that the
 * services holding rows drop them. Member events are not ours to act on. A message is acknowledged
 * once applied; one that cannot be read, or still fails after the retries, is nacked and so goes to
 * {@code panels.tenants.dlq}.
 */
@ApplicationScoped
public class TenantPlanConsumer {

    private final TenantPlanUpdates updates;

    public TenantPlanConsumer(TenantPlanUpdates updates) {
        this.updates = updates;
    }

    @Incoming("panels-tenants")
    public Uni<Void> onTenantEvent(Message<byte[]> message) {
        Uni<Void> applied;
        try {
            EventEnvelope event = IncomingEvents.envelope(message);
            applied = event.type().startsWith("tenant.") ? updates.apply(event) : Uni.createFrom().voidItem();
        } catch (MalformedEventException e) {
            applied = Uni.createFrom().failure(e);
        }
        return applied.onItemOrFailure().transformToUni((done, failure) -> failure == null
                ? Uni.createFrom().completionStage(message.ack())
                : Uni.createFrom().completionStage(message.nack(failure)));
    }
}
