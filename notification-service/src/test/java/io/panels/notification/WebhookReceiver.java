package io.panels.notification;

import com.sun.net.httpserver.HttpServer;
import io.panels.notification.domain.WebhookSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook endpoint as an integrator would run it, on 127.0.0.2 (allowed by the tests'
 * allow-list; 127.0.0.1 stays refused). It answers the queued statuses (then 200) and verifies each
 * signature the way the docs tell integrators to.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received, and whether its signature was valid for the secret. */
    public record Received(String body, Map<String, List<String>> headers, boolean signatureValid, int answered) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue().getFirst();
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private volatile String secret;
    private volatile int defaultStatus = 200;

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Integer queued = statuses.poll();
            int status = queued != null ? queued : defaultStatus;
            received.add(new Received(body, Map.copyOf(exchange.getRequestHeaders()),
                    verify(exchange.getRequestHeaders().getFirst(WebhookSignature.HEADER), body), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.2:" + server.getAddress().getPort() + "/hooks/panels";
    }

    public void secret(String secret) {
        this.secret = secret;
    }

    public void answer(int... queued) {
        for (int status : queued) {
            statuses.add(status);
        }
    }

    public void answerAlways(int status) {
        this.defaultStatus = status;
    }

    public List<Received> received() {
        return received;
    }

    private boolean verify(String header, String body) {
        return signedWith(header, body, secret);
    }

    /**
     * As an integrator: recompute HMAC-SHA256 over "t.body" with the secret it holds, compare in
     * constant time with each {@code v1} (there are two during a secret rotation's overlap), refuse
     * old timestamps.
     */
    public static boolean signedWith(String header, String body, String secret) {
        if (header == null || secret == null) {
            return false;
        }
        String t = null;
        List<String> signatures = new java.util.ArrayList<>();
        for (String part : header.split(",")) {
            if (part.startsWith("t=")) {
                t = part.substring(2);
            } else if (part.startsWith("v1=")) {
                signatures.add(part.substring(3));
            }
        }
        if (t == null || signatures.isEmpty() || Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) > 300) {
            return false;
        }
        byte[] expected = WebhookSignature.hmac(secret, t + "." + body).getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (String v1 : signatures) {
            match |= MessageDigest.isEqual(expected, v1.getBytes(StandardCharsets.UTF_8));
        }
        return match;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
