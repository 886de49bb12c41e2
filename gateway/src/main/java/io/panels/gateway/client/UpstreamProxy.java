package io.panels.gateway.client;

import io.opentelemetry.api.trace.Span;
import io.panels.common.request.RequestIds;
import io.panels.gateway.config.GatewaySettings;
import io.panels.gateway.domain.Route;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Forwards a request to its service and streams both bodies (vertx-http-proxy): nothing is
 * buffered whole. One keep-alive pool per service address. Hop-by-hop headers are dropped by the
 * proxy library; this adds {@code X-Forwarded-*} and keeps {@code X-Request-Id} and the W3C trace
 * headers (OpenTelemetry, when on, continues the trace in a client span of its own).
 */
@ApplicationScoped
public class UpstreamProxy {

    /**
     * Headers by which one service tells another which tenant it acts in (platform/common's service
     * identity). They mean something only between services, so a caller's copies never pass.
     */
    private static final List<String> INTERNAL_HEADERS = List.of("X-Panels-Tenant", "X-Panels-On-Behalf-Of");

    private static final List<String> WEBSOCKET_HEADERS = List.of("authorization", RequestIds.HEADER.toLowerCase(),
            "traceparent", "tracestate", "cookie", "origin", "user-agent", "accept-language");

    private final GatewaySettings.Upstream settings;
    private final HttpClient client;
    private final WebSocketClient webSockets;
    private final int maxWebSocketFrameSize;
    private final long maxWebSocketMessageSize;

    public UpstreamProxy(Vertx vertx, GatewaySettings settings) {
        this.settings = settings.upstream();
        this.client = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setKeepAliveTimeout((int) this.settings.keepAliveTimeout().toSeconds())
                        .setConnectTimeout((int) this.settings.connectTimeout().toMillis())
                        .setTcpNoDelay(true)
                        .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(this.settings.maxConnectionsPerService()).setMaxWaitQueueSize(1024));
        WebSocketClientOptions webSocketOptions = new WebSocketClientOptions()
                .setMaxConnections(this.settings.maxWebSocketsPerService())
                .setConnectTimeout((int) this.settings.connectTimeout().toMillis());
        this.webSockets = vertx.createWebSocketClient(webSocketOptions);
        // Frames pass through unchanged, so the frame limit the service's side reads with is also
        // the largest frame written to either side (the same 64 KiB the caller's side reads with).
        this.maxWebSocketFrameSize = webSocketOptions.getMaxFrameSize();
        this.maxWebSocketMessageSize = this.settings.maxWebSocketMessageSize().asLongValue();
    }

    /**
     * Sends the (paused) request to {@code route}'s service and streams the reply back. Fails with
     * {@link UpstreamFailure} when no reply could be started; once the reply has started, a broken
     * stream resets the connection. Completes with the reply's status.
     */
    public Future<Integer> forward(HttpServerRequest request, Route route, String uri, long maxBodySize) {
        ProxyRequest proxyRequest = ProxyRequest.reverseProxy(request);
        LimitedBody limited = null;
        if (proxyRequest.getBody().length() < 0) {
            limited = new LimitedBody(request, maxBodySize);
            proxyRequest.setBody(Body.body(limited, -1));
        }
        LimitedBody body = limited;
        proxyRequest.setURI(route.upstreamUri(uri));
        proxyRequest.setAuthority(HostAndPort.create(route.host(), route.port()));
        forwardedHeaders(request, proxyRequest.headers());
        INTERNAL_HEADERS.forEach(proxyRequest.headers()::remove);
        if (Span.current().getSpanContext().isValid()) {
            // Tracing is on: the client span's own traceparent (a child of the caller's) replaces the
            // caller's, instead of travelling beside it. With tracing off the caller's passes as is.
            proxyRequest.headers().remove("traceparent").remove("tracestate");
        }

        RequestOptions options = new RequestOptions()
                .setHost(route.host())
                .setPort(route.port())
                .setSsl(route.tls())
                .setConnectTimeout(settings.connectTimeout().toMillis())
                .setIdleTimeout(settings.idleTimeout().toMillis());
        Promise<Integer> done = Promise.promise();
        client.request(options)
                .recover(failure -> Future.failedFuture(classify(failure, route)))
                .compose(clientRequest -> proxyRequest.send(clientRequest)
                        .recover(failure -> Future.failedFuture(body != null && body.exceeded()
                                ? new UpstreamFailure(UpstreamFailure.Kind.BODY_TOO_LARGE, "request body too large", failure)
                                : classify(failure, route))))
                .onFailure(done::fail)
                .onSuccess(response -> {
                    int status = response.getStatusCode();
                    response.send().onComplete(sent -> done.tryComplete(status));
                });
        return done.future();
    }

    /** Connects to the service's WebSocket first, then accepts the caller's upgrade and joins the two. */
    public Future<Void> tunnel(HttpServerRequest request, Route route, String uri) {
        WebSocketConnectOptions options = new WebSocketConnectOptions()
                .setHost(route.host())
                .setPort(route.port())
                .setSsl(route.tls())
                .setURI(route.upstreamUri(uri))
                .setConnectTimeout(settings.connectTimeout().toMillis())
                .setTimeout(settings.connectTimeout().toMillis());
        for (String name : WEBSOCKET_HEADERS) {
            request.headers().getAll(name).forEach(value -> options.addHeader(name, value));
        }
        MultiMap forwarded = MultiMap.caseInsensitiveMultiMap();
        forwardedHeaders(request, forwarded);
        forwarded.forEach(header -> options.addHeader(header.getKey(), header.getValue()));
        return WebSocketTunnel.open(webSockets, options, request, maxWebSocketFrameSize, maxWebSocketMessageSize)
                .recover(failure -> Future.failedFuture(classify(failure, route)));
    }

    private static void forwardedHeaders(HttpServerRequest request, MultiMap headers) {
        String address = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        if (address != null) {
            String earlier = headers.get("X-Forwarded-For");
            headers.set("X-Forwarded-For", earlier == null || earlier.isBlank() ? address : earlier + ", " + address);
        }
        if (!headers.contains("X-Forwarded-Proto")) {
            headers.set("X-Forwarded-Proto", request.scheme() == null ? "http" : request.scheme());
        }
        if (!headers.contains("X-Forwarded-Host") && request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
    }

    private static UpstreamFailure classify(Throwable failure, Route route) {
        if (failure instanceof UpstreamFailure known) {
            return known;
        }
        String where = route.service() + " (" + route.host() + ":" + route.port() + ")";
        if (failure instanceof ConnectException || failure instanceof UnknownHostException
                || failure instanceof io.netty.channel.ConnectTimeoutException
                || failure instanceof io.vertx.core.http.ConnectionPoolTooBusyException) {
            return new UpstreamFailure(UpstreamFailure.Kind.UNAVAILABLE, where + " is not reachable", failure);
        }
        if (failure instanceof TimeoutException || failure.getClass().getSimpleName().contains("Timeout")) {
            return new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, where + " did not answer in time", failure);
        }
        if (failure instanceof ClosedChannelException || failure instanceof io.vertx.core.VertxException) {
            return new UpstreamFailure(UpstreamFailure.Kind.BAD_RESPONSE, where + " broke the connection", failure);
        }
        return new UpstreamFailure(UpstreamFailure.Kind.BAD_RESPONSE, where + " failed: " + failure.getMessage(), failure);
    }
}
