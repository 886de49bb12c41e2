package io.panels.gateway.store;

import io.panels.common.redis.LuaScript;
import io.panels.gateway.domain.Admission;
import io.panels.gateway.domain.RateLimitRules;
import io.panels.gateway.domain.TenantStatus;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the admission script (redis/admission.lua): one round trip reads the tenant's state and
 * draws from its token buckets, one token or a lease of several (ADR 0057, {@link AdmissionLeases}).
 * The script is sent once per Redis (EVALSHA, EVAL on NOSCRIPT).
 */
@ApplicationScoped
public class AdmissionStore {

    private final ReactiveRedisDataSource redis;
    private final LuaScript script = LuaScript.fromClassPath("/redis/admission.lua");

    public AdmissionStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** What the script answered: the admission of this request and the tokens drawn for it (0 when refused). */
    public record Grant(Admission admission, int tokens) {
    }

    /**
     * Draws up to {@code wanted} tokens from every bucket of {@code plan}, never more than
     * {@code leaseBudget} of the smallest bucket's rate, and at least one when the request is allowed.
     */
    public Uni<Grant> admit(RateLimitRules.Plan plan, int wanted, Duration leaseBudget, Duration timeout) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(plan.buckets().size() + 1));
        args.add(plan.stateKey());
        plan.buckets().forEach(bucket -> args.add(bucket.key()));
        for (RateLimitRules.Bucket bucket : plan.buckets()) {
            args.add(String.valueOf(bucket.requestsPerMinute()));
            args.add(switch (bucket.planRule()) {
                case REPLACED_BY_PLAN -> "plan";
                case CAPPED_BY_PLAN -> "cap";
                case FIXED -> "fixed";
            });
        }
        args.add(String.valueOf(wanted));
        args.add(String.valueOf(leaseBudget.toMillis()));
        return script.run(redis::execute, args.toArray(String[]::new))
                .ifNoItem().after(timeout).fail()
                .map(AdmissionStore::grant);
    }

    private static Grant grant(Response reply) {
        return new Grant(new Admission(TenantStatus.fromStored(reply.get(0).toString()), reply.get(1).toInteger() == 1,
                reply.get(2).toInteger(), reply.get(3).toInteger(), reply.get(4).toLong(), reply.get(5).toLong()),
                reply.get(6).toInteger());
    }
}
