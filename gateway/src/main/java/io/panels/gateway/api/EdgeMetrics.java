package io.panels.gateway.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Per-route metrics. Tags are bounded by configuration: the route is its path pattern (never the
 * request path), the status is a class (2xx..5xx); no tenant or caller ever becomes a tag.
 */
@ApplicationScoped
public class EdgeMetrics {

    private final MeterRegistry registry;
    private final Counter redisUnavailable;

    public EdgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.redisUnavailable = Counter.builder("panels.gateway.ratelimit.unavailable")
                .description("Requests served without a rate-limit or tenant-state check because Redis did not answer")
                .register(registry);
    }

    /** panels_gateway_requests_seconds{route,status}: rate, errors and latency histogram per route. */
    public void request(String route, int status, long startedNanos) {
        Timer.builder("panels.gateway.requests")
                .description("Requests through the gateway, by route and status class, until the reply is complete")
                .tag("route", route)
                .tag("status", (status / 100) + "xx")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }

    /** panels_gateway_rejections_total{reason}: refused at the edge (unauthorized, suspended, rate-limited, ...). */
    public void rejected(String reason) {
        Counter.builder("panels.gateway.rejections")
                .description("Requests the gateway answered itself instead of forwarding")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    public void redisUnavailable() {
        redisUnavailable.increment();
    }
}
