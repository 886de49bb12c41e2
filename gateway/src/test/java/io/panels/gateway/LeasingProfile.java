package io.panels.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Limits high enough that a 100 ms lease holds many tokens (600,000 a minute: up to 1,000). */
public class LeasingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "panels.gateway.rate-limit.tenant-requests-per-minute", "600000",
                "panels.gateway.rate-limit.client-requests-per-minute", "600000");
    }
}
