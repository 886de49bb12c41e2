package io.panels.panel.store;

import io.panels.panel.config.PanelSettings;
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
import java.util.HexFormat;
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
    private final Script read = new Script("/redis/panel-list-read.lua");
    private final Script write = new Script("/redis/panel-list-write.lua");

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
        return read.run(redis, new String[] {"2", generationKey(tenantId), pagesKey(tenantId), query})
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
        String[] arguments = {"1", pagesKey(tenantId), lookup.generation() + "|" + query, page,
                String.valueOf(settings.listCacheTtl().toSeconds())};
        return write.run(redis, arguments).replaceWithVoid()
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

    /** A Lua script sent by its SHA-1, and in full once per Redis that does not know it yet. */
    private static final class Script {

        private final String source;
        private final String sha;

        Script(String resource) {
            try (InputStream in = PanelListCache.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing from the class path");
                }
                source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        Uni<Response> run(ReactiveRedisDataSource redis, String[] keysAndArguments) {
            return redis.execute("EVALSHA", prepend(sha, keysAndArguments))
                    .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("NOSCRIPT"))
                    .recoverWithUni(() -> redis.execute("EVAL", prepend(source, keysAndArguments)));
        }

        private static String[] prepend(String first, String[] rest) {
            String[] all = new String[rest.length + 1];
            all[0] = first;
            System.arraycopy(rest, 0, all, 1, rest.length);
            return all;
        }
    }
}
