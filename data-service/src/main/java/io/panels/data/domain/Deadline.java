package io.panels.data.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The end of a run's time. Readers ask it for what is left (request and statement time-outs) and
 * register what blocks (a response body, a JDBC statement) so that the watchdog can cut it off
 * when the time is up: nothing waits past the deadline, and no thread sleeps.
 */
public final class Deadline {

    /** Something blocking that can be stopped from another thread. */
    @FunctionalInterface
    public interface Cancellable {
        void cancel() throws Exception;
    }

    private final Instant end;
    private final AtomicReference<Cancellable> blocking = new AtomicReference<>();
    private volatile boolean expired;

    public Deadline(Instant end) {
        this.end = end;
    }

    public static Deadline in(Duration duration) {
        return new Deadline(Instant.now().plus(duration));
    }

    public Instant end() {
        return end;
    }

    public Duration remaining() {
        Duration left = Duration.between(Instant.now(), end);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** At most {@code limit}, and no more than is left (at least 1 ms: zero means "no limit" to many APIs). */
    public Duration bounded(Duration limit) {
        Duration left = remaining();
        Duration chosen = left.compareTo(limit) < 0 ? left : limit;
        return chosen.isZero() ? Duration.ofMillis(1) : chosen;
    }

    public void check() throws SyncFailure {
        if (expired || !Instant.now().isBefore(end)) {
            throw SyncFailure.permanent("The run took longer than its time limit; the panel keeps its data.");
        }
    }

    public boolean expired() {
        return expired || !Instant.now().isBefore(end);
    }

    /** While {@code cancellable} blocks, the watchdog may cancel it. */
    public void blockingOn(Cancellable cancellable) {
        blocking.set(cancellable);
    }

    public void done() {
        blocking.set(null);
    }

    /** Called by the watchdog at the deadline. */
    public void expire() {
        expired = true;
        Cancellable current = blocking.getAndSet(null);
        if (current != null) {
            try {
                current.cancel();
            } catch (Exception ignored) {
                // Already finished or closed: nothing left to stop.
            }
        }
    }
}
