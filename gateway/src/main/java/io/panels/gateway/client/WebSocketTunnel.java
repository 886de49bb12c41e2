package io.panels.gateway.client;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.util.ArrayDeque;

/**
 * One caller's WebSocket joined to the service's, frame by frame (ADR 0053): a data frame read on
 * one side is written as it is to the other, so a message is never aggregated, decoded or
 * re-encoded. Each hop keeps its own protocol: Vert.x answers pings and echoes close frames per
 * hop, unmasks what the caller sent and masks what goes to the service, and applies the frame size
 * limit on read. The service's side is connected first (a service that is down is still an HTTP
 * 503 problem, not a socket closed right after opening); what it sends before the caller's side is
 * open waits, paused, and is delivered first.
 */
final class WebSocketTunnel {

    private static final short NORMAL = 1000;
    private static final short MESSAGE_TOO_BIG = 1009;
    private static final short INTERNAL_ERROR = 1011;

    private final ClientWebSocket upstream;
    private final int maxFrameSize;
    private final long maxMessageSize;
    /** Frames that slipped through before the caller's side was open (at most one: the first pauses). */
    private final ArrayDeque<WebSocketFrame> early = new ArrayDeque<>(1);
    private final Direction toCaller = new Direction();
    private final Direction toService = new Direction();
    private ServerWebSocket downstream;
    private boolean upstreamBroken;

    private WebSocketTunnel(WebSocketClient client, int maxFrameSize, long maxMessageSize) {
        this.maxFrameSize = maxFrameSize;
        this.maxMessageSize = maxMessageSize;
        this.upstream = client.webSocket();
        upstream.frameHandler(frame -> {
            if (downstream == null) {
                early.add(frame);
                upstream.pause();
                return;
            }
            pass(frame, upstream, downstream, toCaller);
        });
        upstream.drainHandler(drained -> {
            if (downstream != null) {
                downstream.resume();
            }
        });
        // A connection lost without a close frame (or a protocol error on it): the other side learns 1011.
        upstream.exceptionHandler(failure -> {
            if (downstream == null) {
                upstreamBroken = true;
            } else {
                closeQuietly(downstream, INTERNAL_ERROR, null);
                downstream.resume();
            }
        });
    }

    static Future<Void> open(WebSocketClient client, WebSocketConnectOptions options, HttpServerRequest request,
                             int maxFrameSize, long maxMessageSize) {
        WebSocketTunnel tunnel = new WebSocketTunnel(client, maxFrameSize, maxMessageSize);
        return tunnel.upstream.connect(options)
                .compose(connected -> {
                    // Vert.x resumed the socket on connect, delivering asynchronously: pausing here
                    // keeps what the service says first inside Vert.x's bounded inbound buffer (and
                    // then in the TCP window) until the caller's side is open.
                    tunnel.upstream.pause();
                    return request.toWebSocket()
                            .onFailure(failure -> tunnel.upstream.close())
                            .onSuccess(tunnel::join)
                            .mapEmpty();
                });
    }

    private void join(ServerWebSocket caller) {
        downstream = caller;
        caller.frameHandler(frame -> pass(frame, caller, upstream, toService));
        caller.drainHandler(drained -> upstream.resume());
        caller.exceptionHandler(failure -> {
            closeQuietly(upstream, INTERNAL_ERROR, null);
            upstream.resume();
        });
        while (!early.isEmpty() && !caller.isClosed()) {
            pass(early.poll(), upstream, caller, toCaller);
        }
        if (upstreamBroken) {
            // After the frames Vert.x still holds for the caller (resume delivers them on the same context first).
            upstream.resume();
            Vertx.currentContext().runOnContext(v -> closeQuietly(caller, INTERNAL_ERROR, null));
        } else if (!caller.isClosed() && !caller.writeQueueFull()) {
            upstream.resume();
        }
    }

    /**
     * Writes a frame read from {@code from} to {@code to}. Data frames pass as they are (cut only
     * if larger than a frame may be, which a decompressed frame can be); a close frame closes the
     * other side with its code and reason, in order after the data before it. Pings and pongs
     * stay on their hop: Vert.x has answered the ping already.
     */
    private void pass(WebSocketFrame frame, WebSocketBase from, WebSocketBase to, Direction direction) {
        WebSocketFrameType type = frame.type();
        switch (type) {
            case TEXT, BINARY, CONTINUATION -> {
                int length = frame.binaryData().length();
                direction.messageSize = type == WebSocketFrameType.CONTINUATION ? direction.messageSize + length : length;
                if (direction.messageSize > maxMessageSize) {
                    closeQuietly(from, MESSAGE_TOO_BIG, "message larger than " + maxMessageSize + " bytes");
                    closeQuietly(to, INTERNAL_ERROR, null);
                    to.resume();
                    return;
                }
                if (to.isClosed()) {
                    return;
                }
                if (length <= maxFrameSize) {
                    to.writeFrame(frame);
                } else {
                    writeCut(frame, to);
                }
                if (to.writeQueueFull()) {
                    // Resumed by the other side's drain handler.
                    from.pause();
                }
            }
            case CLOSE -> {
                short status = frame.closeStatusCode();
                closeQuietly(to, sendable(status), frame.closeReason());
                // Whatever the other side still says (its close echo) need not wait for a reader.
                to.resume();
            }
            default -> {
            }
        }
    }

    private void writeCut(WebSocketFrame frame, WebSocketBase to) {
        Buffer data = frame.binaryData();
        for (int start = 0; start < data.length(); start += maxFrameSize) {
            int end = Math.min(start + maxFrameSize, data.length());
            Buffer piece = data.getBuffer(start, end);
            boolean last = end == data.length() && frame.isFinal();
            // Bytes, not a String: a cut may fall inside a UTF-8 sequence, which a fragmented text message allows.
            to.writeFrame(new WebSocketFrameImpl(start == 0 ? frame.type() : WebSocketFrameType.CONTINUATION,
                    piece.getByteBuf(), last));
        }
    }

    /**
     * 1005 (no code), 1006 (no close frame) and 1015 (TLS) describe a closing and must not be sent
     * in a close frame (RFC 6455 7.4.1); the other side then hears a normal close.
     */
    private static short sendable(short status) {
        return status == 1005 || status == 1006 || status == 1015 || status < NORMAL ? NORMAL : status;
    }

    private static void closeQuietly(WebSocketBase socket, short status, String reason) {
        if (!socket.isClosed()) {
            socket.close(status, reason);
        }
    }

    /** Per direction: the bytes of the message being passed so far, for the message size limit. */
    private static final class Direction {
        long messageSize;
    }
}
