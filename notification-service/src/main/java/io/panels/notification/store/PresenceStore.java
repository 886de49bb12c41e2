package io.panels.notification.store;

import io.panels.notification.domain.StreamMessages.PresenceEntry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who is viewing a panel, shared by every replica: one sorted set per panel in Redis, a member per
 * connection ({@code user id, name, connection id}) scored by when it expires. Replicas refresh
 * their connections' entries; a replica that dies leaves entries that expire by themselves.
 */
@ApplicationScoped
public class PresenceStore {

    private static final String SEPARATOR = "\t";

    private final ReactiveRedisDataSource redis;

    public PresenceStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    public Uni<Void> here(UUID panelId, String userId, String name, String connectionId, Duration ttl) {
        String key = key(panelId);
        long expires = System.currentTimeMillis() + ttl.toMillis();
        return redis.execute("ZADD", key, Long.toString(expires), member(userId, name, connectionId))
                .chain(() -> redis.execute("PEXPIRE", key, Long.toString(ttl.toMillis())))
                .replaceWithVoid();
    }

    public Uni<Void> gone(UUID panelId, String userId, String name, String connectionId) {
        return redis.execute("ZREM", key(panelId), member(userId, name, connectionId)).replaceWithVoid();
    }

    /** The people viewing the panel now, each once (a person may have several connections). */
    public Uni<List<PresenceEntry>> viewers(UUID panelId) {
        String key = key(panelId);
        return redis.execute("ZREMRANGEBYSCORE", key, "-inf", Long.toString(System.currentTimeMillis()))
                .chain(() -> redis.execute("ZRANGE", key, "0", "-1"))
                .map(PresenceStore::entries);
    }

    private static List<PresenceEntry> entries(Response response) {
        Map<String, PresenceEntry> people = new LinkedHashMap<>();
        if (response != null) {
            for (Response item : response) {
                String[] parts = item.toString().split(SEPARATOR, 3);
                if (parts.length == 3) {
                    people.putIfAbsent(parts[0], new PresenceEntry(parts[0], parts[1]));
                }
            }
        }
        return new ArrayList<>(people.values());
    }

    private static String key(UUID panelId) {
        return "panels:notification:presence:" + panelId;
    }

    private static String member(String userId, String name, String connectionId) {
        return userId + SEPARATOR + (name == null ? "" : name.replace(SEPARATOR, " ")) + SEPARATOR + connectionId;
    }
}
