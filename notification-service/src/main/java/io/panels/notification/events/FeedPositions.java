package io.panels.notification.events;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jakarta.inject.Singleton;
import org.apache.kafka.common.TopicPartition;

/**
 * How far this replica's stream feed has delivered in each partition, so that a consumer that gets
 * its partitions again (a broker restart, a rebalance) continues where it was instead of where the
 * topic ends: the feed's group commits nothing, so without this Kafka would start it at the latest
 * offset and skip what was written meanwhile (docs/adr/0044). Where the feed cannot continue
 * (a partition it never had, a position no longer in the log), it says so: its subscribers resync.
 */
@Singleton
public final class FeedPositions {

    /**
     * What to do with newly assigned partitions.
     *
     * @param seeks where each partition continues
     * @param gaps  partitions where events may have been missed: every subscriber must resync
     * @param first whether this was the feed's first assignment (nothing was delivered before it)
     */
    public record Plan(Map<TopicPartition, Long> seeks, Set<TopicPartition> gaps, boolean first) {
    }

    /** Per partition, the offset of the next record to deliver. */
    private final Map<TopicPartition, Long> next = new ConcurrentHashMap<>();
    private volatile boolean assigned;

    /**
     * Marks the record at {@code offset} delivered; false when it was delivered already (the
     * consumer was moved back to where delivery had got, and fetches again what was in flight).
     */
    public boolean take(TopicPartition partition, long offset) {
        boolean[] fresh = {false};
        next.compute(partition, (key, position) -> {
            if (position == null || offset >= position) {
                fresh[0] = true;
                return offset + 1;
            }
            return position;
        });
        return fresh[0];
    }

    /**
     * Where newly assigned partitions continue. {@code beginning} and {@code end} are the log's
     * bounds (empty when the broker could not say): a partition continues at its known position when
     * that is still in the log; a partition without one starts at the end, which after the first
     * assignment is a gap.
     */
    public synchronized Plan assigned(Collection<TopicPartition> partitions, Map<TopicPartition, Long> beginning,
                                      Map<TopicPartition, Long> end) {
        boolean first = !assigned;
        Map<TopicPartition, Long> seeks = new HashMap<>();
        Set<TopicPartition> gaps = new HashSet<>();
        for (TopicPartition partition : partitions) {
            Long known = next.get(partition);
            Long low = beginning.get(partition);
            Long high = end.get(partition);
            if (known == null) {
                if (!first) {
                    gaps.add(partition);
                }
                if (high != null) {
                    // Where "latest" is now, recorded, so that a later reassignment continues from here.
                    next.putIfAbsent(partition, high);
                    seeks.put(partition, high);
                }
            } else if (low != null && known < low) {
                // What this replica had not read yet is gone from the log (retention).
                gaps.add(partition);
                next.put(partition, low);
                seeks.put(partition, low);
            } else if (high != null && known > high) {
                // The log is shorter than what was delivered (a broker lost its tail): new records reuse those offsets.
                gaps.add(partition);
                next.put(partition, high);
                seeks.put(partition, high);
            } else {
                seeks.put(partition, known);
            }
        }
        assigned = true;
        return new Plan(seeks, gaps, first);
    }

    /** Whether the feed has had its partitions at least once (before that it delivers nothing). */
    public boolean everAssigned() {
        return assigned;
    }

    /** The next offset to deliver in {@code partition}, or -1 when unknown. */
    public long position(TopicPartition partition) {
        return next.getOrDefault(partition, -1L);
    }
}
