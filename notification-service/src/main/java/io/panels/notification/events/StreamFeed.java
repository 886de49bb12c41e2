package io.panels.notification.events;

import io.panels.common.inbox.IncomingEvents;
import io.panels.notification.domain.StreamHub;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.reactive.messaging.Acknowledgment;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * This replica's own view of every event its stream clients may want: a consumer group of its own,
 * from the latest offset at its start, nothing committed (docs/adr/0021). What it delivered is
 * tracked per partition ({@link FeedPositions}), so that after a broker restart or a rebalance the
 * consumer continues from there ({@link StreamFeedRebalance}, docs/adr/0044); records fetched again
 * that way are skipped. Delivery only queues messages on the connections, so the feed never waits
 * for a client.
 */
@ApplicationScoped
public class StreamFeed {

    private static final Logger LOG = Logger.getLogger(StreamFeed.class);

    private final StreamHub hub;
    private final FeedPositions positions;

    public StreamFeed(StreamHub hub, FeedPositions positions) {
        this.hub = hub;
        this.positions = positions;
    }

    @Incoming("stream-feed")
    @Acknowledgment(Acknowledgment.Strategy.MANUAL)
    @SuppressWarnings("rawtypes")
    public Uni<Void> onEvent(Message<byte[]> message) {
        Optional<IncomingKafkaRecordMetadata> record = message.getMetadata(IncomingKafkaRecordMetadata.class);
        boolean fresh = record.isEmpty()
                || positions.take(new TopicPartition(record.get().getTopic(), record.get().getPartition()), record.get().getOffset());
        if (fresh) {
            try {
                hub.deliver(IncomingEvents.envelope(message));
            } catch (RuntimeException e) {
                LOG.debugf("stream feed skipped a message: %s", e.getMessage());
            }
        }
        return Uni.createFrom().completionStage(message.ack());
    }
}
