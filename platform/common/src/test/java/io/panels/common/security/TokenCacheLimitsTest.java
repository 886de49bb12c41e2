package io.panels.common.security;

import static io.panels.common.security.TokenCacheTest.identityOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.testing.Keycloak;
import io.panels.common.testing.Keycloak.TestTenant;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The size and age limits of the cache through the HTTP API, set small. */
@QuarkusTest
@TestProfile(TokenCacheLimitsTest.SmallCache.class)
class TokenCacheLimitsTest {

    public static class SmallCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("panels.security.token-cache.max-size", "2",
                    "panels.security.token-cache.max-age", "PT2S");
        }
    }

    @Inject
    VerifiedTokenCache cache;

    @Test
    void theOldestTokenMakesRoom() {
        TestTenant tenant = Keycloak.createTenant();
        String first = tenant.member("viewer").token();
        String second = tenant.member("viewer").token();
        String third = tenant.member("viewer").token();
        identityOf(first);
        identityOf(second);
        identityOf(third);

        assertTrue(cache.size() <= 2);
        assertEquals(true, identityOf(third).get("fromCache"));
        assertEquals(false, identityOf(first).get("fromCache"), "evicted, verified again");
    }

    @Test
    void anEntryIsVerifiedAgainAfterTheMaximumAge() throws InterruptedException {
        String token = Keycloak.createTenant().member("viewer").token();
        identityOf(token);
        assertEquals(true, identityOf(token).get("fromCache"));
        Thread.sleep(2_100);
        assertEquals(false, identityOf(token).get("fromCache"));
    }
}
