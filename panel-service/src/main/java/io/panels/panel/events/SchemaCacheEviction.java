package io.panels.panel.events;

import io.panels.common.inbox.IncomingEvents;
import io.panels.events.EventEnvelope;
import io.panels.events.MalformedEventException;
import io.panels.panel.store.PanelListCache;
import io.panels.panel.store.SchemaCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Evicts a panel's cached schema, and its tenant's cached list pages, when one of its panel.* or
 * column.* events arrives. Writes evict right after their commit already; this second eviction,
 * after the event left the outbox, removes a schema that a concurrent reader may have put back
 * between the commit and the first eviction, and covers writes whose own eviction failed.
 */
@ApplicationScoped
public class SchemaCacheEviction {

    private static final Logger LOG = Logger.getLogger(SchemaCacheEviction.class);

    private final SchemaCache cache;
    private final PanelListCache lists;

    public SchemaCacheEviction(SchemaCache cache, PanelListCache lists) {
        this.cache = cache;
        this.lists = lists;
    }

    @Incoming("panels-panels")
    public Uni<Void> onPanelEvent(Message<byte[]> message) {
        EventEnvelope event;
        UUID panelId;
        try {
            event = IncomingEvents.envelope(message);
            panelId = UUID.fromString(event.key());
        } catch (MalformedEventException | IllegalArgumentException | NullPointerException e) {
            LOG.warnf("not a panel event, not evicting: %s", e.getMessage());
            return Uni.createFrom().completionStage(message.ack());
        }
        // Eviction never fails (a Redis failure is logged): the message is always acknowledged.
        return cache.evict(event.tenantId(), panelId).chain(() -> lists.evict(event.tenantId()))
                .chain(() -> Uni.createFrom().completionStage(message.ack()));
    }
}
