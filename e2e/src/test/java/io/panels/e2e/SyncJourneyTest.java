package io.panels.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import io.panels.common.testing.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A data source kept in sync: an owner points a panel at an HTTP JSON API (a server this test
 * starts on loopback, which this journey's data-service allows), runs the sync through the gateway,
 * and the records appear in a view; the source changes, a second run upserts, and the view shows it.
 */
@ExtendWith(Suite.class)
class SyncJourneyTest {

    private static volatile String orders = """
            {"data": [{"id": "o1", "name": "Alpha", "price": {"amount": 12.5}},
                      {"id": "o2", "name": "Beta", "price": {"amount": 3}}]}""";

    @Test
    void recordsOfAnHttpSourceAreSyncedAndReadThroughAView() throws Exception {
        HttpServer source = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        source.createContext("/orders", exchange -> {
            byte[] body = orders.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        source.start();
        // Consumer groups and the sync worker group of their own (Suite.consumerGroups).
        Map<String, String> dataEnvironment = new java.util.HashMap<>(Suite.consumerGroups("data-service", "sync-journey-data"));
        dataEnvironment.putAll(Map.of("PANELS_DATA_SYNC_ALLOW_PLAIN_HTTP", "true", "PANELS_DATA_SYNC_ALLOWED_NETWORKS", "127.0.0.1/32"));
        try (ServiceProcess data = Suite.started("data-service", dataEnvironment);
             ServiceProcess views = Suite.started("view-service", with(Suite.consumerGroups("view-service", "sync-journey-views"),
                     "QUARKUS_REST_CLIENT_DATA_SERVICE_URL", data.url().toString()));
             ServiceProcess gateway = Suite.started("gateway", with(Suite.consumerGroups("gateway", "sync-journey-gateway"),
                     "PANELS_AUTH_SERVICE_URL", Suite.url("auth-service").toString(),
                     "PANELS_PANEL_SERVICE_URL", Suite.url("panel-service").toString(),
                     "PANELS_DATA_SERVICE_URL", data.url().toString(),
                     "PANELS_VIEW_SERVICE_URL", views.url().toString()))) {
            URI api = gateway.url();
            StaffedTenant tenant = StaffedTenant.create(api);
            String owner = tenant.token("owner");

            String panelId = call(api, owner).body("""
                            {"name": "Orders", "columns": [
                              {"name": "Ext", "type": "text", "unique": true},
                              {"name": "Name", "type": "text"},
                              {"name": "Price", "type": "number", "settings": {"precision": 2}}]}""")
                    .post("/api/v1/panels").then().statusCode(201).extract().path("id");
            Awaitility.await("the panel's table, built from its event").atMost(Duration.ofSeconds(60))
                    .until(() -> call(api, owner).get("/api/v1/panels/" + panelId + "/rows").statusCode() == 200);

            String sourceId = call(api, owner).body("""
                            {"name": "Orders", "kind": "http_json",
                             "config": {"url": "http://127.0.0.1:%d/orders", "recordsPath": "$.data[*]"},
                             "mapping": [{"source": "$.id", "column": "ext"}, {"source": "$.name", "column": "name"},
                                         {"source": "$.price.amount", "column": "price"}],
                             "mode": "upsert", "keyColumn": "ext"}""".formatted(source.getAddress().getPort()))
                    .post("/api/v1/panels/" + panelId + "/sources").then().statusCode(201).extract().path("id");
            runToCompletion(api, owner, panelId, sourceId, 2, 0);

            String viewId = call(api, tenant.token("editor")).body("""
                            {"panelId": "%s", "name": "Orders by id",
                             "columns": [{"key": "ext", "visible": true}, {"key": "name", "visible": true},
                                         {"key": "price", "visible": true}],
                             "query": {"sorts": [{"column": "ext"}]}}""".formatted(panelId))
                    .post("/api/v1/views").then().statusCode(201).extract().path("id");
            call(api, tenant.token("viewer")).get("/api/v1/views/" + viewId + "/rows").then().statusCode(200)
                    .body("rows.values.ext", contains("o1", "o2"))
                    .body("rows.values.name", contains("Alpha", "Beta"))
                    .body("rows.values.price", contains(12.5f, 3));

            // The source changes: one record updated, one added; the next run upserts by key.
            orders = """
                    {"data": [{"id": "o2", "name": "Beta", "price": {"amount": 4}},
                              {"id": "o3", "name": "Gamma", "price": {"amount": 7}}]}""";
            runToCompletion(api, owner, panelId, sourceId, 1, 1);
            call(api, tenant.token("viewer")).get("/api/v1/views/" + viewId + "/rows").then().statusCode(200)
                    .body("rows.values.ext", contains("o1", "o2", "o3"))
                    .body("rows.values.price", contains(12.5f, 4, 7));
        } finally {
            source.stop(0);
        }
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> environment = new java.util.HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            environment.put(pairs[i], pairs[i + 1]);
        }
        return environment;
    }

    private static void runToCompletion(URI api, String owner, String panelId, String sourceId, int inserted, int updated) {
        String runs = "/api/v1/panels/" + panelId + "/sources/" + sourceId + "/runs";
        String runId = call(api, owner).post(runs).then().statusCode(202).extract().path("id");
        Awaitility.await("sync run " + runId).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> call(api, owner).get(runs + "/" + runId).<String>path("status"),
                        status -> !status.equals("queued") && !status.equals("running"));
        call(api, owner).get(runs + "/" + runId).then().statusCode(200)
                .body("status", equalTo("completed"))
                .body("rowsInserted", equalTo(inserted))
                .body("rowsUpdated", equalTo(updated));
    }

    private static RequestSpecification call(URI api, String token) {
        return given().baseUri(api.toString()).auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString());
    }
}
