package io.panels.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** One more WebSocket route, to the service that is down ({@link Backends#DOWN}). */
public class WebSocketServiceDownProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "panels.gateway.routes[22].path", "/api/v1/exports-stream",
                "panels.gateway.routes[22].service", Backends.DOWN,
                "panels.gateway.routes[22].websocket", "true");
    }
}
