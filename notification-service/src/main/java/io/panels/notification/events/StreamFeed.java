package io.panels.notification.events;

import io.panels.common.inbox.IncomingEvents;
import io.panels.notification.domain.StreamHub;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * This replica's own view of every event its stream clients may want: a consumer group of its own,
 * from the latest offset, nothing committed (docs/adr/0021). Delivery only queues messages on the
 * connections, so the feed never waits for a client.
 */
@ApplicationScoped
public class StreamFeed {

    private static final Logger LOG = Logger.getLogger(StreamFeed.class);

    private final StreamHub hub;

    public StreamFeed(StreamHub hub) {
        this.hub = hub;
    }

    @Incoming("stream-feed")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    public Uni<Void> onEvent(Message<byte[]> message) {
        try {
            hub.deliver(IncomingEvents.envelope(message));
        } catch (RuntimeException e) {
            LOG.debugf("stream feed skipped a message: %s", e.getMessage());
        }
        return Uni.createFrom().completionStage(message.ack());
    }
}
