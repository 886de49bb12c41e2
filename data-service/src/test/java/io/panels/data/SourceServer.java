package io.panels.data;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 for data source tests: each path answers what the test set
 * (status, headers, body, or a handler of its own), and every request is recorded with its
 * headers, so a test can prove what was (or was never) sent.
 */
public final class SourceServer implements AutoCloseable {

    /** What a test's handler gets: the request's path and query, and its headers. */
    public record Request(String path, Map<String, String> query, Map<String, String> headers) {
    }

    /** A reply: status, headers, body. */
    public record Reply(int status, Map<String, String> headers, byte[] body) {

        public static Reply json(String body) {
            return new Reply(200, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
        }

        public static Reply of(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "text/plain"), body.getBytes(StandardCharsets.UTF_8));
        }
    }

    @FunctionalInterface
    public interface Handler {
        Reply handle(Request request) throws Exception;
    }

    private final HttpServer server;
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

    public SourceServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::serve);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    public SourceServer on(String path, Handler handler) {
        routes.put(path, handler);
        return this;
    }

    public List<Request> requests(String path) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.path().equals(path)).toList();
        }
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
        Request request = new Request(uri.getPath(), query, headers);
        requests.add(request);
        exchange.getRequestBody().readAllBytes();
        Reply reply;
        try {
            Handler handler = routes.get(uri.getPath());
            reply = handler == null ? Reply.of(404, "not found") : handler.handle(request);
        } catch (Exception e) {
            reply = Reply.of(500, "handler failed");
        }
        try {
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(reply.body());
                }
            }
        } catch (IOException closed) {
            // The client gave up (a time-out test): nothing to answer.
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
