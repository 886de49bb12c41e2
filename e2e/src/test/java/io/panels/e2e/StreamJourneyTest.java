package io.panels.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.common.testing.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live stream through the gateway: a viewer's WebSocket (bearer token on the upgrade) subscribes
 * to a panel an owner created (panel-service), and sees the row an editor writes (data-service),
 * relayed by notification-service. This journey starts its own notification-service and gateway
 * in front of the suite's other services.
 */
@ExtendWith(Suite.class)
class StreamJourneyTest {

    @Test
    void aViewerSeesARowWrittenByAnotherUserAsItHappens() throws Exception {
        try (ServiceProcess notifications = ServiceProcess.start("notification-service", Map.of());
             ServiceProcess gateway = ServiceProcess.start("gateway", Map.of(
                     "PANELS_AUTH_SERVICE_URL", Suite.url("auth-service").toString(),
                     "PANELS_PANEL_SERVICE_URL", Suite.url("panel-service").toString(),
                     "PANELS_DATA_SERVICE_URL", Suite.url("data-service").toString(),
                     "PANELS_NOTIFICATION_SERVICE_URL", notifications.url().toString()))) {
            URI api = gateway.url();
            StaffedTenant tenant = StaffedTenant.create(api);
            String panelId = call(api, tenant.token("owner")).body("""
                            {"name": "Live", "columns": [{"name": "Title", "type": "text"}]}""")
                    .post("/api/v1/panels").then().statusCode(201).extract().path("id");

            List<String> messages = new CopyOnWriteArrayList<>();
            // The gateway checks a bearer token on the upgrade itself; the service takes it from there too.
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("Authorization", "Bearer " + tenant.token("viewer"))
                    .buildAsync(URI.create(api.toString().replaceFirst("^http", "ws") + "/api/v1/stream"), new WebSocket.Listener() {
                        private final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                messages.add(partial.toString());
                                partial.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }
                    }).join();
            try {
                Awaitility.await("ready").atMost(Duration.ofSeconds(30)).until(() -> messages.stream().anyMatch(m -> m.contains("\"ready\"")));
                // The stream learns the panel's tenant from panel.created: subscribe until it knows it.
                Awaitility.await("subscribed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    socket.sendText("{\"type\":\"subscribe\",\"panelId\":\"" + panelId + "\"}", true).join();
                    Thread.sleep(500);
                    return messages.stream().anyMatch(m -> m.contains("\"subscribed\""));
                });

                // The editor writes until the row arrives (the table and the stream's feed are built from events).
                String marker = "written by the editor " + UUID.randomUUID();
                Awaitility.await("the row on the stream").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    call(api, tenant.token("editor")).body(Map.of("values", Map.of("title", marker)))
                            .post("/api/v1/panels/" + panelId + "/rows");
                    Thread.sleep(1000);
                    return messages.stream().anyMatch(m -> m.contains("\"row.created\"") && m.contains(marker));
                });
                String event = messages.stream().filter(m -> m.contains(marker)).findFirst().orElseThrow();
                assertTrue(event.contains("\"panelId\":\"" + panelId + "\"") && event.contains("\"id\":"), event);
            } finally {
                socket.abort();
            }
        }
    }

    private static RequestSpecification call(URI api, String token) {
        return given().baseUri(api.toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString());
    }
}
