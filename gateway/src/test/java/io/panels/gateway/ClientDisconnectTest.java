package io.panels.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.panels.common.testing.Keycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A caller that hangs up takes its upstream request with it: the service sees its connection close
 * at once, not when the gateway's idle timeout (30 s here) would have ended the wait.
 */
@QuarkusTest
@QuarkusTestResource(Backends.class)
@TestProfile(ClientDisconnectTest.LongIdleTimeout.class)
class ClientDisconnectTest {

    public static class LongIdleTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("panels.gateway.upstream.idle-timeout", "PT30S");
        }
    }

    @Test
    void theUpstreamRequestEndsWhenTheCallerGoesAway() throws Exception {
        String token = Keycloak.createTenant().member("viewer").token();
        String id = UUID.randomUUID().toString();
        try (Socket caller = new Socket("127.0.0.1", RestAssured.port)) {
            OutputStream out = caller.getOutputStream();
            out.write(("GET /api/v1/views/hang?id=" + id + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> Backends.HANGING.contains(id));
            assertFalse(Backends.ABANDONED.contains(id), "the service saw the request end while the caller waited");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Backends.ABANDONED.contains(id));
    }
}
