package io.panels.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Tracing on, as in production (spans are made; nothing listens for their export). */
public class TracingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.otel.sdk.disabled", "false",
                "quarkus.otel.traces.exporter", "none",
                "quarkus.otel.metrics.enabled", "false",
                "quarkus.otel.logs.enabled", "false");
    }
}
