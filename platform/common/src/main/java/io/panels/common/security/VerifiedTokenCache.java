package io.panels.common.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Identities of bearer tokens that passed full verification, keyed by the complete token string
 * (docs/adr/0050). Lock-free, so it never blocks an event loop: a map for look-ups and a FIFO
 * queue of the same entries for eviction; when the queue holds more than {@code max-size}
 * entries, the oldest is polled and removed (O(1)). An entry lives until its token's {@code exp}
 * or {@code max-age} after it was stored, whichever comes first.
 */
@ApplicationScoped
public class VerifiedTokenCache {

    private record Entry(String token, SecurityIdentity identity, long expiresAtMillis) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Queue<Entry> insertionOrder = new ConcurrentLinkedQueue<>();
    // ConcurrentLinkedQueue.size() walks the queue; this counts it in O(1).
    private final AtomicInteger queued = new AtomicInteger();
    private final LongAdder hits = new LongAdder();
    private final LongAdder stores = new LongAdder();
    private final boolean enabled;
    private final long maxAgeMillis;
    private final int maxSize;
    private final LongSupplier clock;

    @Inject
    public VerifiedTokenCache(TokenCacheSettings settings) {
        this(settings.enabled(), settings.maxAge().toMillis(), settings.maxSize(), System::currentTimeMillis);
    }

    VerifiedTokenCache(boolean enabled, long maxAgeMillis, int maxSize, LongSupplier clock) {
        if (maxSize < 1 || maxAgeMillis < 1) {
            throw new IllegalArgumentException("panels.security.token-cache max-size and max-age must be positive");
        }
        this.enabled = enabled;
        this.maxAgeMillis = maxAgeMillis;
        this.maxSize = maxSize;
        this.clock = clock;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The identity stored for exactly this token, unless absent, expired or past its maximum age. */
    public Optional<SecurityIdentity> find(String token) {
        if (!enabled || token == null) {
            return Optional.empty();
        }
        Entry entry = entries.get(token);
        if (entry == null) {
            return Optional.empty();
        }
        if (clock.getAsLong() >= entry.expiresAtMillis()) {
            entries.remove(token, entry);
            return Optional.empty();
        }
        hits.increment();
        return Optional.of(entry.identity());
    }

    /**
     * Keeps the identity of a token that has just passed full verification. {@code expiresAtSeconds}
     * is the token's {@code exp}; a token without one, or already expired, is not kept.
     */
    public void store(String token, SecurityIdentity identity, long expiresAtSeconds) {
        if (!enabled || token == null || expiresAtSeconds <= 0) {
            return;
        }
        long now = clock.getAsLong();
        long expiresAt = Math.min(Math.multiplyExact(expiresAtSeconds, 1000L), now + maxAgeMillis);
        if (expiresAt <= now) {
            return;
        }
        Entry entry = new Entry(token, identity, expiresAt);
        // A concurrent first request with the same token may have stored it already: keep the first,
        // so its age is not extended.
        if (entries.putIfAbsent(token, entry) != null) {
            return;
        }
        stores.increment();
        insertionOrder.offer(entry);
        // One in, at most one out: eviction is O(1) per store.
        if (queued.incrementAndGet() > maxSize) {
            Entry oldest = insertionOrder.poll();
            if (oldest != null) {
                queued.decrementAndGet();
                // Removes only this very entry: a newer one for the same token has its own queue slot.
                entries.remove(oldest.token(), oldest);
            }
        }
    }

    /** Entries held now (expired ones included until looked up or evicted). */
    public int size() {
        return entries.size();
    }

    /** Requests answered from the cache since start. */
    public long hits() {
        return hits.sum();
    }

    /** Verified tokens stored since start. */
    public long stores() {
        return stores.sum();
    }

    /** Forgets every token (tests, and an operator who rotated the realm keys in a hurry). */
    public void clear() {
        entries.clear();
        insertionOrder.clear();
        queued.set(0);
    }
}
