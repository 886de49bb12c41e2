package io.panels.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real HTTP servers standing in for the services while they are being written: each echoes what
 * it received (method, path, headers, body size) as JSON, serves a small OpenAPI document, and
 * notification-service's echoes WebSocket messages. Not mocks of our infrastructure: the gateway
 * talks real HTTP to them. export-service is configured at a closed port (a service that is down);
 * any path ending in /hang never gets an answer (a service that hangs).
 */
public class Backends implements QuarkusTestResourceLifecycleManager {

    public static final List<String> SERVING = List.of("auth-service", "panel-service", "data-service",
            "view-service", "notification-service");
    public static final String DOWN = "export-service";

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        for (String service : SERVING) {
            config.put("panels.gateway.services." + service + ".url", "http://127.0.0.1:" + serve(service));
        }
        config.put("panels.gateway.services." + DOWN + ".url", "http://127.0.0.1:" + closedPort());
        return config;
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }

    private int serve(String service) {
        HttpServer server = vertx.createHttpServer()
                .webSocketHandler(socket -> {
                    String authorization = socket.headers().get("Authorization");
                    socket.writeTextMessage("hello from " + service + " " + socket.path()
                            + (authorization != null ? " with token" : " without token"));
                    socket.textMessageHandler(text -> socket.writeTextMessage("echo:" + text));
                    socket.binaryMessageHandler(bytes -> socket.writeBinaryMessage(bytes));
                })
                .requestHandler(request -> handle(service, request));
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
    }

    private static void handle(String service, HttpServerRequest request) {
        if (request.path().equals("/q/openapi")) {
            request.response().putHeader("Content-Type", "application/json").end(openApi(service).encode());
            return;
        }
        if (request.path().endsWith("/hang")) {
            return;
        }
        if (request.path().endsWith("/download")) {
            int kilobytes = Integer.parseInt(request.getParam("kb", "1024"));
            request.response().setChunked(true).putHeader("Content-Type", "application/octet-stream");
            Buffer chunk = Buffer.buffer(new byte[1024]);
            for (int i = 0; i < kilobytes; i++) {
                request.response().write(chunk);
            }
            request.response().end();
            return;
        }
        long[] length = {0};
        StringBuilder text = new StringBuilder();
        request.handler(chunk -> {
            length[0] += chunk.length();
            if (text.length() < 2048) {
                text.append(chunk.toString());
            }
        });
        request.endHandler(end -> {
            JsonObject headers = new JsonObject();
            // Repeated headers joined, so a test sees a duplicate.
            request.headers().names().forEach(name ->
                    headers.put(name.toLowerCase(), String.join(",", request.headers().getAll(name))));
            JsonObject echo = new JsonObject()
                    .put("service", service)
                    .put("method", request.method().name())
                    .put("uri", request.uri())
                    .put("headers", headers)
                    .put("bodyLength", length[0])
                    .put("body", text.length() < 2048 ? text.toString() : null);
            request.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("X-Served-By", service)
                    .end(echo.encode());
        });
    }

    private static JsonObject openApi(String service) {
        String name = service.replace("-service", "");
        return new JsonObject()
                .put("openapi", "3.1.0")
                .put("info", new JsonObject().put("title", service).put("version", "1"))
                .put("paths", new JsonObject().put("/api/v1/" + name + "-things", new JsonObject()
                        .put("get", new JsonObject().put("operationId", name + "List")
                                .put("responses", new JsonObject().put("200", new JsonObject()
                                        .put("description", "ok").put("content", new JsonObject()
                                                .put("application/json", new JsonObject().put("schema",
                                                        new JsonObject().put("$ref", "#/components/schemas/" + name + "Thing")))))))))
                .put("components", new JsonObject().put("schemas", new JsonObject()
                        .put(name + "Thing", new JsonObject().put("type", "object"))
                        .put("Problem", new JsonObject().put("type", "object")
                                .put("required", new JsonArray().add("type")))));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
