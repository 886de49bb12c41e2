package io.panels.gateway.store;

import io.panels.gateway.config.GatewaySettings;
import io.panels.gateway.domain.Admission;
import io.panels.gateway.domain.RateLimitRules;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission through per-replica leases of tokens (ADR 0057). A caller whose requests come faster
 * than its leases last draws several tokens in one Redis round trip and spends them here; a caller
 * that uses what it is given asks for twice as many next time, one that lets a lease expire asks for
 * what it used. A lease is never more than {@code lease-budget} of the smallest bucket's rate (so
 * a caller at the default limits gets one token per request, as before), lives at most
 * {@code lease-lifetime} (a suspension or a lower plan reaches a leasing caller within that), and
 * tokens it still holds then are not given back: a lease can only make a limit stricter.
 */
@ApplicationScoped
public class AdmissionLeases {

    /** Past this many callers, expired leases are swept on the next miss. */
    private static final int SWEEP_ABOVE = 10_000;

    private final AdmissionStore store;
    private final Duration leaseBudget;
    private final long lifetimeNanos;
    private final ConcurrentHashMap<RateLimitRules.Plan, Lease> leases = new ConcurrentHashMap<>();

    public AdmissionLeases(AdmissionStore store, GatewaySettings settings) {
        this.store = store;
        this.leaseBudget = settings.rateLimit().leaseBudget();
        this.lifetimeNanos = settings.rateLimit().leaseLifetime().toNanos();
    }

    public Uni<Admission> admit(RateLimitRules.Plan plan, Duration timeout) {
        long now = System.nanoTime();
        Lease lease = leases.get(plan);
        if (lease != null) {
            Admission spent = lease.spend(now);
            if (spent != null) {
                return Uni.createFrom().item(spent);
            }
        }
        int wanted = lease == null ? 1 : lease.nextSize(now);
        return store.admit(plan, wanted, leaseBudget, timeout).map(grant -> {
            if (grant.admission().allowed()) {
                if (leases.size() > SWEEP_ABOVE) {
                    leases.values().removeIf(held -> held.expired(now));
                }
                leases.put(plan, new Lease(grant.admission(), grant.tokens(), now + lifetimeNanos));
            } else {
                leases.remove(plan);
            }
            return grant.admission();
        });
    }

    /** Tokens drawn for one caller: the first went to the request that drew them. */
    private static final class Lease {

        private final Admission granted;
        private final int size;
        private final long expiresAt;
        private final AtomicInteger left;

        Lease(Admission granted, int size, long expiresAt) {
            this.granted = granted;
            this.size = size;
            this.expiresAt = expiresAt;
            this.left = new AtomicInteger(size - 1);
        }

        /** The admission of one more request from this lease, or null when it is used up or expired. */
        Admission spend(long now) {
            if (expired(now)) {
                return null;
            }
            int after = left.decrementAndGet();
            if (after < 0) {
                return null;
            }
            // What the caller may still send: the bucket's remainder plus what it holds here.
            return new Admission(granted.status(), true, granted.limit(), granted.remaining() + after,
                    granted.resetSeconds(), 0);
        }

        boolean expired(long now) {
            return now - expiresAt >= 0;
        }

        /** Twice this lease when it was used up before it expired, else what was used of it. */
        int nextSize(long now) {
            int unused = Math.max(0, left.get());
            if (unused == 0 && !expired(now)) {
                return size >= 1 << 20 ? size : size * 2;
            }
            return Math.max(1, size - unused);
        }
    }
}
