package io.panels.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.testing.Keycloak;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URL;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The tunnel connects to the service first: a service that is down refuses the upgrade with a 503 problem. */
@QuarkusTest
@TestProfile(WebSocketServiceDownProfile.class)
@QuarkusTestResource(Backends.class)
class WebSocketServiceDownTest {

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void anUpgradeToAServiceThatIsDownIsRefusedWith503() {
        Vertx vertx = Vertx.vertx();
        try {
            WebSocketClient client = vertx.createWebSocketClient();
            WebSocketConnectOptions options = new WebSocketConnectOptions()
                    .setHost(gateway.getHost()).setPort(gateway.getPort()).setURI("/api/v1/exports-stream")
                    .addHeader("Authorization", "Bearer " + Keycloak.createTenant().member("viewer").token());
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> client.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
            assertTrue(refused.getCause() instanceof UpgradeRejectedException, "refused: " + refused.getCause());
            UpgradeRejectedException rejected = (UpgradeRejectedException) refused.getCause();
            assertEquals(503, rejected.getStatus());
            assertEquals("application/problem+json", rejected.getHeaders().get("Content-Type").split(";")[0]);
            assertTrue(rejected.getBody().toString().contains("service-unavailable"), rejected.getBody().toString());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }
}
