package io.panels.notification.domain;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed webhook delivery is tried again: exponential backoff (initial, doubling, capped)
 * with full jitter in its upper half, so that many deliveries failing together do not all come back
 * at the same moment.
 */
public record RetrySchedule(Duration initial, Duration max) {

    /** The wait after the {@code attempts}-th failed attempt (1 for the first). */
    public Duration delayAfter(int attempts) {
        long initialMillis = Math.max(1, initial.toMillis());
        int exponent = Math.min(Math.max(attempts - 1, 0), 30);
        long capped = Math.min(max.toMillis(), initialMillis * (1L << exponent));
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
