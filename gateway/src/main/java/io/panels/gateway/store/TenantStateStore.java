package io.panels.gateway.store;

import io.panels.events.tenant.PlanLimits;
import io.panels.gateway.domain.TenantKeys;
import io.panels.gateway.domain.TenantStatus;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The tenant state every gateway replica reads, written from the tenant.* events. Each write sets
 * fields to absolute values, so a redelivered event changes nothing (at-least-once is enough).
 */
@ApplicationScoped
public class TenantStateStore {

    private final ReactiveHashCommands<String, String, String> hashes;

    public TenantStateStore(ReactiveRedisDataSource redis) {
        this.hashes = redis.hash(String.class);
    }

    /** tenant.created: active, with its plan. */
    public Uni<Void> created(UUID tenantId, String plan, PlanLimits limits) {
        Map<String, String> fields = planFields(plan, limits);
        fields.put("status", TenantStatus.ACTIVE.stored());
        return hashes.hset(TenantKeys.state(tenantId), fields).replaceWithVoid();
    }

    /** tenant.updated: the new plan; the status is not the update's business. */
    public Uni<Void> updated(UUID tenantId, String plan, PlanLimits limits) {
        return hashes.hset(TenantKeys.state(tenantId), planFields(plan, limits)).replaceWithVoid();
    }

    public Uni<Void> status(UUID tenantId, TenantStatus status) {
        return hashes.hset(TenantKeys.state(tenantId), "status", status.stored()).replaceWithVoid();
    }

    public Uni<TenantStatus> status(UUID tenantId) {
        return hashes.hget(TenantKeys.state(tenantId), "status").map(TenantStatus::fromStored);
    }

    private static Map<String, String> planFields(String plan, PlanLimits limits) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("plan", plan == null ? "" : plan);
        fields.put("rpm", limits == null ? "0" : String.valueOf(limits.maxRequestsPerMinute()));
        return fields;
    }
}
