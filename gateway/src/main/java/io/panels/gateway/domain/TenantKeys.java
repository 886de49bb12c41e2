package io.panels.gateway.domain;

import java.util.UUID;

/**
 * Redis keys of one tenant. The braces are a Redis Cluster hash tag: a tenant's state and buckets
 * live in one slot, so the admission script may touch them all atomically.
 */
public final class TenantKeys {

    private TenantKeys() {
    }

    public static String scope(UUID tenantId) {
        return "gw:{t:" + tenantId + "}";
    }

    /** Hash with {@code status} (active, suspended, deleted), {@code plan}, {@code rpm}. */
    public static String state(UUID tenantId) {
        return scope(tenantId) + ":state";
    }
}
