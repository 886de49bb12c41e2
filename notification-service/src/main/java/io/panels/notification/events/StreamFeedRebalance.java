package io.panels.notification.events;

import io.panels.notification.domain.StreamHub;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Puts the stream feed's consumer back where this replica had delivered up to whenever it gets
 * partitions (after a broker restart or any rebalance its group has no committed offsets, so Kafka
 * alone would start it at the latest offset and skip what was written in between), and tells every
 * subscriber to resync where that is not possible (docs/adr/0044). Runs on the consumer's polling
 * thread, inside its poll, where seeking is allowed.
 */
@ApplicationScoped
@Identifier(StreamFeedRebalance.NAME)
public class StreamFeedRebalance implements KafkaConsumerRebalanceListener {

    /** The name {@code mp.messaging.incoming.stream-feed.consumer-rebalance-listener.name} refers to. */
    public static final String NAME = "stream-feed-positions";

    private static final Logger LOG = Logger.getLogger(StreamFeedRebalance.class);

    private final FeedPositions positions;
    private final StreamHub hub;

    public StreamFeedRebalance(FeedPositions positions, StreamHub hub) {
        this.positions = positions;
        this.hub = hub;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> beginning = bounds("beginning", () -> consumer.beginningOffsets(partitions));
        Map<TopicPartition, Long> end = bounds("end", () -> consumer.endOffsets(partitions));
        FeedPositions.Plan plan = positions.assigned(partitions, beginning, end);
        plan.seeks().forEach(consumer::seek);
        if (!plan.gaps().isEmpty()) {
            LOG.warnf("stream feed cannot continue where it was in %s: its subscribers resync", plan.gaps());
            hub.missedEvents();
        } else if (plan.first()) {
            // Connections made before the feed had its partitions may have missed what was written until now.
            hub.missedEvents();
        }
        LOG.infof("stream feed assigned %d partition(s)%s, continuing at %s", partitions.size(), plan.first() ? " (first)" : "",
                plan.seeks());
    }

    private static Map<TopicPartition, Long> bounds(String which, Supplier<Map<TopicPartition, Long>> query) {
        try {
            return query.get();
        } catch (RuntimeException e) {
            // Without the log's bounds, known positions are still used; unknown ones count as gaps.
            LOG.warnf("stream feed: the %s offsets are not available (%s)", which, e.getMessage());
            return Map.of();
        }
    }
}
