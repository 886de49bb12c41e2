package io.panels.view.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.panels.view.DataServiceProcess;
import io.panels.view.TestApi;
import io.panels.view.TestPanels;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * data-service down (nothing listens where view-service calls it): rendering is a clear 503
 * problem, also once the circuit breaker opened, while the views themselves still work.
 */
@QuarkusTest
@QuarkusTestResource(DataServiceProcess.class)
@TestProfile(DataServiceDownTest.Down.class)
class DataServiceDownTest {

    public static class Down implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.rest-client.data-service.url", "http://127.0.0.1:" + closedPort());
        }
    }

    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void renderingIsA503ProblemAndTheCircuitOpens() {
        TestApi api = TestApi.newTenant();
        UUID panelId = TestPanels.createPanel(api.tenant.id(), api.editorUser.id(), TestPanels.standardColumns(), api.viewer, null);
        String viewId = api.asViewer().queryParam("panelId", panelId).get("/api/v1/views").path("views[0].id");
        String token = api.asEditor().body("{}").post("/api/v1/views/" + viewId + "/shares").then().statusCode(201)
                .extract().path("token");
        for (int i = 0; i < 12; i++) {
            api.asViewer().get("/api/v1/views/" + viewId + "/rows").then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://panels.io/problems/service-unavailable"));
        }
        long started = System.nanoTime();
        given().get("/api/v1/public/shares/" + token + "/rows").then().statusCode(503)
                .body("type", equalTo("https://panels.io/problems/service-unavailable"));
        // The open circuit answers at once, without trying the connection.
        assertTrue(System.nanoTime() - started < 2_000_000_000L);
        api.asViewer().get("/api/v1/views/" + viewId).then().statusCode(200);
    }
}
