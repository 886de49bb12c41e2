package io.panels.gateway.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Per-route metrics. Tags are bounded by configuration: the route is its path pattern (never the
 * request path), the status is a class (2xx..5xx); no tenant or caller ever becomes a tag.
 */
@ApplicationScoped
public class EdgeMetrics {

    private final MeterRegistry registry;
    private final Counter redisUnavailable;
    /** Timers by route and status class, registered once: a builder and a registry lookup per request cost more than the record. */
    private final Map<String, AtomicReferenceArray<Timer>> timers = new ConcurrentHashMap<>();

    public EdgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.redisUnavailable = Counter.builder("panels.gateway.ratelimit.unavailable")
                .description("Requests served without a rate-limit or tenant-state check because Redis did not answer")
                .register(registry);
    }

    /** panels_gateway_requests_seconds{route,status}: rate, errors and latency histogram per route. */
    public void request(String route, int status, long startedNanos) {
        int statusClass = Math.min(Math.max(status / 100, 0), 9);
        AtomicReferenceArray<Timer> byClass = timers.computeIfAbsent(route, r -> new AtomicReferenceArray<>(10));
        Timer timer = byClass.get(statusClass);
        if (timer == null) {
            // Racing threads register the same meter: the registry answers both with one timer.
            timer = Timer.builder("panels.gateway.requests")
                    .description("Requests through the gateway, by route and status class, until the reply is complete")
                    .tag("route", route)
                    .tag("status", statusClass + "xx")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry);
            byClass.set(statusClass, timer);
        }
        timer.record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
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
