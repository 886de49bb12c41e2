package io.panels.gateway.domain;

import io.panels.gateway.config.GatewaySettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Which token buckets a request draws from. Tenant calls draw from the tenant's bucket (the plan's
 * maxRequestsPerMinute, or the configured default) and from the calling client's own bucket inside
 * the tenant (the configured default, never more than the plan), so one runaway integration cannot
 * use up its tenant's whole budget. Public calls are limited per address, platform calls per admin.
 */
@ApplicationScoped
public class RateLimitRules {

    /** How a bucket's limit relates to the tenant's plan limit (when the plan names one). */
    public enum PlanRule { REPLACED_BY_PLAN, CAPPED_BY_PLAN, FIXED }

    public record Bucket(String key, int requestsPerMinute, PlanRule planRule) {
    }

    /** @param stateKey where the tenant's state is kept; read in the same atomic step as the buckets */
    public record Plan(String stateKey, List<Bucket> buckets) {
    }

    private final GatewaySettings.RateLimit settings;

    public RateLimitRules(GatewaySettings settings) {
        this.settings = settings.rateLimit();
    }

    public Plan planFor(Caller caller) {
        return switch (caller.access()) {
            case TENANT -> {
                String scope = TenantKeys.scope(caller.tenantId());
                yield new Plan(TenantKeys.state(caller.tenantId()), List.of(
                        new Bucket(scope + ":rl", settings.tenantRequestsPerMinute(), PlanRule.REPLACED_BY_PLAN),
                        new Bucket(scope + ":rl:" + caller.client(), settings.clientRequestsPerMinute(), PlanRule.CAPPED_BY_PLAN)));
            }
            case PLATFORM -> single("gw:{p:" + caller.client() + "}", settings.platformRequestsPerMinute());
            case PUBLIC -> single("gw:{ip:" + caller.client() + "}", settings.publicRequestsPerMinute());
        };
    }

    private static Plan single(String scope, int limit) {
        // The state key shares the bucket's hash slot (Redis Cluster) and is never written.
        return new Plan(scope + ":state", List.of(new Bucket(scope + ":rl", limit, PlanRule.FIXED)));
    }
}
