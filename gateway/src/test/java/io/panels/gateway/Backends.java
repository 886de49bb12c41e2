package io.panels.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.impl.WebSocketInternal;
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
 * any path ending in /hang never gets an answer (a service that hangs). The WebSocket's behaviour
 * for the tunnel tests is chosen by its query ({@link #webSocketScript}).
 */
public class Backends implements QuarkusTestResourceLifecycleManager {

    public static final List<String> SERVING = List.of("auth-service", "panel-service", "data-service",
            "view-service", "notification-service");
    public static final String DOWN = "export-service";

    /** What each tagged WebSocket sent and how it was closed (written on the backends' event loop). */
    private static final Map<String, JsonObject> WEB_SOCKET_STATS = new java.util.concurrent.ConcurrentHashMap<>();

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
        // Large enough to echo the tunnel tests' largest messages (Vert.x's default is 256 KiB).
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setMaxWebSocketMessageSize(16 * 1024 * 1024))
                .webSocketHandler(socket -> {
                    String authorization = socket.headers().get("Authorization");
                    socket.writeTextMessage("hello from " + service + " " + socket.path()
                            + (authorization != null ? " with token" : " without token"));
                    webSocketScript(socket);
                })
                .requestHandler(request -> handle(service, request));
        return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join().actualPort();
    }

    /**
     * Echoes, and on request (query of the WebSocket's URI): {@code early=N} says N numbered
     * messages right after the hello; {@code push=N&size=S} pushes N messages of S bytes as fast as
     * its reader takes them; {@code id=X} records what it sent and how it was closed, served at
     * {@code GET /api/v1/notifications/ws-stats/X}. The text {@code close:CODE:REASON} closes it with
     * that code, {@code drop} drops its connection without a close frame.
     */
    private void webSocketScript(ServerWebSocket socket) {
        MultiMap query = MultiMap.caseInsensitiveMultiMap();
        new QueryStringDecoder(socket.uri()).parameters().forEach(query::add);
        JsonObject stats = new JsonObject().put("sent", 0);
        if (query.contains("id")) {
            WEB_SOCKET_STATS.put(query.get("id"), stats);
        }
        for (int i = 0; i < Integer.parseInt(query.get("early") == null ? "0" : query.get("early")); i++) {
            socket.writeTextMessage("early " + i);
        }
        if (query.contains("push")) {
            push(socket, stats, Integer.parseInt(query.get("push")), Integer.parseInt(query.get("size")));
        }
        socket.textMessageHandler(text -> {
            if (text.startsWith("close:")) {
                String[] parts = text.split(":", 3);
                socket.close(Short.parseShort(parts[1]), parts[2]);
            } else if (text.equals("drop")) {
                // The TCP connection itself, without a close frame: closed below Vert.x's own handler,
                // which would otherwise send one on the way out.
                ((WebSocketInternal) socket).channelHandlerContext().pipeline().firstContext().close();
            } else {
                socket.writeTextMessage("echo:" + text);
            }
        });
        socket.binaryMessageHandler(bytes -> socket.writeBinaryMessage(bytes));
        socket.closeHandler(closed -> stats.put("closeCode", socket.closeStatusCode()).put("closeReason", socket.closeReason()));
    }

    /** Writes while the socket takes it, then waits for its drain: a well-behaved pusher. */
    private static void push(ServerWebSocket socket, JsonObject stats, int count, int size) {
        while (!socket.isClosed() && stats.getInteger("sent") < count) {
            int sent = stats.getInteger("sent");
            Buffer message = Buffer.buffer(size);
            message.appendString(String.format("%010d", sent));
            message.appendBytes(new byte[Math.max(0, size - 10)]);
            socket.writeBinaryMessage(message);
            stats.put("sent", sent + 1);
            if (socket.writeQueueFull()) {
                socket.drainHandler(drained -> push(socket, stats, count, size));
                return;
            }
        }
    }

    private static void handle(String service, HttpServerRequest request) {
        if (request.path().equals("/q/openapi")) {
            request.response().putHeader("Content-Type", "application/json").end(openApi(service).encode());
            return;
        }
        if (request.path().contains("/ws-stats/")) {
            JsonObject stats = WEB_SOCKET_STATS.get(request.path().substring(request.path().lastIndexOf('/') + 1));
            request.response().setStatusCode(stats == null ? 404 : 200)
                    .putHeader("Content-Type", "application/json").end(stats == null ? "{}" : stats.encode());
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
