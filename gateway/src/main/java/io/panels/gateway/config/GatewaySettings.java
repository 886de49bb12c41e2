package io.panels.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the gateway is told by configuration (docs/gateway.md lists each key and its default). */
@ConfigMapping(prefix = "panels.gateway")
public interface GatewaySettings {

    /** The route table, in order: the first entry whose path pattern matches a request wins. */
    List<RouteEntry> routes();

    /** Service name to address (a Kubernetes service name in a cluster, 127.0.0.1 locally). */
    Map<String, Service> services();

    Upstream upstream();

    /** Largest request body accepted; a longer one is answered 413 before (or while) it is streamed. */
    @WithDefault("10M")
    MemorySize maxBodySize();

    RateLimit rateLimit();

    Headers headers();

    OpenApi openapi();

    interface RouteEntry {
        /** {@code /api/v1/panels/*}{@code /rows/**}: {@code *} is one segment, a trailing {@code **} any rest. */
        String path();

        String service();

        /** Whether a WebSocket upgrade on this route is tunnelled to the service. */
        @WithDefault("false")
        boolean websocket();

        /** The largest request body on this route (uploads), instead of {@code max-body-size}. */
        Optional<MemorySize> maxBodySize();
    }

    interface Service {
        /** Base URL, e.g. {@code http://panel-service:8080}; a path in it is put before the request path. */
        URI url();
    }

    interface Upstream {
        /** A service that does not accept the connection in this time is answered 503. */
        @WithDefault("PT2S")
        Duration connectTimeout();

        /** No byte from the service for this long: 504 before its reply starts, a reset after. */
        @WithDefault("PT30S")
        Duration idleTimeout();

        /** Keep-alive connections per service and event loop pool (HTTP/1.1). */
        @WithDefault("200")
        int maxConnectionsPerService();

        @WithDefault("PT60S")
        Duration keepAliveTimeout();

        /**
         * WebSockets tunnelled to one service at once (each holds a connection to it). Vert.x's
         * default is 50: the 51st stream subscriber's upgrade then waited for ever.
         */
        @WithName("max-websockets-per-service")
        @WithDefault("20000")
        int maxWebSocketsPerService();

        /**
         * The largest WebSocket message a tunnel passes, either way, counted over its frames as they
         * pass (nothing is held): the sender is closed with 1009, the receiver with 1011. Frames
         * themselves stay within 64 KiB (Vert.x's limit on each side).
         */
        @WithName("max-websocket-message-size")
        @WithDefault("4M")
        MemorySize maxWebSocketMessageSize();
    }

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        /** A tenant's budget when its plan names none (tenant.created / tenant.updated carry the plan's). */
        @WithDefault("1200")
        int tenantRequestsPerMinute();

        /** One client (an application acting for one user or service account) inside a tenant; capped by the tenant's. */
        @WithDefault("600")
        int clientRequestsPerMinute();

        /** Per caller address on /api/v1/public/**. */
        @WithDefault("120")
        int publicRequestsPerMinute();

        /** Per platform admin on /api/v1/platform/**. */
        @WithDefault("600")
        int platformRequestsPerMinute();

        /** Redis slower than this counts as down: the request is served without a limit (fail-open). */
        @WithDefault("PT0.25S")
        Duration redisTimeout();

        /**
         * The most one lease of tokens may take, as time at the smallest bucket's rate (ADR 0057): at
         * 100 ms a caller limited to 600 per minute draws one token per request, one allowed
         * 600,000 up to 1,000 tokens per Redis round trip. Zero: one token per request always.
         */
        @WithDefault("PT0.1S")
        Duration leaseBudget();

        /** How long a replica spends a lease before asking Redis again, whatever is left of it. */
        @WithDefault("PT1S")
        Duration leaseLifetime();
    }

    interface Headers {
        /** Sent on replies to requests that arrived over TLS (directly or per X-Forwarded-Proto). */
        @WithDefault("max-age=31536000; includeSubDomains")
        String strictTransportSecurity();

        @WithDefault("no-referrer")
        String referrerPolicy();
    }

    interface OpenApi {
        /** How long the merged document is served from memory before the services are asked again. */
        @WithDefault("PT60S")
        Duration cacheFor();

        @WithDefault("PT3S")
        Duration fetchTimeout();

        /** Services whose documents are merged; by default every configured service. */
        Optional<List<String>> services();
    }
}
