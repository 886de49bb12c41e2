package io.panels.gateway.client;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * One caller's WebSocket joined to the service's. The service's side is connected first (so a
 * service that is down is still an HTTP 503 problem, not a socket closed right after opening);
 * what it says before the caller's side is open is held and delivered first.
 */
final class WebSocketTunnel {

    private final ClientWebSocket upstream;
    private final List<Object> early = new ArrayList<>();
    private ServerWebSocket downstream;

    private WebSocketTunnel(WebSocketClient client) {
        this.upstream = client.webSocket();
        upstream.textMessageHandler(text -> toCaller(text));
        upstream.binaryMessageHandler(bytes -> toCaller(bytes));
        upstream.closeHandler(closed -> {
            if (downstream != null && !downstream.isClosed()) {
                Short status = upstream.closeStatusCode();
                downstream.close(status == null ? 1000 : status, upstream.closeReason());
            }
        });
        upstream.exceptionHandler(failure -> {
            if (downstream != null && !downstream.isClosed()) {
                downstream.close((short) 1011);
            }
        });
    }

    static Future<Void> open(WebSocketClient client, WebSocketConnectOptions options, HttpServerRequest request) {
        WebSocketTunnel tunnel = new WebSocketTunnel(client);
        return tunnel.upstream.connect(options)
                .compose(connected -> request.toWebSocket()
                        .onFailure(failure -> tunnel.upstream.close())
                        .onSuccess(tunnel::join)
                        .mapEmpty());
    }

    private void join(ServerWebSocket caller) {
        downstream = caller;
        early.forEach(this::toCaller);
        early.clear();
        caller.textMessageHandler(text -> {
            upstream.writeTextMessage(text);
            backPressure(caller, upstream);
        });
        caller.binaryMessageHandler(bytes -> {
            upstream.writeBinaryMessage(bytes);
            backPressure(caller, upstream);
        });
        caller.closeHandler(closed -> {
            if (!upstream.isClosed()) {
                Short status = caller.closeStatusCode();
                upstream.close(status == null ? 1000 : status, caller.closeReason());
            }
        });
        caller.exceptionHandler(failure -> upstream.close((short) 1011));
    }

    private void toCaller(Object message) {
        if (downstream == null) {
            early.add(message);
            return;
        }
        if (message instanceof String text) {
            downstream.writeTextMessage(text);
        } else {
            downstream.writeBinaryMessage((Buffer) message);
        }
        backPressure(upstream, downstream);
    }

    /** Pauses {@code from} while {@code to} cannot keep up. */
    private static void backPressure(WebSocketBase from, WebSocketBase to) {
        if (to.writeQueueFull()) {
            from.pause();
            to.drainHandler(drained -> from.resume());
        }
    }
}
