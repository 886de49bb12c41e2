package io.panels.gateway.domain;

import java.util.OptionalLong;

import java.net.URI;

/**
 * One entry of the route table: requests matching {@code pattern} go to {@code service} at
 * {@code target}. The pattern text is the route's name in metrics (bounded by configuration).
 */
public record Route(PathPattern pattern, String service, URI target, boolean websocket, OptionalLong maxBodySize) {

    /** The largest request body this route accepts: its own limit, else {@code standard}. */
    public long maxBodySize(long standard) {
        return maxBodySize.orElse(standard);
    }

    public String name() {
        return pattern.text();
    }

    public String host() {
        return target.getHost();
    }

    public int port() {
        if (target.getPort() > 0) {
            return target.getPort();
        }
        return tls() ? 443 : 80;
    }

    public boolean tls() {
        return "https".equalsIgnoreCase(target.getScheme()) || "wss".equalsIgnoreCase(target.getScheme());
    }

    /** The path on the service: the target's own path (if any) before the request's path and query. */
    public String upstreamUri(String requestUri) {
        String base = target.getRawPath() == null ? "" : target.getRawPath().replaceAll("/+$", "");
        return base + requestUri;
    }
}
