package io.panels.panel.store;

import io.panels.common.redis.LuaScript;
import io.panels.panel.config.PanelSettings;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Pages of each tenant's panel list, as the JSON they were answered with, in Redis (ADR 0058). A
 * tenant has a generation that every write to its panels or columns increments after it commits
 * (and again when its event arrives); pages are stored under the generation their reader saw
 * before it read PostgreSQL, so a page read before a commit can never be served after it. The
 * pages of a tenant live in one hash that expires a TTL after its first page. Redis failing makes
 * readers go to PostgreSQL, never fail.
 */
@ApplicationScoped
public class PanelListCache {

    private static final Logger LOG = Logger.getLogger(PanelListCache.class);

    /** A lookup's outcome: the page when cached, and the generation to store a page read now under. */
    public record Lookup(String generation, String page) {

        static final Lookup UNAVAILABLE = new Lookup(null, null);
    }

    private final ReactiveRedisDataSource redis;
    private final PanelSettings settings;
    private final LuaScript read = LuaScript.fromClassPath("/redis/panel-list-read.lua");
    private final LuaScript write = LuaScript.fromClassPath("/redis/panel-list-write.lua");

    public PanelListCache(ReactiveRedisDataSource redis, PanelSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    static String generationKey(UUID tenantId) {
        return "panel-service:list:v1:{" + tenantId + "}:generation";
    }

    static String pagesKey(UUID tenantId) {
        return "panel-service:list:v1:{" + tenantId + "}:pages";
    }

    public Uni<Lookup> get(UUID tenantId, String query) {
        return read.run(redis::execute, "2", generationKey(tenantId), pagesKey(tenantId), query)
                .map(reply -> new Lookup(reply.get(0).toString(), reply.get(1) == null ? null : reply.get(1).toString()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("panel list cache read failed: %s", failure.getMessage());
                    return Lookup.UNAVAILABLE;
                });
    }

    /** Stores {@code page} under the generation of {@code lookup}; nothing when Redis did not answer it. */
    public Uni<Void> put(UUID tenantId, Lookup lookup, String query, String page) {
        if (lookup.generation() == null) {
            return Uni.createFrom().voidItem();
        }
        return write.run(redis::execute, "1", pagesKey(tenantId), lookup.generation() + "|" + query, page,
                        String.valueOf(settings.listCacheTtl().toSeconds())).replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("panel list cache write failed: %s", failure.getMessage());
                    return null;
                });
    }

    /** Makes every cached page of the tenant's list unreadable (the next generation starts empty). */
    public Uni<Void> evict(UUID tenantId) {
        return redis.execute("INCR", generationKey(tenantId)).replaceWithVoid()
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("panel list cache eviction failed: %s", failure.getMessage());
                    return null;
                });
    }
}
