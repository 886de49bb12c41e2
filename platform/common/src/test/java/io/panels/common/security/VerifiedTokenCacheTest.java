package io.panels.common.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cache's own rules, with a clock the test moves; the HTTP behaviour is in {@link TokenCacheTest}. */
class VerifiedTokenCacheTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    private VerifiedTokenCache cache(long maxAgeMillis, int maxSize) {
        return new VerifiedTokenCache(true, maxAgeMillis, maxSize, now::get);
    }

    private static SecurityIdentity identity(String name) {
        return QuarkusSecurityIdentity.builder().setPrincipal(() -> name).build();
    }

    private long inSeconds(long seconds) {
        return now.get() / 1000 + seconds;
    }

    @Test
    void theKeyIsTheWholeToken() {
        VerifiedTokenCache cache = cache(300_000, 10);
        String token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.signature-of-a";
        cache.store(token, identity("a"), inSeconds(60));

        assertTrue(cache.find(token).isPresent());
        assertTrue(cache.find(token.substring(0, token.length() - 1)).isEmpty(), "a prefix");
        assertTrue(cache.find(token + "x").isEmpty(), "a longer token with the same prefix");
        assertTrue(cache.find(token.replace("signature-of-a", "signature-of-b")).isEmpty(), "another signature");
        // "Aa" and "BB" have the same String.hashCode: equal hashes must not share an entry.
        cache.store("Aa", identity("Aa"), inSeconds(60));
        assertTrue(cache.find("BB").isEmpty());
        assertEquals("Aa", cache.find("Aa").orElseThrow().getPrincipal().getName());
    }

    @Test
    void anEntryIsDroppedAtTheTokensExpiry() {
        VerifiedTokenCache cache = cache(300_000, 10);
        cache.store("t", identity("t"), inSeconds(30));
        now.addAndGet(29_999);
        assertTrue(cache.find("t").isPresent());
        now.addAndGet(1);
        assertTrue(cache.find("t").isEmpty());
        assertEquals(0, cache.size());
    }

    @Test
    void anEntryIsDroppedAfterTheMaximumAge() {
        VerifiedTokenCache cache = cache(5_000, 10);
        cache.store("t", identity("t"), inSeconds(3600));
        now.addAndGet(4_999);
        assertTrue(cache.find("t").isPresent());
        now.addAndGet(1);
        assertTrue(cache.find("t").isEmpty());
    }

    @Test
    void anExpiredOrExpiryLessTokenIsNotKept() {
        VerifiedTokenCache cache = cache(300_000, 10);
        cache.store("expired", identity("x"), inSeconds(0));
        cache.store("no-exp", identity("x"), 0);
        assertEquals(0, cache.size());
        assertEquals(0, cache.stores());
    }

    @Test
    void theOldestEntryMakesRoomAndTheSizeStaysBounded() {
        VerifiedTokenCache cache = cache(300_000, 3);
        for (int i = 0; i < 1000; i++) {
            cache.store("t" + i, identity("t" + i), inSeconds(60));
            assertTrue(cache.size() <= 3);
        }
        assertTrue(cache.find("t996").isEmpty());
        assertTrue(cache.find("t997").isPresent());
        assertTrue(cache.find("t999").isPresent());
    }

    @Test
    void aStoredTokenKeepsItsFirstEntryAndAge() {
        VerifiedTokenCache cache = cache(5_000, 10);
        SecurityIdentity first = identity("first");
        cache.store("t", first, inSeconds(3600));
        now.addAndGet(4_000);
        cache.store("t", identity("second"), inSeconds(3600));
        assertSame(first, cache.find("t").orElseThrow());
        now.addAndGet(1_000);
        assertTrue(cache.find("t").isEmpty(), "a second store must not extend the age");
    }

    @Test
    void switchedOffItKeepsNothing() {
        VerifiedTokenCache cache = new VerifiedTokenCache(false, 300_000, 10, now::get);
        cache.store("t", identity("t"), inSeconds(60));
        assertFalse(cache.find("t").isPresent());
        assertEquals(0, cache.size());
    }
}
