package io.panels.gateway.events;

import io.panels.common.inbox.IncomingEvents;
import io.panels.events.EventCatalog;
import io.panels.events.EventEnvelope;
import io.panels.events.EventJson;
import io.panels.events.MalformedEventException;
import io.panels.events.tenant.TenantCreated;
import io.panels.events.tenant.TenantUpdated;
import io.panels.gateway.domain.TenantStatus;
import io.panels.gateway.store.TenantStateStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Keeps the tenant state in Redis from the tenant.* events (docs/adr/0013). One consumer group
 * for all replicas: each event is written once, and every replica reads the result on its next
 * request. A write that fails (Redis down) is retried until it succeeds, so no suspension is lost;
 * the partition waits meanwhile. member.* events on the same topic are not the gateway's business.
 */
@ApplicationScoped
public class TenantEventsConsumer {

    private static final Logger LOG = Logger.getLogger(TenantEventsConsumer.class);

    private final TenantStateStore store;

    public TenantEventsConsumer(TenantStateStore store) {
        this.store = store;
    }

    @Incoming("tenant-events")
    public Uni<Void> consume(Message<byte[]> message) {
        EventEnvelope event;
        try {
            event = IncomingEvents.envelope(message);
        } catch (MalformedEventException e) {
            return Uni.createFrom().completionStage(message.nack(e));
        }
        Uni<Void> apply;
        try {
            apply = apply(event);
        } catch (MalformedEventException e) {
            return Uni.createFrom().completionStage(message.nack(e));
        }
        return apply
                .onFailure().invoke(failure -> LOG.warnf("Tenant state not yet written for %s %s, retrying: %s",
                        event.type(), event.tenantId(), failure.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .chain(() -> Uni.createFrom().completionStage(message.ack()));
    }

    Uni<Void> apply(EventEnvelope event) {
        return switch (event.type()) {
            case "tenant.created" -> {
                TenantCreated created = EventJson.read(event, EventCatalog.TENANT_CREATED);
                yield store.created(event.tenantId(), created.plan(), created.limits());
            }
            case "tenant.updated" -> {
                TenantUpdated updated = EventJson.read(event, EventCatalog.TENANT_UPDATED);
                yield store.updated(event.tenantId(), updated.plan(), updated.limits());
            }
            case "tenant.suspended" -> store.status(event.tenantId(), TenantStatus.SUSPENDED);
            case "tenant.reactivated" -> store.status(event.tenantId(), TenantStatus.ACTIVE);
            case "tenant.deleted" -> store.status(event.tenantId(), TenantStatus.DELETED);
            default -> Uni.createFrom().voidItem();
        };
    }
}
