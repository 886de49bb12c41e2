package io.panels.gateway.store;

import io.panels.gateway.domain.Admission;
import io.panels.gateway.domain.RateLimitRules;
import io.panels.gateway.domain.TenantStatus;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Runs the admission script (redis/admission.lua): one round trip reads the tenant's state and
 * draws from its token buckets, one token or a lease of several (ADR 0057, {@link AdmissionLeases}).
 * The script is sent once per Redis (EVALSHA, EVAL on NOSCRIPT).
 */
@ApplicationScoped
public class AdmissionStore {

    private final ReactiveRedisDataSource redis;
    private final String script;
    private final String sha;

    public AdmissionStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.script = resource("/redis/admission.lua");
        this.sha = sha1(script);
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
        return run("EVALSHA", sha, args)
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> run("EVAL", script, args))
                .ifNoItem().after(timeout).fail()
                .map(AdmissionStore::grant);
    }

    private Uni<Response> run(String command, String first, List<String> rest) {
        String[] arguments = new String[rest.size() + 1];
        arguments[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            arguments[i + 1] = rest.get(i);
        }
        return redis.execute(command, arguments);
    }

    private static Grant grant(Response reply) {
        return new Grant(new Admission(TenantStatus.fromStored(reply.get(0).toString()), reply.get(1).toInteger() == 1,
                reply.get(2).toInteger(), reply.get(3).toInteger(), reply.get(4).toLong(), reply.get(5).toLong()),
                reply.get(6).toInteger());
    }

    private static String resource(String name) {
        try (InputStream in = AdmissionStore.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
