package io.panels.notification.domain;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The events this replica delivered in the last minutes (bounded in count and age), so that a
 * client that reconnects with the last event id it saw gets what it missed. Per panel the order is
 * the commit order (the Kafka key is the panel id); across panels it is this replica's arrival
 * order, so events of the client's other panels that arrived shortly before the resume point are
 * sent again (duplicates are harmless: clients deduplicate on id, missed events are not).
 */
public final class ReplayBuffer {

    private record Entry(long sequence, long arrivedAt, StreamEvent event) {
    }

    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private final Map<UUID, Entry> byId = new HashMap<>();
    private final int capacity;
    private final long windowMillis;
    private final long slackMillis;
    private final LongSupplier clock;
    private long sequence;
    /** Entries before this sequence number arrived before a gap: resuming from them must resync. */
    private long continuousFrom = 1;

    public ReplayBuffer(int capacity, Duration window, Duration slack, LongSupplier clock) {
        this.capacity = capacity;
        this.windowMillis = window.toMillis();
        this.slackMillis = slack.toMillis();
        this.clock = clock;
    }

    /** Remembers {@code event}; false when it is here already (the same event published twice). */
    public synchronized boolean add(StreamEvent event) {
        long now = clock.getAsLong();
        prune(now);
        if (byId.containsKey(event.id())) {
            return false;
        }
        Entry entry = new Entry(++sequence, now, event);
        entries.addLast(entry);
        byId.put(event.id(), entry);
        if (entries.size() > capacity) {
            Entry oldest = entries.removeFirst();
            byId.remove(oldest.event().id());
        }
        return true;
    }

    /**
     * This replica may have missed events from now back to some point (its feed lost its place):
     * what it holds is no longer a continuous record, so resuming from anything received so far
     * must resync rather than be answered with an incomplete list.
     */
    public synchronized void breakContinuity() {
        continuousFrom = sequence + 1;
    }

    /**
     * What a client subscribed to {@code panels} missed after {@code eventId}; empty when that
     * event is no longer (or never was) here, or arrived before a gap: the client must resync.
     */
    public synchronized Optional<List<StreamEvent>> after(UUID eventId, Set<UUID> panels) {
        prune(clock.getAsLong());
        Entry from = byId.get(eventId);
        if (from == null || from.sequence() < continuousFrom) {
            return Optional.empty();
        }
        List<StreamEvent> missed = new ArrayList<>();
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext()) {
            Entry entry = it.next();
            StreamEvent event = entry.event();
            if (entry == from || !panels.contains(event.panelId())) {
                continue;
            }
            boolean later = entry.sequence() > from.sequence();
            boolean otherPanelJustBefore = !event.panelId().equals(from.event().panelId())
                    && entry.arrivedAt() >= from.arrivedAt() - slackMillis;
            if (later || otherPanelJustBefore) {
                missed.add(event);
            }
        }
        return Optional.of(missed);
    }

    public synchronized int size() {
        return entries.size();
    }

    private void prune(long now) {
        while (!entries.isEmpty() && entries.peekFirst().arrivedAt() < now - windowMillis) {
            byId.remove(entries.removeFirst().event().id());
        }
    }
}
