package io.panels.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/** Redis at a port nobody listens on; the real Redis keeps running for everyone else. */
public class RedisDownProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return Map.of(
                    "quarkus.redis.hosts", "redis://127.0.0.1:" + socket.getLocalPort(),
                    // Its writes would wait for Redis; this profile is about serving requests.
                    "mp.messaging.incoming.tenant-events.enabled", "false");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
