package io.panels.common.security;

import static io.panels.common.security.TokenCacheTest.identityOf;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.panels.common.testing.Keycloak;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code panels.security.token-cache.enabled=false}: every request is verified in full. */
@QuarkusTest
@TestProfile(TokenCacheSwitchedOffTest.CacheOff.class)
public class TokenCacheSwitchedOffTest {

    public static class CacheOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("panels.security.token-cache.enabled", "false");
        }
    }

    @Inject
    VerifiedTokenCache cache;

    @Test
    void everyRequestIsVerified() {
        String token = Keycloak.createTenant().member("owner").token();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> identity = identityOf(token);
            assertEquals(false, identity.get("fromCache"));
            assertEquals("OWNER", identity.get("role"));
        }
        assertEquals(0, cache.size());
        assertEquals(0, cache.hits());
    }

    @Test
    void printsTheServerCpuPerRequest() throws Exception {
        AuthenticationCost.print("off", Keycloak.createTenant().member("owner").token());
    }
}
